import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { RerunSet } from './rerun-set.entity';
import { Submission } from './submission.entity';

export type RerunItemStatus = 'queued' | 'running' | 'graded' | 'failed';

/** One submission of a rerun set: its grade when the set was made and the newly computed one. */
@Entity('rerun_items')
@Index(['setId', 'submissionId'], { unique: true })
export class RerunItem {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'set_id' })
  setId!: string;

  @ManyToOne(() => RerunSet, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'set_id' })
  set?: RerunSet;

  @Column({ type: 'uuid', name: 'submission_id' })
  submissionId!: string;

  @ManyToOne(() => Submission, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission?: Submission;

  /** The assignment version (row id) this item is graded against. */
  @Column({ type: 'uuid', name: 'assignment_id' })
  assignmentId!: string;

  @Column({ type: 'text', default: 'queued' })
  status!: RerunItemStatus;

  /** The submission's grade (0 to 100) when the set was created; null: it had none. */
  @Column({ type: 'double precision', name: 'previous_score', nullable: true })
  previousScore!: number | null;

  /** The rerun's grading run, whose check results become the grade's when the set is applied. */
  @Column({ type: 'uuid', name: 'run_id', nullable: true })
  runId!: string | null;

  @Column({ type: 'double precision', name: 'raw_score', nullable: true })
  rawScore!: number | null;

  @Column({ type: 'double precision', name: 'penalty_percent', nullable: true })
  penaltyPercent!: number | null;

  /** New score 0 to 100 after the penalty. */
  @Column({ type: 'double precision', nullable: true })
  score!: number | null;

  @Column({ type: 'timestamptz', name: 'extension_deadline', nullable: true })
  extensionDeadline!: Date | null;

  @Column({ type: 'int', name: 'policy_version', nullable: true })
  policyVersion!: number | null;

  @Column({ type: 'text', name: 'failure_reason', nullable: true })
  failureReason!: string | null;

  @Column({ type: 'timestamptz', name: 'graded_at', nullable: true })
  gradedAt!: Date | null;
}
