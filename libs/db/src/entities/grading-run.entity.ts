import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Submission } from './submission.entity';

/**
 * How a run ended. `completed`: the harness finished (the student's code may still have failed
 * checks). `student-error`: the student's code could not be run at all. `limit-exceeded`: time,
 * memory or another sandbox limit. `infrastructure-error`: a fault of the grader, retried.
 */
export type GradingRunOutcome =
  | 'running'
  | 'completed'
  | 'student-error'
  | 'limit-exceeded'
  | 'infrastructure-error'
  | 'cancelled';

/** One attempt to run a submission (or a reference solution) in the sandbox. */
@Entity('grading_runs')
@Index(['submissionId'])
export class GradingRun {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Null for reference runs, which grade the instructor's solution rather than a submission. */
  @Column({ type: 'uuid', name: 'submission_id', nullable: true })
  submissionId!: string | null;

  @ManyToOne(() => Submission, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission?: Submission;

  @Column({ type: 'uuid', name: 'assignment_id' })
  assignmentId!: string;

  /**
   * `rerun`: a run of a rerun set, whose results reach the grade only when the set is applied.
   * `calibration`: a reference run with another seed than the canonical one, for seed bands.
   */
  @Column({ type: 'text', default: 'submission' })
  purpose!: 'submission' | 'reference' | 'rerun' | 'calibration';

  @Column({ type: 'int', default: 1 })
  attempt!: number;

  @Column({ type: 'text', name: 'worker_name' })
  workerName!: string;

  @Column({ type: 'text', name: 'image_tag' })
  imageTag!: string;

  @Column({ type: 'text', name: 'image_digest', nullable: true })
  imageDigest!: string | null;

  /** The sandbox limits the run had, as given in the assignment manifest. */
  @Column({ type: 'jsonb' })
  limits!: Record<string, number>;

  @Column({ type: 'timestamptz', name: 'started_at' })
  startedAt!: Date;

  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  /**
   * When the worker of this submission run last stamped it as still in progress (every
   * RUN_HEARTBEAT_INTERVAL_MS). Null for other runs and for runs of workers that predate
   * heartbeats, which the stuck-run sweeper judges by the wall-clock limit instead.
   */
  @Column({ type: 'timestamptz', name: 'heartbeat_at', nullable: true })
  heartbeatAt!: Date | null;

  @Column({ type: 'int', name: 'exit_code', nullable: true })
  exitCode!: number | null;

  @Column({ type: 'text', default: 'running' })
  outcome!: GradingRunOutcome;

  /** Sandbox termination: `exited`, `timeout` or `oom-killed`. */
  @Column({ type: 'text', nullable: true })
  termination!: string | null;

  @Column({ type: 'text', name: 'error_message', nullable: true })
  errorMessage!: string | null;

  /** Head and tail of the container's stdout and stderr, capped by the manifest's `log_kb`. */
  @Column({ type: 'text', name: 'log_tail', default: '' })
  logTail!: string;

  /** Milliseconds per phase: prepare, run, collect, cleanup, score. */
  @Column({ type: 'jsonb', default: {} })
  timings!: Record<string, number>;

  /**
   * Where the run executed: runner (docker, slurm, pbs), GPU model, driver and device, cluster
   * job and node, cluster environment. Null for runs recorded before this column existed.
   */
  @Column({ type: 'jsonb', nullable: true })
  placement!: Record<string, string | undefined> | null;
}
