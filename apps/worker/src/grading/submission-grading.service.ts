import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import type { Dataset } from '@dmlg/datasets';
import {
  Assignment,
  FINAL_SUBMISSION_STATUSES,
  Grade,
  GradeChange,
  GradingRun,
  retryOnDatabaseOutage,
  Submission,
} from '@dmlg/db';
import {
  computeGrade,
  gradeComputationColumns,
  loadStudentPolicy,
  parseManifest,
  type AssignmentManifest,
  type HarnessRun,
  type ReferenceValues,
  type ScoredRun,
} from '@dmlg/grading';
import { AbandonedRunsService } from '../recovery/abandoned-runs.service';
import { RunHeartbeatService } from '../recovery/run-heartbeat.service';
import { DatasetCacheService } from './dataset-cache.service';
import { ReferenceValuesService } from './reference-values.service';
import {
  finishedRunFields,
  saveCheckResults,
  SubmissionScoringService,
} from './submission-scoring.service';

/** Thrown to make BullMQ retry a job after an infrastructure fault. */
export class RetryableGradingError extends Error {
  override name = 'RetryableGradingError';
}

/** Grades one submission: run in the sandbox, measure, score, record in one transaction. */
@Injectable()
export class SubmissionGradingService {
  private readonly logger = new Logger(SubmissionGradingService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Submission) private readonly submissions: Repository<Submission>,
    @InjectRepository(Assignment) private readonly assignments: Repository<Assignment>,
    @InjectRepository(GradingRun) private readonly runs: Repository<GradingRun>,
    private readonly datasets: DatasetCacheService,
    private readonly references: ReferenceValuesService,
    private readonly scoring: SubmissionScoringService,
    private readonly abandonedRuns: AbandonedRunsService,
    private readonly heartbeats: RunHeartbeatService,
  ) {}

  async grade(submissionId: string): Promise<void> {
    const submission = await this.submissions.findOne({ where: { id: submissionId } });
    if (!submission) {
      this.logger.warn(`submission ${submissionId} not found; job dropped`);
      return;
    }
    if (FINAL_SUBMISSION_STATUSES.includes(submission.status)) {
      // A duplicate delivery: the outcome exists already, and grading twice is never wanted.
      this.logger.log(`submission ${submissionId} is already ${submission.status}; job skipped`);
      return;
    }
    if (submission.cancelRequestedAt) {
      await this.recordCancelled(submission.id);
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
        imageTag: this.scoring.image,
        limits: { ...manifest.limits },
        startedAt: new Date(),
        heartbeatAt: new Date(),
      }),
    );
    this.logger.log(
      `run ${run.id} started for submission ${submission.id} (${manifest.slug} v${manifest.version}, attempt ${run.attempt})`,
    );
    this.heartbeats.track(run.id);
    try {
      await this.finishRun(submission, manifest, run, datasets, reference);
    } finally {
      this.heartbeats.untrack(run.id);
    }
  }

  /** Runs the sandbox, scores the outputs and records the grade, the fault or the cancellation. */
  private async finishRun(
    submission: Submission,
    manifest: AssignmentManifest,
    run: GradingRun,
    datasets: ReadonlyMap<string, Dataset>,
    reference: ReferenceValues,
  ): Promise<void> {
    const outcome = await this.scoring.runAndScore(
      run.id,
      submission,
      manifest,
      datasets,
      reference,
    );
    // A cancellation ends the submission whatever the run came to (the kill may look like a fault).
    if (await this.cancelRequested(submission.id)) {
      await this.recordCancelled(submission.id, run, outcome.harnessRun);
      return;
    }
    if (outcome.kind === 'infrastructure-fault') {
      await this.recordInfrastructureFault(submission, run, outcome.problem, outcome.harnessRun);
      return;
    }
    const { harnessRun, scored, scoreMs } = outcome;
    await this.recordGrade(submission, run, harnessRun, scored, scoreMs);
    this.logger.log(
      `submission ${submission.id} graded ${scored.score} (raw, before any late penalty) in run ${run.id} (sandbox ${harnessRun.sandbox.timings.runMs} ms, scoring ${scoreMs} ms)`,
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
  private async cancelRequested(submissionId: string): Promise<boolean> {
    const row = await this.submissions.findOne({
      where: { id: submissionId },
      select: { id: true, cancelRequestedAt: true },
    });
    return Boolean(row?.cancelRequestedAt);
  }

  /**
   * Ends a cancelled submission: no grade, the run (if one started) closed as `cancelled` with
   * what the sandbox returned, so the log shows how far it got.
   */
  private async recordCancelled(
    submissionId: string,
    run?: GradingRun,
    harnessRun?: HarnessRun,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (run) {
        await manager.update(GradingRun, run.id, {
          finishedAt: new Date(),
          outcome: 'cancelled',
          exitCode: harnessRun?.sandbox.exitCode ?? null,
          termination: harnessRun?.sandbox.termination ?? null,
          imageDigest: harnessRun?.sandbox.imageDigest ?? null,
          placement: harnessRun?.sandbox.placement ?? null,
          logTail: harnessRun?.sandbox.log ?? '',
        });
      }
      await manager.update(Submission, submissionId, { status: 'cancelled' });
    });
    this.logger.warn(
      `submission ${submissionId} cancelled${run ? ` during run ${run.id}` : ' before its run'}; no grade recorded`,
    );
  }

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
      await manager.update(GradingRun, run.id, finishedRunFields(harnessRun, scoreMs));
      await saveCheckResults(manager, run.id, submission.id, scored);
      const assignment = await manager.findOneOrFail(Assignment, {
        where: { id: submission.assignmentId },
      });
      const policy = await loadStudentPolicy(
        manager,
        assignment.courseId,
        assignment.slug,
        submission.userId,
      );
      const computed = computeGrade(
        scored.score,
        policy.rules,
        policy.extensionDeadline,
        submission.createdAt,
      );
      const grade = await manager.save(
        manager.create(Grade, {
          submissionId: submission.id,
          assignmentId: submission.assignmentId,
          userId: submission.userId,
          runId: run.id,
          score: computed.score,
          ...gradeComputationColumns(computed),
        }),
      );
      await manager.insert(GradeChange, {
        gradeId: grade.id,
        previousScore: null,
        newScore: computed.score,
        ...gradeComputationColumns(computed),
        changedBy: null,
        // The web UI's submission page matches this wording to show it translated.
        reason: `graded by worker ${this.config.worker.name} in run ${run.id}`,
      });
      await manager.update(Submission, submission.id, {
        status: 'graded',
        score: computed.score,
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
      placement: harnessRun?.sandbox.placement ?? null,
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
