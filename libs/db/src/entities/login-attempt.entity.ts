import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One password login try; failed tries per e-mail address within a window lock the login. */
@Entity('login_attempts')
@Index(['email', 'createdAt'])
export class LoginAttempt {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Lower-cased address as typed, whether or not an account has it. */
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text', name: 'remote_address' })
  remoteAddress!: string;

  @Column({ type: 'boolean' })
  succeeded!: boolean;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
