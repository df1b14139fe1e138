import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { APP_CONFIG, loadWorkerRunnerConfig, type AppConfig } from '@dmlg/config';
import { gpuQueueName, redisConnectionOptions, type GradeSubmissionJobData } from '@dmlg/grading';
import { GradingProcessor } from './grading.processor';
import { GRADING_WORKER_OPTIONS } from './grading-worker-options';

/**
 * On a GPU worker with DMLG_WORKER_GPU_MODEL set, also consumes `grading-gpu-<model>`, where the
 * API puts jobs of assignments that require that model. The jobs go through the same processor
 * as the main queue; the GPU pool sandbox keeps it to one run per GPU.
 */
@Injectable()
export class GpuQueueConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(GpuQueueConsumer.name);
  private worker?: Worker<GradeSubmissionJobData>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly processor: GradingProcessor,
  ) {}

  onApplicationBootstrap(): void {
    const runner = loadWorkerRunnerConfig();
    if (runner.gpus === 0 || !runner.gpuModel) return;
    const queue = gpuQueueName(runner.gpuModel);
    this.worker = new Worker<GradeSubmissionJobData>(
      queue,
      (job: Job<GradeSubmissionJobData>, token?: string) => this.processor.process(job, token),
      {
        ...GRADING_WORKER_OPTIONS,
        connection: redisConnectionOptions(this.config.redisUrl),
        concurrency: runner.gpus,
        name: this.config.worker.name,
      },
    );
    this.worker.on('failed', (job, error) => void this.processor.onFailed(job, error));
    // The processor's handler logs BullMQ errors once per period, as for the main queue.
    this.worker.on('error', (error) => this.processor.onError(error));
    this.logger.log(
      `worker ${this.config.worker.name} consuming ${queue} with concurrency ${runner.gpus}`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
