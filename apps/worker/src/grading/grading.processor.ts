import { Inject, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, type Job } from 'bullmq';
import { APP_CONFIG, defaultWorkerName, type AppConfig } from '@dmlg/config';
import { isDatabaseUnavailableError } from '@dmlg/db';
import {
  GRADE_SUBMISSION_JOB,
  GRADING_QUEUE,
  RERUN_SUBMISSION_JOB,
  type GradeSubmissionJobData,
  type GradingJobData,
  type RerunSubmissionJobData,
} from '@dmlg/grading';
import { DATABASE_OUTAGE_DELAY_MS, GRADING_WORKER_OPTIONS } from './grading-worker-options';
import { RerunGradingService } from './rerun-grading.service';
import { SubmissionGradingService } from './submission-grading.service';

/** Period in which a repeat of the same BullMQ worker error is counted instead of logged, in ms. */
const WORKER_ERROR_REPEAT_MS = 30_000;

/**
 * Consumes the `grading` queue: `grade-submission` jobs (job id: the submission id) and
 * `rerun-submission` jobs of rerun sets (job id: `rerun-` and the rerun item id). The worker's
 * name goes into its Redis connection name, where the queue page reads it.
 */
@Processor(GRADING_QUEUE, { ...GRADING_WORKER_OPTIONS, name: defaultWorkerName() })
export class GradingProcessor
  extends WorkerHost
  implements OnModuleInit, BeforeApplicationShutdown
{
  private readonly logger = new Logger(GradingProcessor.name);
  /** The worker error logged last, for leaving out repeats of it. */
  private lastWorkerError = { message: '', loggedAt: 0, repeats: 0 };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly grading: SubmissionGradingService,
    private readonly reruns: RerunGradingService,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.worker.concurrency;
    this.logger.log(
      `worker ${this.config.worker.name} consuming ${GRADING_QUEUE} with concurrency ${this.config.worker.concurrency}`,
    );
  }

  /** Logged before Nest closes the BullMQ workers, which let the jobs in progress finish. */
  beforeApplicationShutdown(signal?: string): void {
    this.logger.log(
      `worker ${this.config.worker.name} stopping${signal ? ` on ${signal}` : ''}: takes no new jobs and finishes those in progress`,
    );
  }

  async process(job: Job<GradingJobData>, token?: string): Promise<void> {
    // A job logged as taken but with no "run started" line after it hung before its run.
    this.logger.debug(`job ${job.id} (${job.name}) taken, delivery ${job.attemptsMade + 1}`);
    try {
      if (job.name === GRADE_SUBMISSION_JOB) {
        await this.grading.grade((job.data as GradeSubmissionJobData).submissionId);
        return;
      }
      if (job.name === RERUN_SUBMISSION_JOB) {
        await this.reruns.grade(
          (job.data as RerunSubmissionJobData).rerunItemId,
          job.attemptsMade + 1,
        );
        return;
      }
    } catch (error) {
      if (token === undefined || !isDatabaseUnavailableError(error)) throw error;
      await this.delayForDatabase(job, token, error as Error);
    }
    // Failing loudly beats silently dropping: an unknown job name means a version mismatch.
    throw new Error(
      `unknown job name "${job.name}" on queue ${GRADING_QUEUE}; expected ${GRADE_SUBMISSION_JOB} or ${RERUN_SUBMISSION_JOB}`,
    );
  }

  /**
   * Puts a job that met a Postgres outage back in the queue, delayed, without spending one of its
   * attempts: the outage is nobody's fault and a failed job could not even record why, because
   * the `failed` handler needs the database too. The next attempt closes the run this one left
   * open. Throws BullMQ's DelayedError, which tells the worker the job was moved, not failed.
   */
  private async delayForDatabase(
    job: Job<GradingJobData>,
    token: string,
    error: Error,
  ): Promise<never> {
    this.logger.warn(
      `job ${job.id} delayed ${DATABASE_OUTAGE_DELAY_MS} ms: Postgres unavailable: ${error.message}`,
    );
    await job.moveToDelayed(Date.now() + DATABASE_OUTAGE_DELAY_MS, token);
    throw new DelayedError();
  }

  /**
   * Logs errors of the BullMQ worker itself, which would otherwise go to stderr unformatted. One
   * expected case: `Missing key for job` after Redis lost the data of a job whose grade the worker
   * has just recorded, when BullMQ tries to mark the job finished.
   */
  @OnWorkerEvent('error')
  onError(error: Error): void {
    const now = Date.now();
    const last = this.lastWorkerError;
    // ioredis reports each failed reconnect while Redis is down; one line per message and period.
    if (error.message === last.message && now - last.loggedAt < WORKER_ERROR_REPEAT_MS) {
      last.repeats += 1;
      return;
    }
    const repeats = last.repeats ? ` (the previous error repeated ${last.repeats} times)` : '';
    this.logger.error(`BullMQ worker error on queue ${GRADING_QUEUE}: ${error.message}${repeats}`);
    this.lastWorkerError = { message: error.message, loggedAt: now, repeats: 0 };
  }

  /** Keeps the submission row in step with the job: back to `queued` before a retry, `failed` after the last. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<GradingJobData> | undefined, error: Error): Promise<void> {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    if (job.name === RERUN_SUBMISSION_JOB) {
      const { rerunItemId } = job.data as RerunSubmissionJobData;
      this.logger.error(
        `job ${job.id} (rerun item ${rerunItemId}) failed on attempt ${job.attemptsMade}${final ? ', the last' : ''}: ${error.message}`,
      );
      try {
        await this.reruns.releaseAfterFailure(rerunItemId, final, error.message);
      } catch (releaseError) {
        this.logger.error(
          `could not update rerun item ${rerunItemId} after job failure: ${(releaseError as Error).message}`,
        );
      }
      return;
    }
    const { submissionId } = job.data as GradeSubmissionJobData;
    this.logger.error(
      `job ${job.id} (submission ${submissionId}) failed on attempt ${job.attemptsMade}${final ? ', the last' : ''}: ${error.message}`,
    );
    try {
      await this.grading.releaseAfterFailure(submissionId, final, error.message);
    } catch (releaseError) {
      this.logger.error(
        `could not update submission ${submissionId} after job failure: ${(releaseError as Error).message}`,
      );
    }
  }
}
