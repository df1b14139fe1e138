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
import { User } from './user.entity';

/** Role of a user within one course; `admin` is a global role on `users.role` instead. */
export type CourseRole = 'student' | 'ta' | 'instructor';

/** Membership of a user in a course, with the role that decides what they may read and change. */
@Entity('enrolments')
@Index(['courseId', 'userId'], { unique: true })
@Index(['userId'])
export class Enrolment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'course_id' })
  courseId!: string;

  @ManyToOne(() => Course, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id' })
  course?: Course;

  @Column({ type: 'uuid', name: 'user_id' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'text' })
  role!: CourseRole;

  /** The university's student number from the imported list, when given. */
  @Column({ type: 'text', name: 'student_number', nullable: true })
  studentNumber!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
