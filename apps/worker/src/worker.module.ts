import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { APP_CONFIG, AppConfigModule, type AppConfig } from '@dmlg/config';
import { DatabaseModule } from '@dmlg/db';
import { GRADING_QUEUE, redisConnectionOptions } from '@dmlg/grading';
import { DatasetCacheService } from './grading/dataset-cache.service';
import { GradingProcessor } from './grading/grading.processor';
import { ReferenceValuesService } from './grading/reference-values.service';
import { SubmissionGradingService } from './grading/submission-grading.service';
import { AbandonedRunsService } from './recovery/abandoned-runs.service';
import { QueuedSubmissionRecoveryService } from './recovery/queued-submission-recovery.service';
import { StuckRunSweeperService } from './recovery/stuck-run-sweeper.service';
import { SandboxJanitorService } from './sandbox/sandbox-janitor.service';
import { dockerProvider, sandboxImageProvider, sandboxProvider } from './sandbox/sandbox.provider';

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
    dockerProvider,
    sandboxProvider,
    sandboxImageProvider,
    SandboxJanitorService,
    DatasetCacheService,
    ReferenceValuesService,
    SubmissionGradingService,
    GradingProcessor,
    AbandonedRunsService,
    QueuedSubmissionRecoveryService,
    StuckRunSweeperService,
  ],
})
export class WorkerModule {}
