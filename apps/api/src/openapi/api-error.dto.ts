import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The body of every error response. It is Nest's own shape, which ApiExceptionFilter keeps when
 * it translates a localized message into the requester's language.
 */
export class ApiErrorDto {
  @ApiProperty({ example: 404 }) statusCode!: number;
  @ApiProperty({ example: 'Not Found', description: 'The HTTP reason phrase.' }) error!: string;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'assignment kmeans not found',
    description:
      'What was refused and why, in English or Latvian; a list when several checks failed.',
  })
  message!: string | string[];
  @ApiPropertyOptional({ description: 'Set on 503 while the database is unavailable.' })
  retryAfterSeconds?: number;
}
