import { Inject, Logger, type OnModuleInit } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { APP_CONFIG, defaultWorkerName, type AppConfig } from '@dmlg/config';
import { GRADE_SUBMISSION_JOB, GRADING_QUEUE, type GradeSubmissionJobData } from '@dmlg/grading';
import { SubmissionGradingService } from './submission-grading.service';

/**
 * Consumes the `grading` queue: one job per submission, the job id being the submission id.
 * The worker's name goes into its Redis connection name, where the queue page reads it.
 */
@Processor(GRADING_QUEUE, { name: defaultWorkerName() })
export class GradingProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(GradingProcessor.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly grading: SubmissionGradingService,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.worker.concurrency;
    this.logger.log(
      `worker ${this.config.worker.name} consuming ${GRADING_QUEUE} with concurrency ${this.config.worker.concurrency}`,
    );
  }

  async process(job: Job<GradeSubmissionJobData>): Promise<void> {
    if (job.name !== GRADE_SUBMISSION_JOB) {
      // Failing loudly beats silently dropping: an unknown job name means a version mismatch.
      throw new Error(
        `unknown job name "${job.name}" on queue ${GRADING_QUEUE}; expected ${GRADE_SUBMISSION_JOB}`,
      );
    }
    await this.grading.grade(job.data.submissionId);
  }

  /** Keeps the submission row in step with the job: back to `queued` before a retry, `failed` after the last. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<GradeSubmissionJobData> | undefined, error: Error): Promise<void> {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger.error(
      `job ${job.id} (submission ${job.data.submissionId}) failed on attempt ${job.attemptsMade}${final ? ', the last' : ''}: ${error.message}`,
    );
    try {
      await this.grading.releaseAfterFailure(job.data.submissionId, final, error.message);
    } catch (releaseError) {
      this.logger.error(
        `could not update submission ${job.data.submissionId} after job failure: ${(releaseError as Error).message}`,
      );
    }
  }
}
