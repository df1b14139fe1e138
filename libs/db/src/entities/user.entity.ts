import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Global role. `admin` reads and changes every course; `instructor` may also create courses.
 * What a user may do inside a course comes from their enrolment's role.
 */
export type UserRole = 'admin' | 'instructor' | 'ta' | 'student';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  email!: string;

  @Column({ type: 'text', name: 'display_name' })
  displayName!: string;

  @Column({ type: 'text' })
  role!: UserRole;

  /** Preferred language of messages and pages. */
  @Column({ type: 'text', default: 'en' })
  locale!: 'en' | 'lv';

  /** argon2id hash (PHC string) of the password; null until a password is set. */
  @Column({ type: 'text', name: 'password_hash', nullable: true })
  passwordHash!: string | null;

  /** SHA-256 (hex) of the user's API bearer token; the token itself is never stored. */
  @Column({ type: 'char', length: 64, name: 'api_token_sha256', nullable: true, unique: true })
  apiTokenSha256!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
