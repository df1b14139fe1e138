import { UnknownMetricError, type CheckMetric } from './check-metric';
import { ariMetric, clusterCountMetric, inertiaMetric, nmiMetric } from './clustering-metrics';

const METRICS: ReadonlyMap<string, CheckMetric> = new Map(
  [ariMetric, nmiMetric, inertiaMetric, clusterCountMetric].map((metric) => [metric.name, metric]),
);

/** Looks up a check metric by the name used in `assignment.yaml`. */
export function checkMetric(name: string): CheckMetric {
  const metric = METRICS.get(name);
  if (!metric) {
    throw new UnknownMetricError(
      `unknown check metric "${name}"; known metrics: ${[...METRICS.keys()].join(', ')}`,
    );
  }
  return metric;
}

export function knownCheckMetrics(): string[] {
  return [...METRICS.keys()];
}
