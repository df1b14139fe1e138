import { Module } from '@nestjs/common';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { APP_CONFIG, AppConfigModule, type AppConfig } from '@dmlg/config';
import { DatabaseModule } from '@dmlg/db';
import {
  GRADING_QUEUE,
  GradingQueueRouter,
  createGradingQueueRouter,
  redisConnectionOptions,
} from '@dmlg/grading';
import { DatasetCacheService } from './grading/dataset-cache.service';
import { GradingProcessor } from './grading/grading.processor';
import { ReferenceValuesService } from './grading/reference-values.service';
import { RerunGradingService } from './grading/rerun-grading.service';
import { SubmissionGradingService } from './grading/submission-grading.service';
import { SubmissionScoringService } from './grading/submission-scoring.service';
import { AbandonedRunsService } from './recovery/abandoned-runs.service';
import { QueuedSubmissionRecoveryService } from './recovery/queued-submission-recovery.service';
import { RunHeartbeatService } from './recovery/run-heartbeat.service';
import { StuckRunSweeperService } from './recovery/stuck-run-sweeper.service';
import { SandboxJanitorService } from './sandbox/sandbox-janitor.service';
import { dockerProvider, sandboxImageProvider, sandboxProvider } from './sandbox/sandbox.provider';
import { GpuQueueConsumer } from './grading/gpu-queue.consumer';
import { PracticalQueueConsumer } from './grading/practical-queue.consumer';
import { RunCancellationService } from './grading/run-cancellation.service';

@Module({
  imports: [
    AppConfigModule,
    DatabaseModule,
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ connection: redisConnectionOptions(config.redisUrl) }),
    }),
    BullModule.registerQueue({ name: GRADING_QUEUE }),
  ],
  providers: [
    {
      provide: GradingQueueRouter,
      inject: [getQueueToken(GRADING_QUEUE), APP_CONFIG],
      useFactory: createGradingQueueRouter,
    },
    dockerProvider,
    sandboxProvider,
    sandboxImageProvider,
    SandboxJanitorService,
    DatasetCacheService,
    ReferenceValuesService,
    SubmissionScoringService,
    SubmissionGradingService,
    RerunGradingService,
    GradingProcessor,
    RunCancellationService,
    GpuQueueConsumer,
    AbandonedRunsService,
    PracticalQueueConsumer,
    QueuedSubmissionRecoveryService,
    StuckRunSweeperService,
    RunHeartbeatService,
  ],
})
export class WorkerModule {}
