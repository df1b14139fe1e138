import type { WorkerOptions } from 'bullmq';

/**
 * BullMQ settings of the grading worker that decide how fast a job of a dead worker is handed on.
 *
 * A worker renews its job's lock every `lockDuration / 2`; a worker killed with SIGKILL stops
 * renewing, and the stalled-job check of any live worker, run every `stalledInterval`, moves the
 * job back to `wait` once the lock has expired, within about `lockDuration + 2 * stalledInterval`.
 * The lock stays at BullMQ's 30 s so that a worker busy in a long synchronous metric is not
 * mistaken for a dead one. `maxStalledCount` is the highest DMLG_INFRASTRUCTURE_ATTEMPTS allows,
 * so the submission row's attempt count, not BullMQ, decides when a submission has failed: a job
 * failed by the stall limit raises no `failed` event in the worker and would leave the row stuck.
 */
export const GRADING_WORKER_OPTIONS: Pick<
  WorkerOptions,
  'lockDuration' | 'stalledInterval' | 'maxStalledCount'
> = {
  lockDuration: 30_000,
  stalledInterval: 15_000,
  maxStalledCount: 10,
};

/**
 * Delay before a job that met a Postgres outage runs again, in milliseconds. The job is delayed
 * rather than failed, so an outage spends none of the submission's attempts.
 */
export const DATABASE_OUTAGE_DELAY_MS = 10_000;
