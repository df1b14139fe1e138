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

export class CheckToleranceDto {
  @ApiProperty({
    description:
      'Fraction of the baseline-to-reference gap a value may fall short by and still score 1.',
    example: 0.1,
  })
  value!: number;
  @ApiProperty({
    enum: ['manifest', 'seeds'],
    description:
      "A fixed number from the assignment's manifest, or derived from reference runs over seeds.",
  })
  source!: 'manifest' | 'seeds';
  @ApiPropertyOptional({
    type: Number,
    isArray: true,
    description: 'The seeds of the reference runs, for a seed-derived tolerance.',
  })
  seeds?: number[];
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
  @ApiProperty({ description: 'Hidden checks reach students only after the deadline.' })
  hidden!: boolean;
  @ApiPropertyOptional({
    nullable: true,
    type: CheckToleranceDto,
    description:
      'The tolerance the check was scored with; null for grades from before it was recorded.',
  })
  tolerance!: CheckToleranceDto | null;
}

export class GradeComputationDto {
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description:
      'Score 0-100 before the late penalty; null for grades set before penalties existed.',
  })
  rawScore!: number | null;
  @ApiProperty({ description: 'Percent of the raw score taken off for lateness.' })
  penaltyPercent!: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The extension applied.' })
  extensionDeadline!: string | null;
  @ApiProperty({ description: 'Version of the assignment policy used; 0: none was set.' })
  policyVersion!: number;
}

export class SubmissionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'kmeans' }) assignment!: string;
  @ApiProperty({
    example: 'K-Means, X-Means and G-Means',
    description: "The assignment's title in the requested language.",
  })
  assignmentTitle!: string;
  @ApiProperty({ example: 'dml', description: 'Slug of the course the assignment belongs to.' })
  course!: string;
  @ApiProperty() assignmentVersion!: number;
  @ApiProperty({ enum: ['queued', 'running', 'graded', 'failed', 'cancelled'] }) status!: string;
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
  @ApiPropertyOptional({
    nullable: true,
    type: GradeComputationDto,
    description: 'How the score was computed, once graded.',
  })
  computation!: GradeComputationDto | null;
}

export class SubmissionEventDto {
  @ApiProperty({ enum: ['queued', 'running', 'scoring', 'graded', 'failed', 'cancelled'] })
  phase!: string;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Milliseconds since start.' })
  elapsedMs!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) score!: number | null;
}

export class SubmissionFileDto {
  @ApiProperty() path!: string;
  @ApiProperty() bytes!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty({ description: 'UTF-8 text, cut at 200 kB.' }) content!: string;
}

export class GradingRunDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() attempt!: number;
  @ApiProperty() workerName!: string;
  @ApiProperty() imageTag!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) imageDigest!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    description:
      'Where the run executed: runner (docker, slurm, pbs), gpuModel, gpuDriver, gpuDevice, jobId, node, environment.',
    example: { runner: 'docker', gpuModel: 'a100', gpuDriver: '550.54.15', gpuDevice: '0' },
  })
  placement!: Record<string, string | undefined> | null;
  @ApiProperty() outcome!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) termination!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) exitCode!: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) errorMessage!: string | null;
  @ApiProperty() startedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ description: 'Milliseconds per phase.' }) timings!: Record<string, number>;
  @ApiProperty({ description: 'Sandbox limits of the run.' }) limits!: Record<string, number>;
  @ApiProperty() logTail!: string;
}

export class GradeChangeDto {
  @ApiPropertyOptional({ nullable: true, type: Number }) previousScore!: number | null;
  @ApiProperty() newScore!: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'E-mail; null: the worker.' })
  changedBy!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) rawScore!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) penaltyPercent!: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) extensionDeadline!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) policyVersion!: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  rerunSetId!: string | null;
}

export class SubmissionDetailDto extends SubmissionDto {
  @ApiProperty() student!: string;
  @ApiProperty({ type: SubmissionFileDto, isArray: true }) fileContents!: SubmissionFileDto[];
  @ApiProperty({ type: GradingRunDto, isArray: true }) runs!: GradingRunDto[];
  @ApiProperty({ type: GradeChangeDto, isArray: true }) gradeChanges!: GradeChangeDto[];
}

export class ChangeGradeDto {
  @ApiProperty({ minimum: 0, maximum: 100 }) score!: number;
  @ApiProperty({ example: 'regraded after a fixed data set bug' }) reason!: string;
}

export class CancellationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: ['cancelled', 'cancelling'],
    description:
      '`cancelled`: removed from the queue. `cancelling`: its worker stops the run within seconds; follow the events.',
  })
  status!: 'cancelled' | 'cancelling';
}
