import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CreateRerunDto {
  @ApiProperty({
    enum: ['submission', 'student', 'assignment'],
    description: 'One submission, every submission of one student, or every submission.',
  })
  scope!: 'submission' | 'student' | 'assignment';
  @ApiPropertyOptional({ format: 'uuid', description: 'With scope "submission".' })
  submissionId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'With scope "student".' })
  userId?: string;
  @ApiPropertyOptional({
    description: "Grade against this assignment version; left out: each submission's own version.",
    example: 2,
  })
  assignmentVersion?: number;
  @ApiProperty({ example: 'fixed the blobs data set' }) reason!: string;
}

export class DecideRerunDto {
  @ApiPropertyOptional({ description: 'Why, for the audit rows.' }) reason?: string;
}

export class RerunItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) submissionId!: string;
  @ApiProperty() student!: string;
  @ApiProperty() submittedAt!: string;
  @ApiProperty({ description: 'Assignment version graded against.' }) assignmentVersion!: number;
  @ApiProperty({ enum: ['queued', 'running', 'graded', 'failed'] }) status!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'Grade when the set was made.',
  })
  previousScore!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Grade now.' })
  currentScore!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Rerun score after penalty.' })
  newScore!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) newRawScore!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) newPenaltyPercent!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) policyVersion!: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) extensionDeadline!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) failureReason!: string | null;
}

export class RerunSetDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() assignment!: string;
  @ApiProperty({ enum: ['submission', 'student', 'assignment'] }) scope!: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) targetVersion!: number | null;
  @ApiProperty({ enum: ['grading', 'ready', 'applied', 'discarded'] }) status!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) decidedBy!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) decidedAt!: string | null;
  @ApiProperty({ description: 'Items per status.' }) counts!: Record<string, number>;
  @ApiProperty({ type: RerunItemDto, isArray: true, description: 'Empty in lists.' })
  items!: RerunItemDto[];
}

export class RerunDecisionDto {
  @ApiProperty({ enum: ['applied', 'discarded'] }) status!: string;
  @ApiProperty({ description: 'Grades written.' }) applied!: number;
  @ApiProperty({ description: 'Items skipped because their rerun failed.' }) skipped!: number;
}
