import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { LocalizedText } from '../localized-text';
import { Course } from './course.entity';

/**
 * One version of an assignment. A change to checks, data or the reference makes a new row with a
 * higher version, so grades always point at the manifest they were computed with.
 */
@Entity('assignments')
@Index(['courseId', 'slug', 'version'], { unique: true })
export class Assignment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'course_id' })
  courseId!: string;

  @ManyToOne(() => Course, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'course_id' })
  course?: Course;

  @Column({ type: 'text' })
  slug!: string;

  @Column({ type: 'int' })
  number!: number;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'jsonb' })
  title!: LocalizedText;

  /** The parsed `assignment.yaml`, validated by the grading library's manifest schema. */
  @Column({ type: 'jsonb' })
  manifest!: Record<string, unknown>;

  @Column({ type: 'char', length: 64, name: 'manifest_sha256' })
  manifestSha256!: string;

  /** Submission deadline; hidden checks become visible to students after it. Null: none. */
  @Column({ type: 'timestamptz', nullable: true })
  deadline!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
