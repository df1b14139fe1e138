import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import {
  Assignment,
  GradingRun,
  RerunItem,
  RerunSet,
  retryOnDatabaseOutage,
  Submission,
} from '@dmlg/db';
import {
  computeGrade,
  gradeComputationColumns,
  loadStudentPolicy,
  parseManifest,
  type HarnessRun,
  type ScoredRun,
} from '@dmlg/grading';
import { DatasetCacheService } from './dataset-cache.service';
import { ReferenceValuesService } from './reference-values.service';
import { RetryableGradingError } from './submission-grading.service';
import {
  finishedRunFields,
  saveCheckResults,
  SubmissionScoringService,
} from './submission-scoring.service';

/**
 * Grades one item of a rerun set into the set: its run and check results are stored, and the
 * new score goes on the item. Grades and submissions are never written here; applying the set
 * (in the API) does that.
 *
 * NOTE: unlike submissions, no sweep recovers an item left `running` by a worker that died or a
 * rerun job lost from Redis, so such a set stays `grading`; discard it and create a new one.
 */
@Injectable()
export class RerunGradingService {
  private readonly logger = new Logger(RerunGradingService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly datasets: DatasetCacheService,
    private readonly references: ReferenceValuesService,
    private readonly scoring: SubmissionScoringService,
  ) {}

  async grade(rerunItemId: string, attempt: number): Promise<void> {
    const item = await this.dataSource
      .getRepository(RerunItem)
      .findOne({ where: { id: rerunItemId }, relations: { set: true, submission: true } });
    if (!item?.set || !item.submission) {
      this.logger.warn(`rerun item ${rerunItemId} not found; job dropped`);
      return;
    }
    if (item.set.status !== 'grading' || item.status === 'graded' || item.status === 'failed') {
      this.logger.log(
        `rerun item ${item.id} is ${item.status} in a ${item.set.status} set ${item.set.id}; job skipped`,
      );
      return;
    }
    const submission = item.submission;
    const assignment = await this.dataSource
      .getRepository(Assignment)
      .findOneOrFail({ where: { id: item.assignmentId } });
    const manifest = parseManifest(
      assignment.manifest,
      `assignment ${assignment.slug} v${assignment.version}`,
    );
    await this.dataSource.getRepository(RerunItem).update(item.id, { status: 'running' });

    const datasets = this.datasets.datasetsFor(manifest);
    const reference = await this.references.valuesFor(assignment, manifest, datasets);
    const runs = this.dataSource.getRepository(GradingRun);
    const run = await runs.save(
      runs.create({
        submissionId: submission.id,
        assignmentId: assignment.id,
        purpose: 'rerun',
        attempt,
        workerName: this.config.worker.name,
        imageTag: this.scoring.image,
        limits: { ...manifest.limits },
        startedAt: new Date(),
      }),
    );
    this.logger.log(
      `run ${run.id} started for rerun item ${item.id} of set ${item.setId} (submission ${submission.id}, ${manifest.slug} v${manifest.version})`,
    );

    const outcome = await this.scoring.runAndScore(
      run.id,
      submission,
      manifest,
      datasets,
      reference,
    );
    if (outcome.kind === 'infrastructure-fault') {
      await runs.update(run.id, {
        finishedAt: new Date(),
        outcome: 'infrastructure-error',
        errorMessage: outcome.problem,
        logTail: outcome.harnessRun?.sandbox.log ?? '',
      });
      this.logger.warn(
        `run ${run.id} of rerun item ${item.id} hit an infrastructure fault; retrying: ${outcome.problem}`,
      );
      throw new RetryableGradingError(outcome.problem);
    }
    const { harnessRun, scored, scoreMs } = outcome;
    await retryOnDatabaseOutage(
      () => this.record(item, item.set as RerunSet, submission, run, harnessRun, scored, scoreMs),
      {
        onRetry: (retry, delayMs, error) =>
          this.logger.warn(
            `database unavailable while recording rerun item ${item.id} from run ${run.id} (attempt ${retry}); retrying in ${delayMs} ms: ${(error as Error).message}`,
          ),
      },
    );
    this.logger.log(
      `rerun item ${item.id} of set ${item.setId} graded ${scored.score} (raw) in run ${run.id}`,
    );
  }

  /**
   * Called when a rerun job failed for good (or will be retried): the item is marked failed with
   * the reason on the last attempt, so that the set still becomes ready for review.
   */
  async releaseAfterFailure(rerunItemId: string, final: boolean, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const item = await manager.findOne(RerunItem, {
        where: { id: rerunItemId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!item || item.status === 'graded' || item.status === 'failed') return;
      await manager.update(
        RerunItem,
        item.id,
        final
          ? { status: 'failed', failureReason: `rerun failed: ${reason}` }
          : { status: 'queued' },
      );
      if (final) await this.markReadyWhenDone(manager, item.setId);
    });
  }

  private async record(
    item: RerunItem,
    set: RerunSet,
    submission: Submission,
    run: GradingRun,
    harnessRun: HarnessRun,
    scored: ScoredRun,
    scoreMs: number,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const locked = await manager.findOne(RerunItem, {
        where: { id: item.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!locked || locked.status === 'graded') {
        this.logger.warn(
          `rerun item ${item.id} was graded by another run; run ${run.id} discarded`,
        );
        return;
      }
      await manager.update(GradingRun, run.id, finishedRunFields(harnessRun, scoreMs));
      await saveCheckResults(manager, run.id, submission.id, scored);
      // The penalty comes from the policy as it is now, so a rerun also applies policy changes
      // and extensions granted after the first grading.
      const policy = await loadStudentPolicy(
        manager,
        set.courseId,
        set.assignmentSlug,
        submission.userId,
      );
      const computed = computeGrade(
        scored.score,
        policy.rules,
        policy.extensionDeadline,
        submission.createdAt,
      );
      await manager.update(RerunItem, item.id, {
        status: 'graded',
        runId: run.id,
        score: computed.score,
        ...gradeComputationColumns(computed),
        failureReason: null,
        gradedAt: new Date(),
      });
      await this.markReadyWhenDone(manager, set.id);
    });
  }

  /** Moves a set from `grading` to `ready` once none of its items is queued or running. */
  private async markReadyWhenDone(manager: EntityManager, setId: string): Promise<void> {
    const pending = await manager.count(RerunItem, {
      where: { setId, status: In(['queued', 'running']) },
    });
    if (pending > 0) return;
    const updated = await manager.update(
      RerunSet,
      { id: setId, status: 'grading' },
      { status: 'ready' },
    );
    if (updated.affected) this.logger.log(`rerun set ${setId} is ready for review`);
  }
}
