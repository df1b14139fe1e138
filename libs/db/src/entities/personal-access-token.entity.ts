import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from './user.entity';

/**
 * What a personal access token may do. `read`: GET routes; `submit`: upload submissions (git,
 * CLI); `manage`: every other write a staff member may make. Token and password management
 * always needs a browser session.
 */
export const TOKEN_SCOPES = ['read', 'submit', 'manage'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** A token for git and the CLI. Only its SHA-256 is stored; the token is shown once. */
@Entity('personal_access_tokens')
@Index(['userId'])
export class PersonalAccessToken {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'user_id' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'text' })
  name!: string;

  /** SHA-256 (hex) of the token; tokens are 256-bit random, so a fast hash is enough. */
  @Column({ type: 'char', length: 64, name: 'token_sha256', unique: true })
  tokenSha256!: string;

  /** First characters of the token, so a user can tell their tokens apart. */
  @Column({ type: 'text' })
  prefix!: string;

  @Column({ type: 'text', array: true })
  scopes!: TokenScope[];

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
