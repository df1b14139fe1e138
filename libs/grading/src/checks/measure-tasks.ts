import type { Dataset } from '@dmlg/datasets';
import type { AssignmentManifest } from '../manifest/assignment-manifest.schema';
import { taskNotRun, type RunOutputs, type TaskProblem } from '../outputs/read-run-outputs';
import { checkMetric } from './metric-registry';

/** `values[taskId][metric]`: what each check metric measured on each task's outputs. */
export type TaskMetricValues = Record<string, Record<string, number>>;

export interface Measurements {
  values: TaskMetricValues;
  /** Tasks without a usable output, with the reason. */
  problems: Record<string, TaskProblem>;
}

/** Maps each task to the metrics that the checks request for it. */
function metricsPerTask(manifest: AssignmentManifest): Map<string, Set<string>> {
  const wanted = new Map<string, Set<string>>();
  for (const check of manifest.checks) {
    for (const taskId of check.tasks) {
      const metrics = wanted.get(taskId) ?? new Set<string>();
      metrics.add(check.metric);
      wanted.set(taskId, metrics);
    }
  }
  return wanted;
}

/** Measures the outputs of a run, the same way for a submission and for the reference solution. */
export function measureTasks(
  manifest: AssignmentManifest,
  outputs: RunOutputs,
  datasets: ReadonlyMap<string, Dataset>,
): Measurements {
  const values: TaskMetricValues = {};
  const problems: Record<string, TaskProblem> = {};
  for (const [taskId, metricNames] of metricsPerTask(manifest)) {
    const task = manifest.tasks.find((entry) => entry.id === taskId);
    const outcome = outputs.tasks.get(taskId);
    const dataset = task ? datasets.get(task.dataset) : undefined;
    if (!task || !dataset || !outcome) continue;
    if (!outcome.ok) {
      problems[taskId] = outcome.problem ?? { kind: 'not-run', message: taskNotRun(taskId) };
      continue;
    }
    values[taskId] = {};
    for (const name of metricNames) {
      values[taskId][name] = checkMetric(name).measure({ task, dataset, outputs: outcome.arrays });
    }
  }
  return { values, problems };
}

/** Computes the baseline value of every (task, metric) pair that a check requests. */
export function measureBaselines(
  manifest: AssignmentManifest,
  datasets: ReadonlyMap<string, Dataset>,
): TaskMetricValues {
  const values: TaskMetricValues = {};
  for (const [taskId, metricNames] of metricsPerTask(manifest)) {
    const task = manifest.tasks.find((entry) => entry.id === taskId);
    const dataset = task ? datasets.get(task.dataset) : undefined;
    if (!task || !dataset) continue;
    values[taskId] = {};
    for (const name of metricNames) {
      values[taskId][name] = checkMetric(name).baseline({ task, dataset });
    }
  }
  return values;
}
