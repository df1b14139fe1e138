import { Inject, Logger, type OnModuleInit } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { APP_CONFIG, defaultWorkerName, type AppConfig } from '@dmlg/config';
import {
  GRADE_SUBMISSION_JOB,
  GRADING_QUEUE,
  RERUN_SUBMISSION_JOB,
  type GradeSubmissionJobData,
  type GradingJobData,
  type RerunSubmissionJobData,
} from '@dmlg/grading';
import { RerunGradingService } from './rerun-grading.service';
import { SubmissionGradingService } from './submission-grading.service';

/**
 * Consumes the `grading` queue: `grade-submission` jobs (job id: the submission id) and
 * `rerun-submission` jobs of rerun sets (job id: `rerun-` and the rerun item id). The worker's
 * name goes into its Redis connection name, where the queue page reads it.
 */
@Processor(GRADING_QUEUE, { name: defaultWorkerName() })
export class GradingProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(GradingProcessor.name);

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

  async process(job: Job<GradingJobData>): Promise<void> {
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
    // Failing loudly beats silently dropping: an unknown job name means a version mismatch.
    throw new Error(
      `unknown job name "${job.name}" on queue ${GRADING_QUEUE}; expected ${GRADE_SUBMISSION_JOB} or ${RERUN_SUBMISSION_JOB}`,
    );
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
