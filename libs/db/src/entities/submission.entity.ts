import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Assignment } from './assignment.entity';
import { User } from './user.entity';

/**
 * Lifecycle of a submission: queued, running, then graded, failed (an infrastructure fault after
 * all retries) or cancelled (by its owner or course staff before a grade was recorded).
 */
export type SubmissionStatus = 'queued' | 'running' | 'graded' | 'failed' | 'cancelled';

/** Statuses after which a submission never changes again except by a recorded grade change. */
export const FINAL_SUBMISSION_STATUSES: readonly SubmissionStatus[] = [
  'graded',
  'failed',
  'cancelled',
];

/** A stored file of a submission; the content lives in the file store under its SHA-256. */
export interface SubmittedFile {
  path: string;
  sha256: string;
  bytes: number;
}

@Entity('submissions')
@Index(['assignmentId', 'userId'])
@Index(['status', 'createdAt'])
export class Submission {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'assignment_id' })
  assignmentId!: string;

  @ManyToOne(() => Assignment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignment_id' })
  assignment?: Assignment;

  @Column({ type: 'uuid', name: 'user_id' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'text', default: 'queued' })
  status!: SubmissionStatus;

  @Column({ type: 'jsonb' })
  files!: SubmittedFile[];

  /** Score from 0 to 100 once graded. */
  @Column({ type: 'double precision', nullable: true })
  score!: number | null;

  /** Why grading failed, when `status` is `failed` (an infrastructure fault after all retries). */
  @Column({ type: 'text', name: 'failure_reason', nullable: true })
  failureReason!: string | null;

  /** Runs that ended in an infrastructure fault; bounded by the worker's configuration. */
  @Column({ type: 'int', name: 'infrastructure_attempts', default: 0 })
  infrastructureAttempts!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'graded_at', nullable: true })
  gradedAt!: Date | null;

  /**
   * When someone asked to cancel the submission; the worker checks it before and after the run,
   * so a cancellation that races the start of a run still wins.
   */
  @Column({ type: 'timestamptz', name: 'cancel_requested_at', nullable: true })
  cancelRequestedAt!: Date | null;

  /** User who cancelled the submission. */
  @Column({ type: 'uuid', name: 'cancelled_by', nullable: true })
  cancelledBy!: string | null;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
