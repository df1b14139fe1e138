import { ApiProperty } from '@nestjs/swagger';

/** The response of GET /api/health while Postgres and Redis respond. */
export class HealthDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { waiting: 0, active: 1, delayed: 0, failed: 0 },
    description: 'Jobs of the grading queue by state.',
  })
  queue!: Record<string, number>;
}
