import type {
  AssignmentManifest,
  ManifestCheck,
  ManifestSeedBand,
} from '../manifest/assignment-manifest.schema';
import { checkMetric } from './metric-registry';
import type { TaskMetricValues } from './measure-tasks';
import { deriveSeedTolerance, type DerivedSeedTolerance } from './seed-band-tolerance';

/** The metric values of one reference run with one calibration seed. */
export interface SeedRunValues {
  seed: number;
  /** The grading run that measured them (for the canonical seed, the reference run). */
  runId: string;
  values: TaskMetricValues;
}

/** A seed-banded check's derived tolerance and the manifest bounds it was clamped to. */
export interface CheckSeedBand extends DerivedSeedTolerance {
  min: number;
  max: number;
}

/**
 * Results of the reference's runs over `calibration.seeds`: every seed's values, the baselines
 * they were compared with, and each seed-banded check's tolerance. They are stored with the
 * reference values, so a grade can be explained by the band it was scored with.
 */
export interface SeedCalibration {
  canonicalSeed: number;
  /** One entry per calibration seed, in manifest order, the canonical one included. */
  seeds: SeedRunValues[];
  baselines: TaskMetricValues;
  bands: Record<string, CheckSeedBand>;
}

/** Reference values of an assignment version, with its seed calibration when it has one. */
export interface ReferenceValues {
  values: TaskMetricValues;
  calibration: SeedCalibration | null;
}

/** Tolerance a check was scored with, and its source. */
export type AppliedTolerance =
  | { value: number; source: 'manifest' }
  | {
      value: number;
      source: 'seeds';
      seeds: number[];
      unclamped: number;
      min: number;
      max: number;
    };

function seedBand(check: ManifestCheck): ManifestSeedBand | null {
  return typeof check.tolerance === 'number' ? null : check.tolerance.from_seeds;
}

/** Checks whose tolerance comes from the seed calibration. */
export function seedBandedChecks(manifest: AssignmentManifest): ManifestCheck[] {
  return manifest.checks.filter((check) => seedBand(check) !== null);
}

/**
 * Returns the `driver_params.seed` that submissions and the reference train with on the tasks of
 * seed-banded checks (the manifest schema makes it one value), or null without such checks.
 */
export function canonicalSeed(manifest: AssignmentManifest): number | null {
  const taskId = seedBandedChecks(manifest)[0]?.tasks[0];
  const seed = manifest.tasks.find((task) => task.id === taskId)?.driver_params.seed;
  return typeof seed === 'number' ? seed : null;
}

/** Calibration seeds other than the canonical one: each needs a reference run of its own. */
export function extraCalibrationSeeds(manifest: AssignmentManifest): number[] {
  const canonical = canonicalSeed(manifest);
  if (canonical === null || !manifest.calibration) return [];
  return manifest.calibration.seeds.filter((seed) => seed !== canonical);
}

/**
 * Builds the manifest of a calibration run with `seed`. It keeps only the seed-banded checks and
 * their tasks, because the other tasks do not depend on the seed, and sets each task's
 * `driver_params.seed` to `seed`.
 */
export function manifestForSeed(manifest: AssignmentManifest, seed: number): AssignmentManifest {
  const checks = seedBandedChecks(manifest);
  const taskIds = new Set(checks.flatMap((check) => check.tasks));
  return {
    ...manifest,
    checks,
    tasks: manifest.tasks
      .filter((task) => taskIds.has(task.id))
      .map((task) => ({ ...task, driver_params: { ...task.driver_params, seed } })),
  };
}

function valueOf(values: TaskMetricValues, taskId: string, metric: string, where: string): number {
  const value = values[taskId]?.[metric];
  if (value === undefined) {
    throw new Error(`no value of metric ${metric} on task ${taskId} in ${where}`);
  }
  return value;
}

/**
 * Derives the band of every seed-banded check from the seed runs (canonical one included) and
 * the baselines, with the rule of {@link deriveSeedTolerance}.
 */
export function deriveCalibration(
  manifest: AssignmentManifest,
  seeds: SeedRunValues[],
  baselines: TaskMetricValues,
): SeedCalibration {
  const canonical = canonicalSeed(manifest);
  const canonicalRun = seeds.find((run) => run.seed === canonical);
  if (canonical === null || !canonicalRun) {
    throw new Error(`the seed runs of ${manifest.slug} lack the canonical seed ${canonical}`);
  }
  const bands: Record<string, CheckSeedBand> = {};
  for (const check of seedBandedChecks(manifest)) {
    const bounds = seedBand(check) as ManifestSeedBand;
    const tasks = check.tasks.map((taskId) => ({
      taskId,
      baseline: valueOf(baselines, taskId, check.metric, 'the baselines'),
      canonical: valueOf(canonicalRun.values, taskId, check.metric, `seed ${canonical}`),
      seedValues: seeds.map((run) =>
        valueOf(run.values, taskId, check.metric, `the run with seed ${run.seed}`),
      ),
    }));
    bands[check.id] = { ...deriveSeedTolerance(tasks, bounds), ...bounds };
  }
  return { canonicalSeed: canonical, seeds, baselines, bands };
}

/**
 * The tolerance a check is scored with. A seed-banded check without its derived band throws:
 * grading waits for the calibration runs instead of guessing a band.
 */
export function appliedTolerance(
  check: ManifestCheck,
  calibration: SeedCalibration | null,
): AppliedTolerance {
  if (typeof check.tolerance === 'number') return { value: check.tolerance, source: 'manifest' };
  const band = calibration?.bands[check.id];
  if (!band || !calibration) {
    throw new Error(
      `check ${check.id} has a seed-derived tolerance, but the reference's calibration runs have not derived it yet`,
    );
  }
  return {
    value: band.tolerance,
    source: 'seeds',
    seeds: calibration.seeds.map((run) => run.seed),
    unclamped: band.unclamped,
    min: band.min,
    max: band.max,
  };
}

/** Whether better values of the check's metric are higher (for views of the seed values). */
export function checkHigherIsBetter(check: ManifestCheck): boolean {
  return checkMetric(check.metric).higherIsBetter;
}
