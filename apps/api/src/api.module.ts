import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, AppConfigModule, type AppConfig } from '@dmlg/config';
import { DatabaseModule } from '@dmlg/db';
import {
  GRADING_QUEUE,
  GradingQueueRouter,
  createGradingQueueRouter,
  redisConnectionOptions,
} from '@dmlg/grading';
import { AccountsService } from './accounts/accounts.service';
import { AuthController } from './accounts/auth.controller';
import { MeController } from './accounts/me.controller';
import { AssignmentViewsService } from './assignments/assignment-views.service';
import { AssignmentsController } from './assignments/assignments.controller';
import { AssignmentsService } from './assignments/assignments.service';
import { AuthenticationGuard } from './auth/authentication.guard';
import { CredentialsService } from './auth/credentials.service';
import { LocalStrategy } from './auth/local.strategy';
import { resolveSessionSecret } from './auth/session-secret';
import { AssignmentCatalogService } from './bootstrap/assignment-catalog.service';
import { InstructorAccountService } from './bootstrap/instructor-account.service';
import { CalibrationController } from './calibration/calibration.controller';
import { CalibrationService } from './calibration/calibration.service';
import { CoursesController } from './courses/courses.controller';
import { CoursesService } from './courses/courses.service';
import { ApiExceptionFilter } from './errors/api-exception.filter';
import { GitHookController } from './git/git-hook.controller';
import { GitHttpController } from './git/git-http.controller';
import { GitRepositoriesController } from './git/git-repositories.controller';
import { GitRepositoriesService } from './git/git-repositories.service';
import { HealthController } from './health/health.controller';
import { AssignmentPolicyController } from './policy/assignment-policy.controller';
import { AssignmentPolicyService } from './policy/assignment-policy.service';
import { CountingGradesService } from './policy/counting-grades.service';
import { SubmissionAdmissionService } from './policy/submission-admission.service';
import { SubmissionUsageService } from './policy/submission-usage.service';
import { QueueController } from './queue/queue.controller';
import { SubmissionCancellationService } from './submissions/submission-cancellation.service';
import { SimilarityController } from './similarity/similarity.controller';
import { SimilarityService } from './similarity/similarity.service';
import { RerunsController } from './reruns/reruns.controller';
import { RerunsService } from './reruns/reruns.service';
import { SubmissionReviewService } from './submissions/submission-review.service';
import { SubmissionsController } from './submissions/submissions.controller';
import { SubmissionsService } from './submissions/submissions.service';

@Module({
  imports: [
    AppConfigModule,
    DatabaseModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: resolveSessionSecret(config),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    // Per client IP on the login and invitation routes: 20 requests a minute. The per-address
    // lockout in CredentialsService covers guessing spread over many IPs.
    ThrottlerModule.forRoot([{ name: 'login', ttl: 60_000, limit: 20 }]),
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ connection: redisConnectionOptions(config.redisUrl) }),
    }),
    BullModule.registerQueue({ name: GRADING_QUEUE }),
  ],
  controllers: [
    HealthController,
    AuthController,
    MeController,
    CoursesController,
    AssignmentsController,
    SubmissionsController,
    QueueController,
    GitHttpController,
    GitHookController,
    GitRepositoriesController,
    SimilarityController,
    AssignmentPolicyController,
    RerunsController,
    CalibrationController,
  ],
  providers: [
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
    {
      provide: GradingQueueRouter,
      inject: [getQueueToken(GRADING_QUEUE), APP_CONFIG],
      useFactory: createGradingQueueRouter,
    },
    CredentialsService,
    LocalStrategy,
    AccountsService,
    CoursesService,
    AssignmentsService,
    AssignmentViewsService,
    CalibrationService,
    SubmissionsService,
    SubmissionReviewService,
    SubmissionCancellationService,
    AssignmentCatalogService,
    InstructorAccountService,
    GitRepositoriesService,
    SimilarityService,
    AssignmentPolicyService,
    SubmissionAdmissionService,
    SubmissionUsageService,
    CountingGradesService,
    RerunsService,
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
