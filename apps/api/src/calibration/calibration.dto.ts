import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LocalizedTextDto } from '../assignments/assignment-summary.dto';

export class SeedValueDto {
  @ApiProperty({ example: 1 }) seed!: number;
  @ApiProperty({ example: 0.869 }) value!: number;
}

export class CalibrationTaskDto {
  @ApiProperty({ example: 'train-digits' }) taskId!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description:
      'The reference with the canonical seed: a score of 1. Null before the reference run.',
  })
  reference!: number | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'A score of 0 (e.g. random labels).',
  })
  baseline!: number | null;
  @ApiProperty({
    type: SeedValueDto,
    isArray: true,
    description: 'Empty for checks without a seed band.',
  })
  seeds!: SeedValueDto[];
}

export class CalibrationToleranceDto {
  @ApiProperty({
    enum: ['manifest', 'seeds'],
    description: 'A fixed manifest number or a seed-derived band.',
  })
  source!: 'manifest' | 'seeds';
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description:
      'Fraction of the baseline-to-reference gap a submission may fall short by; null while seeds run.',
  })
  value!: number | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'Seed bands: the value before clamping.',
  })
  unclamped!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) min!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) max!: number | null;
  @ApiPropertyOptional({
    nullable: true,
    type: LocalizedTextDto,
    description: 'Seed bands: how the value was derived.',
  })
  rule!: LocalizedTextDto | null;
}

export class CalibrationCheckDto {
  @ApiProperty({ example: 'recall-at-1' }) checkId!: string;
  @ApiProperty({ type: LocalizedTextDto }) title!: LocalizedTextDto;
  @ApiProperty({ example: 'recall-at-1' }) metric!: string;
  @ApiProperty() higherIsBetter!: boolean;
  @ApiProperty({ type: CalibrationToleranceDto }) tolerance!: CalibrationToleranceDto;
  @ApiProperty({ type: CalibrationTaskDto, isArray: true }) tasks!: CalibrationTaskDto[];
}

export class CalibrationDto {
  @ApiProperty({ example: 'triplet-loss' }) slug!: string;
  @ApiProperty({ example: 3 }) version!: number;
  @ApiProperty({
    enum: ['pending', 'ready'],
    description:
      '`pending` until the reference (and every calibration seed) has run: grading waits too.',
  })
  status!: 'pending' | 'ready';
  @ApiProperty({
    type: [Number],
    example: [0, 1, 2],
    description: 'Calibration seeds; empty without seed bands.',
  })
  seeds!: number[];
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'The seed submissions train with.',
  })
  canonicalSeed!: number | null;
  @ApiProperty({ type: CalibrationCheckDto, isArray: true }) checks!: CalibrationCheckDto[];
}
