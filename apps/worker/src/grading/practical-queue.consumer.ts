import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import {
  PRACTICAL_QUEUE,
  redisConnectionOptions,
  type GradeSubmissionJobData,
} from '@dmlg/grading';
import { GradingProcessor } from './grading.processor';

/**
 * Consumes the `practical` queue (assignments with `lane: practical`) on
 * DMLG_WORKER_PRACTICAL_SLOTS slots of its own, next to the `grading` worker. Homework jobs fill
 * only the grading slots, so an in-lecture check starts as soon as a practical slot is free,
 * however long the homework queue is. The jobs go through the same processor as the main queue.
 */
@Injectable()
export class PracticalQueueConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PracticalQueueConsumer.name);
  private worker?: Worker<GradeSubmissionJobData>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly processor: GradingProcessor,
  ) {}

  onApplicationBootstrap(): void {
    const slots = this.config.worker.practicalSlots;
    if (slots === 0) {
      this.logger.log(`worker ${this.config.worker.name} does not consume ${PRACTICAL_QUEUE}`);
      return;
    }
    this.worker = new Worker<GradeSubmissionJobData>(
      PRACTICAL_QUEUE,
      // The token lets the processor delay a job that met a Postgres outage, as on `grading`.
      (job: Job<GradeSubmissionJobData>, token?: string) => this.processor.process(job, token),
      {
        connection: redisConnectionOptions(this.config.redisUrl),
        concurrency: slots,
        name: this.config.worker.name,
      },
    );
    this.worker.on('failed', (job, error) => void this.processor.onFailed(job, error));
    this.worker.on('error', (error) =>
      this.logger.error(`queue ${PRACTICAL_QUEUE}: ${error.message}`),
    );
    this.logger.log(
      `worker ${this.config.worker.name} consuming ${PRACTICAL_QUEUE} with ${slots} reserved slots`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
