import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import {
  Assignment,
  CheckResult,
  Grade,
  GradeChange,
  GradingRun,
  retryOnDatabaseOutage,
  Submission,
} from '@dmlg/db';
import {
  ContentStore,
  measureBaselines,
  measureTasks,
  parseManifest,
  readHarnessPackage,
  runHarness,
  scoreChecks,
  type HarnessRun,
  type ScoredRun,
} from '@dmlg/grading';
import { SandboxInfrastructureError, type Sandbox } from '@dmlg/sandbox';
import { AbandonedRunsService } from '../recovery/abandoned-runs.service';
import { SANDBOX, SANDBOX_IMAGE } from '../sandbox/sandbox.provider';
import { DatasetCacheService } from './dataset-cache.service';
import { ReferenceValuesService } from './reference-values.service';

/** Thrown to make BullMQ retry a job after an infrastructure fault. */
export class RetryableGradingError extends Error {
  override name = 'RetryableGradingError';
}

/** Grades one submission: run in the sandbox, measure, score, record in one transaction. */
@Injectable()
export class SubmissionGradingService {
  private readonly logger = new Logger(SubmissionGradingService.name);
  private readonly store: ContentStore;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SANDBOX) private readonly sandbox: Sandbox,
    @Inject(SANDBOX_IMAGE) private readonly image: string,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Submission) private readonly submissions: Repository<Submission>,
    @InjectRepository(Assignment) private readonly assignments: Repository<Assignment>,
    @InjectRepository(GradingRun) private readonly runs: Repository<GradingRun>,
    private readonly datasets: DatasetCacheService,
    private readonly references: ReferenceValuesService,
    private readonly abandonedRuns: AbandonedRunsService,
  ) {
    this.store = new ContentStore(join(config.dataDir, 'files'));
  }

  async grade(submissionId: string): Promise<void> {
    const submission = await this.submissions.findOne({ where: { id: submissionId } });
    if (!submission) {
      this.logger.warn(`submission ${submissionId} not found; job dropped`);
      return;
    }
    if (submission.status === 'graded' || submission.status === 'failed') {
      // A duplicate delivery: the grade exists already, and grading twice is never wanted.
      this.logger.log(`submission ${submissionId} is already ${submission.status}; job skipped`);
      return;
    }

    const assignment = await this.assignments.findOneOrFail({
      where: { id: submission.assignmentId },
    });
    const manifest = parseManifest(
      assignment.manifest,
      `assignment ${assignment.slug} v${assignment.version}`,
    );
    if (!(await this.closeAbandonedRuns(submission))) return;
    await this.submissions.update(submission.id, {
      status: 'running',
      startedAt: new Date(),
      infrastructureAttempts: submission.infrastructureAttempts,
    });

    const datasets = this.datasets.datasetsFor(manifest);
    const reference = await this.references.valuesFor(assignment, manifest, datasets);
    const run = await this.runs.save(
      this.runs.create({
        submissionId: submission.id,
        assignmentId: assignment.id,
        purpose: 'submission',
        attempt: submission.infrastructureAttempts + 1,
        workerName: this.config.worker.name,
        imageTag: this.image,
        limits: { ...manifest.limits },
        startedAt: new Date(),
      }),
    );
    this.logger.log(
      `run ${run.id} started for submission ${submission.id} (${manifest.slug} v${manifest.version}, attempt ${run.attempt})`,
    );

    let harnessRun: HarnessRun;
    try {
      const submissionFiles = await Promise.all(
        submission.files.map(async (file) => ({
          path: file.path,
          content: await this.store.get(file.sha256),
        })),
      );
      harnessRun = await runHarness(this.sandbox, {
        runId: run.id,
        image: this.image,
        manifest,
        submissionFiles,
        harnessFiles: readHarnessPackage(this.config.repositoryRoot),
        datasets,
      });
    } catch (error) {
      if (!(error instanceof SandboxInfrastructureError)) throw error;
      await this.recordInfrastructureFault(submission, run, error.message);
      return;
    }
    if (harnessRun.outcome === 'infrastructure-error') {
      await this.recordInfrastructureFault(
        submission,
        run,
        harnessRun.infrastructureProblem ?? 'unknown fault',
        harnessRun,
      );
      return;
    }

    const scoringStarted = Date.now();
    const measured = measureTasks(manifest, harnessRun.outputs, datasets);
    const scored = scoreChecks(
      manifest,
      measured,
      reference,
      measureBaselines(manifest, datasets),
      harnessRun.failure,
    );
    const scoreMs = Date.now() - scoringStarted;
    await this.recordGrade(submission, run, harnessRun, scored, scoreMs);
    this.logger.log(
      `submission ${submission.id} graded ${scored.score} in run ${run.id} (sandbox ${harnessRun.sandbox.timings.runMs} ms, scoring ${scoreMs} ms)`,
    );
  }

  /**
   * Closes the runs an earlier attempt left `running` (the job is here again, so its worker died
   * or lost Postgres) and counts each as an infrastructure attempt on `submission`. Returns false
   * when that exhausts the attempts, after marking the submission `failed`.
   */
  private async closeAbandonedRuns(submission: Submission): Promise<boolean> {
    const closed = await this.abandonedRuns.closeFor(
      submission.id,
      `abandoned: the job was delivered again to worker ${this.config.worker.name}, so the worker of this run stopped before recording a result`,
    );
    if (closed.length === 0) return true;
    submission.infrastructureAttempts += closed.length;
    const attempts = submission.infrastructureAttempts;
    if (attempts < this.config.worker.infrastructureAttempts) return true;
    const reason = `grading failed ${attempts} times because of a grader fault: run ${closed.at(-1)} was abandoned because its worker stopped or lost Postgres`;
    await this.submissions.update(submission.id, {
      status: 'failed',
      infrastructureAttempts: attempts,
      failureReason: reason,
    });
    this.logger.error(`submission ${submission.id} ${reason}`);
    return false;
  }

  /**
   * Called when a job failed with an error other than a recorded infrastructure fault (a bug, a
   * broken reference solution, the database gone). A graded submission is left alone.
   */
  async releaseAfterFailure(submissionId: string, final: boolean, reason: string): Promise<void> {
    await this.submissions
      .createQueryBuilder()
      .update()
      .set(
        final
          ? { status: 'failed', failureReason: `grading failed: ${reason}` }
          : { status: 'queued' },
      )
      .where('id = :id and status in (:...statuses)', {
        id: submissionId,
        statuses: ['queued', 'running'],
      })
      .execute();
  }

  /**
   * Writes the run's record, the check results, the grade and its audit row in one transaction,
   * retried while Postgres is briefly unreachable so that a finished sandbox run is not thrown
   * away. A retry cannot grade twice: the row lock and the unique grades.submission_id make a
   * repeat after a commit whose reply was lost find the submission graded and write nothing.
   */
  private async recordGrade(
    submission: Submission,
    run: GradingRun,
    harnessRun: HarnessRun,
    scored: ScoredRun,
    scoreMs: number,
  ): Promise<void> {
    await retryOnDatabaseOutage(
      () => this.writeGrade(submission, run, harnessRun, scored, scoreMs),
      {
        onRetry: (attempt, delayMs, error) =>
          this.logger.warn(
            `database unavailable while recording the grade of submission ${submission.id} from run ${run.id} (attempt ${attempt}); retrying in ${delayMs} ms: ${(error as Error).message}`,
          ),
      },
    );
  }

  /** One try of `recordGrade`: the transaction itself. */
  private async writeGrade(
    submission: Submission,
    run: GradingRun,
    harnessRun: HarnessRun,
    scored: ScoredRun,
    scoreMs: number,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // The row lock serialises concurrent deliveries of the same submission.
      const locked = await manager.findOne(Submission, {
        where: { id: submission.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!locked || locked.status === 'graded') {
        // Closed so that no run stays `running` and only the grade's run counts.
        await manager.update(GradingRun, run.id, {
          finishedAt: new Date(),
          outcome: 'infrastructure-error',
          errorMessage:
            'duplicate delivery: the submission was graded by another run; results discarded',
        });
        this.logger.warn(
          `submission ${submission.id} was graded by another run; results of run ${run.id} discarded`,
        );
        return;
      }
      await manager.update(GradingRun, run.id, {
        finishedAt: harnessRun.sandbox.finishedAt,
        exitCode: harnessRun.sandbox.exitCode,
        termination: harnessRun.sandbox.termination,
        outcome: harnessRun.outcome,
        imageDigest: harnessRun.sandbox.imageDigest,
        logTail: harnessRun.sandbox.log,
        timings: { ...harnessRun.sandbox.timings, scoreMs },
        errorMessage: harnessRun.failure ? harnessRun.failure.kind : null,
      });
      await manager.save(
        scored.checks.map((check) =>
          manager.create(CheckResult, {
            runId: run.id,
            submissionId: submission.id,
            checkId: check.checkId,
            title: check.title,
            weight: check.weight,
            score: check.score,
            value: check.value,
            target: check.target,
            baseline: check.baseline,
            message: check.message,
            hidden: check.hidden,
            details: check.details as unknown as Record<string, unknown>[],
          }),
        ),
      );
      const grade = await manager.save(
        manager.create(Grade, {
          submissionId: submission.id,
          assignmentId: submission.assignmentId,
          userId: submission.userId,
          runId: run.id,
          score: scored.score,
        }),
      );
      await manager.insert(GradeChange, {
        gradeId: grade.id,
        previousScore: null,
        newScore: scored.score,
        changedBy: null,
        reason: `graded by worker ${this.config.worker.name} in run ${run.id}`,
      });
      await manager.update(Submission, submission.id, {
        status: 'graded',
        score: scored.score,
        gradedAt: new Date(),
        failureReason: null,
      });
    });
  }

  /**
   * Records a fault of the grader. Below the attempt limit the submission goes back to `queued`
   * and the job is retried by BullMQ; at the limit it is marked `failed` with the reason.
   */
  private async recordInfrastructureFault(
    submission: Submission,
    run: GradingRun,
    problem: string,
    harnessRun?: HarnessRun,
  ): Promise<void> {
    const attempts = submission.infrastructureAttempts + 1;
    await this.runs.update(run.id, {
      finishedAt: new Date(),
      outcome: 'infrastructure-error',
      errorMessage: problem,
      exitCode: harnessRun?.sandbox.exitCode ?? null,
      termination: harnessRun?.sandbox.termination ?? null,
      logTail: harnessRun?.sandbox.log ?? '',
      imageDigest: harnessRun?.sandbox.imageDigest ?? null,
    });
    const exhausted = attempts >= this.config.worker.infrastructureAttempts;
    await this.submissions.update(submission.id, {
      infrastructureAttempts: attempts,
      status: exhausted ? 'failed' : 'queued',
      failureReason: exhausted
        ? `grading failed ${attempts} times because of a grader fault: ${problem}`
        : null,
    });
    if (exhausted) {
      this.logger.error(
        `submission ${submission.id} failed after ${attempts} infrastructure faults; last in run ${run.id}: ${problem}`,
      );
      return;
    }
    this.logger.warn(
      `run ${run.id} of submission ${submission.id} hit an infrastructure fault (attempt ${attempts}); retrying: ${problem}`,
    );
    throw new RetryableGradingError(problem);
  }
}
