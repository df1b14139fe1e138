import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const PENALTY_SCHEMA = {
  description:
    'Late penalty: {"kind":"none"}; {"kind":"per-day","percentPerDay":10,"maxPercent":50} (per started 24 h after the deadline); or {"kind":"curve","points":[{"days":0,"percent":0},{"days":3,"percent":30}]} (linear between points, the last holds after).',
  example: { kind: 'per-day', percentPerDay: 10, maxPercent: 50 },
};

/** Request body of `PUT /api/assignments/:slug/policy`; fields left out take their defaults. */
export class SetPolicyDto {
  @ApiPropertyOptional({ nullable: true, type: String, example: '2027-02-15T08:00:00Z' })
  opensAt?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2027-03-01T21:59:00Z' })
  deadline?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: '2027-03-04T21:59:00Z',
    description:
      'Hard cutoff: later submissions are rejected. Null: late submissions are always accepted.',
  })
  cutoffAt?: string | null;
  @ApiPropertyOptional({ type: Object, ...PENALTY_SCHEMA }) latePenalty?: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1, maximum: 10000 })
  maxSubmissions?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1, maximum: 10000 })
  maxSubmissionsPerHour?: number | null;
  @ApiPropertyOptional({ enum: ['best', 'last'], default: 'best' }) counting?: 'best' | 'last';
  @ApiPropertyOptional({ description: 'Why, for the audit row.' }) reason?: string;
}

/** What the principal's own submissions amount to under the policy. */
export class PolicyStandingDto {
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Your extension, if any.' })
  extensionDeadline!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Deadline after your extension.',
  })
  effectiveDeadline!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Cutoff after your extension.',
  })
  effectiveCutoffAt!: string | null;
  @ApiProperty() submissionsUsed!: number;
  @ApiProperty({ description: 'Your submissions in the last 60 minutes.' })
  submissionsLastHour!: number;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'The score that counts (best or last graded), 0-100.',
  })
  countingScore!: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  countingSubmissionId!: string | null;
}

export class PolicyDto {
  @ApiProperty({ example: 'kmeans' }) assignment!: string;
  @ApiProperty({ description: 'Raised by every change; 0: never set.' }) version!: number;
  @ApiPropertyOptional({ nullable: true, type: String }) opensAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) deadline!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) cutoffAt!: string | null;
  @ApiProperty({ type: Object, ...PENALTY_SCHEMA }) latePenalty!: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true, type: Number }) maxSubmissions!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) maxSubmissionsPerHour!: number | null;
  @ApiProperty({ enum: ['best', 'last'] }) counting!: 'best' | 'last';
  @ApiProperty({ type: PolicyStandingDto }) yours!: PolicyStandingDto;
}

export class PolicyChangeDto {
  @ApiProperty() version!: number;
  @ApiProperty({ type: Object }) rules!: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'E-mail.' })
  changedBy!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty() createdAt!: string;
}

export class SetExtensionDto {
  @ApiProperty({ example: '2027-03-03T21:59:00Z' }) deadline!: string;
  @ApiProperty({ example: 'medical certificate' }) reason!: string;
}

export class ExtensionDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() deadline!: string;
  @ApiProperty() reason!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) grantedBy!: string | null;
  @ApiProperty() updatedAt!: string;
}
