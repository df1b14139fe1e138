import { ApiProperty } from '@nestjs/swagger';

export class LocalizedTextDto {
  @ApiProperty() en!: string;
  @ApiProperty() lv!: string;
}

export class CheckSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: LocalizedTextDto }) title!: LocalizedTextDto;
  @ApiProperty({ description: 'Relative weight in the total score.' }) weight!: number;
}

export class AssignmentSummaryDto {
  @ApiProperty({ example: 'kmeans' }) slug!: string;
  @ApiProperty({ example: 2 }) number!: number;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ type: LocalizedTextDto }) title!: LocalizedTextDto;
  @ApiProperty({ example: 'kmeans', description: 'The Python module (file without .py) the submission must contain.' }) module!: string;
  @ApiProperty({ description: 'Sandbox limits; units are in the key names.', example: { wall_seconds: 120, memory_mb: 1024 } })
  limits!: Record<string, number>;
  @ApiProperty({ type: CheckSummaryDto, isArray: true }) checks!: CheckSummaryDto[];
}
