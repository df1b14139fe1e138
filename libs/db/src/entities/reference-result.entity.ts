import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Assignment } from './assignment.entity';

/**
 * Metric values of the reference solution for one assignment version, keyed by task and metric
 * (`values[taskId][metric]`). Checks are calibrated against these; a new assignment version or
 * data set version gets a new row.
 */
@Entity('reference_results')
export class ReferenceResult {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'assignment_id', unique: true })
  assignmentId!: string;

  @ManyToOne(() => Assignment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assignment_id' })
  assignment?: Assignment;

  @Column({ type: 'uuid', name: 'run_id' })
  runId!: string;

  /** Data set id to version (generator version or file checksum) at the time of the run. */
  @Column({ type: 'jsonb', name: 'dataset_versions' })
  datasetVersions!: Record<string, string>;

  @Column({ type: 'jsonb' })
  values!: Record<string, Record<string, number>>;

  /**
   * The reference's runs over the manifest's `calibration.seeds` and the tolerance bands derived
   * from them (`SeedCalibration` of @dmlg/grading); null for an assignment without seed bands.
   */
  @Column({ type: 'jsonb', nullable: true })
  calibration!: object | null;

  /**
   * Baseline value of every (task, metric) pair the checks request, keyed like `values`: the
   * same numbers scoring computes for each submission, kept so staff can read them. Null in rows
   * stored before this column existed until the worker next reads the row.
   */
  @Column({ type: 'jsonb', nullable: true })
  baselines!: Record<string, Record<string, number>> | null;

  @Column({ type: 'text', name: 'image_digest' })
  imageDigest!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
