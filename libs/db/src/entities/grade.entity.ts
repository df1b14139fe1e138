import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  OneToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Submission } from './submission.entity';

/** The grade of one submission. The unique key on `submission_id` makes a second grade impossible. */
@Entity('grades')
@Index(['assignmentId', 'userId'])
export class Grade {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'submission_id', unique: true })
  submissionId!: string;

  @OneToOne(() => Submission, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission?: Submission;

  @Column({ type: 'uuid', name: 'assignment_id' })
  assignmentId!: string;

  @Column({ type: 'uuid', name: 'user_id' })
  userId!: string;

  @Column({ type: 'uuid', name: 'run_id' })
  runId!: string;

  /** Score from 0 to 100: `rawScore` after the late penalty. */
  @Column({ type: 'double precision' })
  score!: number;

  /** The checks' score 0 to 100 before the late penalty; null for grades older than the policy. */
  @Column({ type: 'double precision', name: 'raw_score', nullable: true })
  rawScore!: number | null;

  /** Percent of `rawScore` taken off for lateness, 0 to 100. */
  @Column({ type: 'double precision', name: 'penalty_percent', default: 0 })
  penaltyPercent!: number;

  /** The student's extension deadline when it decided the lateness; null: none applied. */
  @Column({ type: 'timestamptz', name: 'extension_deadline', nullable: true })
  extensionDeadline!: Date | null;

  /** Version of the assignment's policy the penalty came from; 0: no policy was set. */
  @Column({ type: 'int', name: 'policy_version', default: 0 })
  policyVersion!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
