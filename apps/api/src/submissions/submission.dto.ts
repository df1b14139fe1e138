import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SubmissionReceiptDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['queued'] }) status!: 'queued';
  @ApiProperty({
    example: '/api/submissions/6f1c...',
    description: 'Where to poll for the result.',
  })
  url!: string;
}

export class CheckResultDto {
  @ApiProperty({ example: 'kmeans-ari' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'From 0 to 1.' }) score!: number;
  @ApiProperty() weight!: number;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'Mean measured value over the tasks that produced one.',
  })
  value!: number | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: "Mean of the reference solution's values.",
  })
  target!: number | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'Mean value of random labels (score 0).',
  })
  baseline!: number | null;
  @ApiProperty() message!: string;
}

export class SubmissionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'kmeans' }) assignment!: string;
  @ApiProperty() assignmentVersion!: number;
  @ApiProperty({ enum: ['queued', 'running', 'graded', 'failed'] }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'From 0 to 100, once graded.' })
  score!: number | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Why grading failed (a grader fault), when status is failed.',
  })
  failureReason!: string | null;
  @ApiProperty({ type: [String] }) files!: string[];
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) startedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) gradedAt!: string | null;
  @ApiProperty({ type: CheckResultDto, isArray: true }) checks!: CheckResultDto[];
}
