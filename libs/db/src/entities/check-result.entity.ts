import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { LocalizedText } from '../localized-text';
import { GradingRun } from './grading-run.entity';

/** One check of one run: the measured value, what it was compared with, and the message. */
@Entity('check_results')
@Index(['submissionId'])
@Index(['runId', 'checkId'], { unique: true })
export class CheckResult {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'run_id' })
  runId!: string;

  @ManyToOne(() => GradingRun, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: GradingRun;

  @Column({ type: 'uuid', name: 'submission_id' })
  submissionId!: string;

  @Column({ type: 'text', name: 'check_id' })
  checkId!: string;

  @Column({ type: 'jsonb' })
  title!: LocalizedText;

  @Column({ type: 'double precision' })
  weight!: number;

  /** Score from 0 to 1. */
  @Column({ type: 'double precision' })
  score!: number;

  /** Mean measured value over the check's tasks that produced one. */
  @Column({ type: 'double precision', nullable: true })
  value!: number | null;

  /** Mean of the reference solution's values on the same tasks. */
  @Column({ type: 'double precision', nullable: true })
  target!: number | null;

  /** Mean of the baseline (random labels) values on the same tasks. */
  @Column({ type: 'double precision', nullable: true })
  baseline!: number | null;

  @Column({ type: 'jsonb' })
  message!: LocalizedText;

  /**
   * The tolerance the check was scored with and its source: `{ value, source: 'manifest' }` or a
   * seed-derived band (`AppliedTolerance` of @dmlg/grading). Null on rows from before bands.
   */
  @Column({ type: 'jsonb', nullable: true })
  tolerance!: Record<string, unknown> | null;

  @Column({ type: 'boolean', default: false })
  hidden!: boolean;

  /** Per-task values, scores and errors. */
  @Column({ type: 'jsonb', default: [] })
  details!: Record<string, unknown>[];
}
