import type { Dataset, DecodedNpy } from '@dmlg/datasets';
import type { LocalizedText } from '@dmlg/db';
import type { ManifestTask } from '../manifest/assignment-manifest.schema';

export interface MetricContext {
  task: ManifestTask;
  dataset: Dataset;
  outputs: ReadonlyMap<string, DecodedNpy>;
}

/**
 * A measurement a check is built from. `measure` runs on the validated outputs of one task;
 * `baseline` gives the value of a trivial solution on the same data, the 0 of the score scale.
 */
export interface CheckMetric {
  name: string;
  /** Short name used in messages, e.g. `ARI`. */
  label: LocalizedText;
  higherIsBetter: boolean;
  /** Name of the baseline in messages, e.g. `random labels`: the 0 of the score scale. */
  baselineLabel: LocalizedText;
  /** Output names the metric reads; a task missing one of them scores 0. */
  requires: string[];
  measure(context: MetricContext): number;
  baseline(context: Omit<MetricContext, 'outputs'>): number;
  /** Advice shown when the score is below one half: what to look at first. */
  advice: LocalizedText;
}

export class UnknownMetricError extends Error {
  override name = 'UnknownMetricError';
}
