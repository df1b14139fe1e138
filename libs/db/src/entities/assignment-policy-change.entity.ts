import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { AssignmentPolicy } from './assignment-policy.entity';

/** Audit row of one policy version: the full rules as set, who set them and why. */
@Entity('assignment_policy_changes')
@Index(['policyId', 'version'], { unique: true })
export class AssignmentPolicyChange {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'policy_id' })
  policyId!: string;

  @ManyToOne(() => AssignmentPolicy, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'policy_id' })
  policy?: AssignmentPolicy;

  @Column({ type: 'int' })
  version!: number;

  /** The rules of this version, with dates as ISO 8601 strings. */
  @Column({ type: 'jsonb' })
  rules!: Record<string, unknown>;

  @Column({ type: 'uuid', name: 'changed_by', nullable: true })
  changedBy!: string | null;

  @Column({ type: 'text' })
  reason!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
