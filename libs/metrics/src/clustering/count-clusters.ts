import { checkLabels, type LabelArray } from '../check-input';
import { encodeLabels } from './encode-labels';

/** The label DBSCAN and HDBSCAN give to noise points. */
export const NOISE_LABEL = -1;

export interface CountClustersOptions {
  /** When true, the numeric label -1 is not counted as a cluster. Default false. */
  ignoreNoise?: boolean;
}

/**
 * Counts the distinct labels of a labelling, for example the number of clusters that X-Means
 * or G-Means found. By default -1 counts as a cluster like any other label. With
 * `ignoreNoise`, the numeric label -1 (not the string "-1") is left out. Empty input gives 0.
 *
 * @throws MetricInputError when `labels` is not a labelling.
 */
export function countClusters(labels: LabelArray, options: CountClustersOptions = {}): number {
  const { uniques } = encodeLabels(checkLabels('labels', labels));
  if (options.ignoreNoise === true && uniques.includes(NOISE_LABEL)) {
    return uniques.length - 1;
  }
  return uniques.length;
}
