import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Course } from './course.entity';

/** What a rerun set covers: one submission, every submission of one student, or all of them. */
export type RerunScope = 'submission' | 'student' | 'assignment';

/**
 * `grading`: items are queued or running. `ready`: every item is graded or failed, waiting for
 * a decision. `applied`: the new grades were written. `discarded`: nothing was written.
 */
export type RerunSetStatus = 'grading' | 'ready' | 'applied' | 'discarded';

/**
 * A reviewable regrade of chosen submissions of one assignment. Its items are graded into the
 * set, never into the grades; only applying the set changes grades, with audit rows.
 */
@Entity('rerun_sets')
@Index(['courseId', 'assignmentSlug'])
export class RerunSet {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'course_id' })
  courseId!: string;

  @ManyToOne(() => Course, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id' })
  course?: Course;

  @Column({ type: 'text', name: 'assignment_slug' })
  assignmentSlug!: string;

  @Column({ type: 'text' })
  scope!: RerunScope;

  /** The submission (scope `submission`) or student (scope `student`) chosen; null otherwise. */
  @Column({ type: 'uuid', name: 'scope_id', nullable: true })
  scopeId!: string | null;

  /** Assignment version every item is graded against; null: each submission's own version. */
  @Column({ type: 'int', name: 'target_version', nullable: true })
  targetVersion!: number | null;

  @Column({ type: 'text', default: 'grading' })
  status!: RerunSetStatus;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'uuid', name: 'created_by' })
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'uuid', name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt!: Date | null;
}
