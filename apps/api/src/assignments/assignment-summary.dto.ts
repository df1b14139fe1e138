import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

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

export class UploadLimitsDto {
  @ApiProperty() maxBytes!: number;
  @ApiProperty() maxFiles!: number;
}

export class AssignmentListItemDto extends AssignmentSummaryDto {
  @ApiProperty({ example: 'dml' }) course!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) deadline!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'Your best score 0-100; null before your first grade.',
  })
  bestScore!: number | null;
  @ApiProperty({ description: 'Your submissions to this assignment.' }) submissions!: number;
}

export class AssignmentDetailDto extends AssignmentListItemDto {
  @ApiProperty({ description: 'Task text (Markdown) in the requested language.' })
  readme!: string;
  @ApiProperty({ example: ['.py', '.ipynb', '.zip'], type: [String] }) acceptedFiles!: string[];
  @ApiProperty({ type: UploadLimitsDto, description: 'Upload limits in bytes and files.' })
  uploadLimits!: UploadLimitsDto;
  @ApiProperty({ description: 'Your role in the course.' }) role!: string;
}

export class SubmissionSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['queued', 'running', 'graded', 'failed'] }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) score!: number | null;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) gradedAt!: string | null;
}

export class SetDeadlineDto {
  @ApiPropertyOptional({ nullable: true, type: String, example: '2027-03-01T21:59:00Z' })
  deadline!: string | null;
}

export class HistogramBinDto {
  @ApiProperty({ description: 'Lower edge, score 0-100.' }) from!: number;
  @ApiProperty({ description: 'Upper edge (inclusive for the last bin).' }) to!: number;
  @ApiProperty({ description: 'Students whose counting score (best or last, by policy) falls in the bin.' })
  count!: number;
}

export class CheckPassRateDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: "Share of the students' graded submissions with check score >= 0.5." })
  passRate!: number;
  @ApiProperty({ description: 'Mean check score 0-1.' }) meanScore!: number;
}

export class SubmissionsPerDayDto {
  @ApiProperty({ example: '2027-02-14' }) day!: string;
  @ApiProperty() count!: number;
}

export class StudentProgressDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) studentNumber!: string | null;
  @ApiProperty() submissions!: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) bestScore!: number | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: "The grade that counts under the assignment's policy (best or last graded).",
  })
  countingScore!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) lastScore!: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  lastSubmissionId!: string | null;
  @ApiProperty({ description: 'Whole days the last submission came after the deadline.' })
  lateDays!: number;
}

export class AssignmentDashboardDto {
  @ApiProperty() slug!: string;
  @ApiProperty({ type: HistogramBinDto, isArray: true }) histogram!: HistogramBinDto[];
  @ApiProperty({ type: CheckPassRateDto, isArray: true }) checks!: CheckPassRateDto[];
  @ApiProperty({ type: SubmissionsPerDayDto, isArray: true }) perDay!: SubmissionsPerDayDto[];
  @ApiProperty({ type: StudentProgressDto, isArray: true }) students!: StudentProgressDto[];
}
