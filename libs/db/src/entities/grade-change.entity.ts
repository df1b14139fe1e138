import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Grade } from './grade.entity';

/** Audit row for every write that sets or changes a grade: who, why, from what to what. */
@Entity('grade_changes')
@Index(['gradeId'])
export class GradeChange {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'grade_id' })
  gradeId!: string;

  @ManyToOne(() => Grade, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'grade_id' })
  grade?: Grade;

  @Column({ type: 'double precision', name: 'previous_score', nullable: true })
  previousScore!: number | null;

  @Column({ type: 'double precision', name: 'new_score' })
  newScore!: number;

  /** How `newScore` was computed; null on hand-set grades, which have no raw score. */
  @Column({ type: 'double precision', name: 'raw_score', nullable: true })
  rawScore!: number | null;

  @Column({ type: 'double precision', name: 'penalty_percent', nullable: true })
  penaltyPercent!: number | null;

  @Column({ type: 'timestamptz', name: 'extension_deadline', nullable: true })
  extensionDeadline!: Date | null;

  @Column({ type: 'int', name: 'policy_version', nullable: true })
  policyVersion!: number | null;

  /** The rerun set whose application made this change; null otherwise. */
  @Column({ type: 'uuid', name: 'rerun_set_id', nullable: true })
  rerunSetId!: string | null;

  /** User who made the change; null when the grading worker set the grade. */
  @Column({ type: 'uuid', name: 'changed_by', nullable: true })
  changedBy!: string | null;

  /** Worker name or user-facing reason, e.g. `graded by worker host-123`. */
  @Column({ type: 'text' })
  reason!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
