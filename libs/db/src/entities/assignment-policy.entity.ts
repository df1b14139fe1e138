import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Course } from './course.entity';

/** Late penalty as stored; the grading library's `LatePenaltyRule` describes each kind. */
export type StoredLatePenalty =
  | { kind: 'none' }
  | { kind: 'per-day'; percentPerDay: number; maxPercent: number }
  | { kind: 'curve'; points: { days: number; percent: number }[] };

/**
 * Submission and late rules of one assignment (by slug, every version) in one course. Each
 * change raises `version` and adds an {@link AssignmentPolicyChange} row; grades store the
 * version they were computed with. No row means: always open, never late, no limits, best counts.
 */
@Entity('assignment_policies')
@Index(['courseId', 'assignmentSlug'], { unique: true })
export class AssignmentPolicy {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'course_id' })
  courseId!: string;

  @ManyToOne(() => Course, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id' })
  course?: Course;

  @Column({ type: 'text', name: 'assignment_slug' })
  assignmentSlug!: string;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'timestamptz', name: 'opens_at', nullable: true })
  opensAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deadline!: Date | null;

  /** Hard cutoff; submissions after it (moved by a student's extension) are rejected. */
  @Column({ type: 'timestamptz', name: 'cutoff_at', nullable: true })
  cutoffAt!: Date | null;

  @Column({ type: 'jsonb', name: 'late_penalty' })
  latePenalty!: StoredLatePenalty;

  @Column({ type: 'int', name: 'max_submissions', nullable: true })
  maxSubmissions!: number | null;

  @Column({ type: 'int', name: 'max_submissions_per_hour', nullable: true })
  maxSubmissionsPerHour!: number | null;

  /** Which graded submission gives the student's grade: `best` or `last`. */
  @Column({ type: 'text', default: 'best' })
  counting!: 'best' | 'last';

  @Column({ type: 'uuid', name: 'updated_by', nullable: true })
  updatedBy!: string | null;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
