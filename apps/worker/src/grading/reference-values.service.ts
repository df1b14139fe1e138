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
  canonicalSeed,
  deriveCalibration,
  extraCalibrationSeeds,
  manifestForSeed,
  measureBaselines,
  measureTasks,
  readHarnessPackage,
  readPythonTree,
  runHarness,
  type AssignmentManifest,
  type ReferenceValues,
  type SeedCalibration,
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
 * reference solution through the same sandbox and harness as submissions, then stored. An
 * assignment with seed-banded checks also runs the reference with each other calibration seed
 * and stores the bands derived from those runs beside the values.
 */
@Injectable()
export class ReferenceValuesService {
  private readonly logger = new Logger(ReferenceValuesService.name);
  /** Runs in progress in this process, so concurrent jobs of one assignment share one run. */
  private readonly pending = new Map<string, Promise<ReferenceValues>>();

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
  ): Promise<ReferenceValues> {
    const versions = Object.fromEntries(
      [...datasets].map(([id, dataset]) => [id, dataset.version]),
    );
    const stored = await this.references.findOne({ where: { assignmentId: assignment.id } });
    const current =
      stored && JSON.stringify(stored.datasetVersions) === JSON.stringify(versions) ? stored : null;
    const needsCalibration = canonicalSeed(manifest) !== null;
    if (current && (!needsCalibration || current.calibration)) {
      if (!current.baselines) {
        await this.references.update(current.id, {
          baselines: measureBaselines(manifest, datasets),
        });
      }
      return storedValues(current);
    }
    let running = this.pending.get(assignment.id);
    if (!running) {
      running = this.computeAndStore(
        assignment,
        manifest,
        datasets,
        versions,
        stored ?? null,
        current,
      ).finally(() => this.pending.delete(assignment.id));
      this.pending.set(assignment.id, running);
    }
    return running;
  }

  /**
   * Runs what is missing: the canonical reference (unless `current` holds it) and one run per
   * extra calibration seed, concurrently, then derives the seed bands and stores everything in
   * one row, so no submission is scored with half a calibration.
   */
  private async computeAndStore(
    assignment: Assignment,
    manifest: AssignmentManifest,
    datasets: ReadonlyMap<string, Dataset>,
    versions: Record<string, string>,
    outdated: ReferenceResult | null,
    current: ReferenceResult | null,
  ): Promise<ReferenceValues> {
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
    const extraSeeds = extraCalibrationSeeds(manifest);
    const [canonical, ...seedRuns] = await Promise.all([
      current
        ? Promise.resolve({
            runId: current.runId,
            values: current.values,
            imageDigest: current.imageDigest,
          })
        : this.runReference(assignment, manifest, datasets, folder, null),
      ...extraSeeds.map((seed) => this.runReference(assignment, manifest, datasets, folder, seed)),
    ]);
    const seed = canonicalSeed(manifest);
    const baselines = measureBaselines(manifest, datasets);
    const calibration =
      seed === null
        ? null
        : deriveCalibration(
            manifest,
            (manifest.calibration?.seeds ?? []).map((each) => {
              const run = each === seed ? canonical : seedRuns[extraSeeds.indexOf(each)];
              return { seed: each, runId: run.runId, values: run.values };
            }),
            baselines,
          );
    if (calibration) {
      const bands = Object.entries(calibration.bands)
        .map(([checkId, band]) => `${checkId} ${band.tolerance.toFixed(3)}`)
        .join(', ');
      this.logger.log(
        `seed bands of ${manifest.slug} v${manifest.version} over seeds ${calibration.seeds.map((run) => run.seed).join(', ')}: ${bands}`,
      );
    }

    if (current) {
      await this.references.update(current.id, { calibration, baselines });
      return { values: current.values, calibration };
    }
    if (outdated) await this.references.delete(outdated.id);
    try {
      await this.references.insert({
        assignmentId: assignment.id,
        runId: canonical.runId,
        datasetVersions: versions,
        values: canonical.values,
        calibration,
        baselines,
        imageDigest: canonical.imageDigest,
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
      return storedValues(stored);
    }
    return { values: canonical.values, calibration };
  }

  /**
   * One run of the reference solution: the whole manifest with its own seeds (`seed` null), or
   * the seed-banded tasks with `driver_params.seed` set to `seed` (a calibration run).
   */
  private async runReference(
    assignment: Assignment,
    manifest: AssignmentManifest,
    datasets: ReadonlyMap<string, Dataset>,
    folder: string,
    seed: number | null,
  ): Promise<{ runId: string; values: TaskMetricValues; imageDigest: string }> {
    const runManifest = seed === null ? manifest : manifestForSeed(manifest, seed);
    const runLabel = seed === null ? 'reference run' : `calibration run with seed ${seed}`;
    const run = await this.runs.save(
      this.runs.create({
        submissionId: null,
        assignmentId: assignment.id,
        purpose: seed === null ? 'reference' : 'calibration',
        workerName: this.config.worker.name,
        imageTag: this.image,
        limits: { ...manifest.limits },
        startedAt: new Date(),
      }),
    );
    this.logger.log(`${runLabel} ${run.id} started for ${manifest.slug} v${manifest.version}`);

    const harnessRun = await runHarness(this.sandbox, {
      runId: run.id,
      image: this.image,
      manifest: runManifest,
      submissionFiles: readPythonTree(folder),
      harnessFiles: readHarnessPackage(this.config.repositoryRoot),
      datasets,
    });
    const measured = measureTasks(runManifest, harnessRun.outputs, datasets);
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
        `reference solution of ${manifest.slug} v${manifest.version} failed in ${runLabel} ${run.id}: ${problem}`,
      );
    }
    this.logger.log(
      `${runLabel} ${run.id} of ${manifest.slug} v${manifest.version} finished in ${harnessRun.sandbox.timings.runMs} ms`,
    );
    return { runId: run.id, values: measured.values, imageDigest: harnessRun.sandbox.imageDigest };
  }
}

/** Reads a stored row's values and its calibration from the jsonb column. */
function storedValues(row: ReferenceResult): ReferenceValues {
  return {
    values: row.values,
    calibration: row.calibration as unknown as SeedCalibration | null,
  };
}
