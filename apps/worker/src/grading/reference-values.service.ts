import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import type { Dataset } from '@dmlg/datasets';
import { GradingRun, ReferenceResult, type Assignment } from '@dmlg/db';
import {
  assignmentFolder,
  measureTasks,
  readHarnessPackage,
  readPythonTree,
  runHarness,
  type AssignmentManifest,
  type TaskMetricValues,
} from '@dmlg/grading';
import type { Sandbox } from '@dmlg/sandbox';
import { SANDBOX, SANDBOX_IMAGE } from '../sandbox/sandbox.provider';

/** The reference solution failed on its own assignment: an instructor must fix it. */
export class ReferenceRunError extends Error {
  override name = 'ReferenceRunError';
}

/**
 * Reference values of an assignment version: the metric values of the instructor's solution on
 * the hidden data, which are the 1 of every check's score scale. Computed once by running the
 * reference solution through the same sandbox and harness as submissions, then stored.
 */
@Injectable()
export class ReferenceValuesService {
  private readonly logger = new Logger(ReferenceValuesService.name);
  /** Runs in progress in this process, so concurrent jobs of one assignment share one run. */
  private readonly pending = new Map<string, Promise<TaskMetricValues>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SANDBOX) private readonly sandbox: Sandbox,
    @Inject(SANDBOX_IMAGE) private readonly image: string,
    @InjectRepository(ReferenceResult) private readonly references: Repository<ReferenceResult>,
    @InjectRepository(GradingRun) private readonly runs: Repository<GradingRun>,
  ) {}

  async valuesFor(
    assignment: Assignment,
    manifest: AssignmentManifest,
    datasets: ReadonlyMap<string, Dataset>,
  ): Promise<TaskMetricValues> {
    const versions = Object.fromEntries(
      [...datasets].map(([id, dataset]) => [id, dataset.version]),
    );
    const stored = await this.references.findOne({ where: { assignmentId: assignment.id } });
    if (stored && JSON.stringify(stored.datasetVersions) === JSON.stringify(versions)) {
      return stored.values;
    }
    let running = this.pending.get(assignment.id);
    if (!running) {
      running = this.computeAndStore(
        assignment,
        manifest,
        datasets,
        versions,
        stored ?? null,
      ).finally(() => this.pending.delete(assignment.id));
      this.pending.set(assignment.id, running);
    }
    return running;
  }

  private async computeAndStore(
    assignment: Assignment,
    manifest: AssignmentManifest,
    datasets: ReadonlyMap<string, Dataset>,
    versions: Record<string, string>,
    outdated: ReferenceResult | null,
  ): Promise<TaskMetricValues> {
    const folder = join(
      this.config.repositoryRoot,
      'reference-solutions',
      assignmentFolder(manifest),
    );
    if (!existsSync(folder)) {
      throw new ReferenceRunError(
        `reference solution folder ${folder} is missing for assignment ${manifest.slug}`,
      );
    }
    const run = await this.runs.save(
      this.runs.create({
        submissionId: null,
        assignmentId: assignment.id,
        purpose: 'reference',
        workerName: this.config.worker.name,
        imageTag: this.image,
        limits: { ...manifest.limits },
        startedAt: new Date(),
      }),
    );
    this.logger.log(`reference run ${run.id} started for ${manifest.slug} v${manifest.version}`);

    const harnessRun = await runHarness(this.sandbox, {
      runId: run.id,
      image: this.image,
      manifest,
      submissionFiles: readPythonTree(folder),
      harnessFiles: readHarnessPackage(this.config.repositoryRoot),
      datasets,
    });
    const measured = measureTasks(manifest, harnessRun.outputs, datasets);
    const failedTasks = Object.entries(measured.problems).map(
      ([taskId, problem]) => `${taskId}: ${problem.message.en}`,
    );
    const problem =
      harnessRun.infrastructureProblem ??
      (harnessRun.failure ? harnessRun.failure.kind : undefined) ??
      failedTasks.join('; ');

    await this.runs.update(run.id, {
      finishedAt: harnessRun.sandbox.finishedAt,
      exitCode: harnessRun.sandbox.exitCode,
      termination: harnessRun.sandbox.termination,
      outcome: harnessRun.outcome,
      imageDigest: harnessRun.sandbox.imageDigest,
      placement: harnessRun.sandbox.placement ?? null,
      logTail: harnessRun.sandbox.log,
      timings: harnessRun.sandbox.timings,
      errorMessage: problem || null,
    });
    if (problem) {
      throw new ReferenceRunError(
        `reference solution of ${manifest.slug} v${manifest.version} failed in run ${run.id}: ${problem}`,
      );
    }

    if (outdated) await this.references.delete(outdated.id);
    try {
      await this.references.insert({
        assignmentId: assignment.id,
        runId: run.id,
        datasetVersions: versions,
        values: measured.values,
        imageDigest: harnessRun.sandbox.imageDigest,
      });
    } catch (error) {
      // Another worker stored the same assignment's values first; theirs are equally valid.
      if (!(error instanceof QueryFailedError)) throw error;
      this.logger.warn(
        `reference values of ${manifest.slug} v${manifest.version} were stored by another worker; using those`,
      );
      const stored = await this.references.findOneOrFail({
        where: { assignmentId: assignment.id },
      });
      return stored.values;
    }
    this.logger.log(
      `reference run ${run.id} of ${manifest.slug} v${manifest.version} stored in ${harnessRun.sandbox.timings.runMs} ms`,
    );
    return measured.values;
  }
}
