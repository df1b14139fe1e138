import type { LocalizedText } from '@dmlg/db';
import type { AssignmentManifest, ManifestCheck } from '../manifest/assignment-manifest.schema';
import { calibrateScore } from './calibrate';
import { checkMetric } from './metric-registry';
import type { Measurements, TaskMetricValues } from './measure-tasks';
import { describeCheck, describeRunFailure, type RunFailure } from './check-messages';
import { appliedTolerance, type AppliedTolerance, type ReferenceValues } from './seed-calibration';

export interface TaskScore {
  taskId: string;
  score: number;
  value: number | null;
  target: number | null;
  baseline: number | null;
  /** Why the task has no value, worded for the student. */
  problem?: LocalizedText;
}

export interface CheckOutcome {
  checkId: string;
  title: LocalizedText;
  weight: number;
  /** From 0 to 1. */
  score: number;
  value: number | null;
  target: number | null;
  baseline: number | null;
  message: LocalizedText;
  hidden: boolean;
  /** The tolerance every task of the check was scored with, and its source. */
  tolerance: AppliedTolerance;
  details: TaskScore[];
}

export interface ScoredRun {
  checks: CheckOutcome[];
  /** Weighted mean of check scores, from 0 to 100, rounded to two decimals. */
  score: number;
}

function mean(values: number[]): number | null {
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : null;
}

function scoreCheck(
  check: ManifestCheck,
  measured: Measurements,
  reference: ReferenceValues,
  baselines: TaskMetricValues,
  failure: RunFailure | undefined,
): CheckOutcome {
  const metric = checkMetric(check.metric);
  const tolerance = appliedTolerance(check, reference.calibration);
  const details: TaskScore[] = check.tasks.map((taskId) => {
    const target = reference.values[taskId]?.[check.metric];
    const baseline = baselines[taskId]?.[check.metric];
    const value = measured.values[taskId]?.[check.metric];
    if (target === undefined || baseline === undefined) {
      throw new Error(
        `no reference or baseline value for task ${taskId}, metric ${check.metric}: the reference run is incomplete`,
      );
    }
    if (value === undefined) {
      const problem = measured.problems[taskId]?.message ?? { en: 'no output', lv: 'nav izvades' };
      return { taskId, score: 0, value: null, target, baseline, problem };
    }
    return {
      taskId,
      score: calibrateScore(value, baseline, target, tolerance.value, metric.higherIsBetter),
      value,
      target,
      baseline,
    };
  });

  const score = mean(details.map((detail) => detail.score)) ?? 0;
  const measuredValues = details
    .filter((detail) => detail.value !== null)
    .map((detail) => detail.value as number);
  const outcome: CheckOutcome = {
    checkId: check.id,
    title: check.title,
    weight: check.weight,
    score,
    value: mean(measuredValues),
    target: mean(details.map((detail) => detail.target as number)),
    baseline: mean(details.map((detail) => detail.baseline as number)),
    message: { en: '', lv: '' },
    hidden: check.hidden,
    tolerance,
    details,
  };
  outcome.message =
    failure && measuredValues.length === 0
      ? describeRunFailure(failure)
      : describeCheck(metric, outcome, failure);
  return outcome;
}

/**
 * Scores every check of the manifest. Each task's value is calibrated between the baseline and
 * the reference, with the check's manifest tolerance or its seed-derived band; a check's score
 * is the mean over its tasks, a failed task counting 0.
 */
export function scoreChecks(
  manifest: AssignmentManifest,
  measured: Measurements,
  reference: ReferenceValues,
  baselines: TaskMetricValues,
  failure?: RunFailure,
): ScoredRun {
  const checks = manifest.checks.map((check) =>
    scoreCheck(check, measured, reference, baselines, failure),
  );
  const totalWeight = checks.reduce((sum, check) => sum + check.weight, 0);
  const weighted = checks.reduce((sum, check) => sum + check.weight * check.score, 0);
  return { checks, score: Math.round((10000 * weighted) / totalWeight) / 100 };
}
