import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { LocalizedText } from '../localized-text';

@Entity('courses')
export class Course {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  slug!: string;

  @Column({ type: 'jsonb' })
  title!: LocalizedText;

  /** Code of the course's invitation link; null when no link is shared. */
  @Column({ type: 'text', name: 'invitation_code', nullable: true, unique: true })
  invitationCode!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
