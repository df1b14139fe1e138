import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BullModule } from '@nestjs/bullmq';
import { APP_CONFIG, AppConfigModule, type AppConfig } from '@dmlg/config';
import { DatabaseModule } from '@dmlg/db';
import { GRADING_QUEUE, redisConnectionOptions } from '@dmlg/grading';
import { AssignmentsController } from './assignments/assignments.controller';
import { AssignmentsService } from './assignments/assignments.service';
import { BearerTokenGuard } from './auth/bearer-token.guard';
import { AssignmentCatalogService } from './bootstrap/assignment-catalog.service';
import { InstructorAccountService } from './bootstrap/instructor-account.service';
import { HealthController } from './health/health.controller';
import { SubmissionsController } from './submissions/submissions.controller';
import { SubmissionsService } from './submissions/submissions.service';

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
  controllers: [HealthController, AssignmentsController, SubmissionsController],
  providers: [
    { provide: APP_GUARD, useClass: BearerTokenGuard },
    AssignmentsService,
    SubmissionsService,
    AssignmentCatalogService,
    InstructorAccountService,
  ],
})
export class ApiModule implements OnApplicationBootstrap {
  constructor(
    private readonly catalog: AssignmentCatalogService,
    private readonly instructor: InstructorAccountService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.catalog.syncFromDisk();
    await this.instructor.ensureInstructor();
  }
}
