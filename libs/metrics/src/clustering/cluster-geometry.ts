import { checkDataMatrix, checkLabels } from '../check-input';
import { MetricInputError } from '../errors';
import { encodeLabels } from './encode-labels';

/** Data and labels of a geometric clustering metric, with labels coded 0..k-1. */
export interface CodedClustering {
  X: Float64Array;
  n: number;
  d: number;
  codes: Int32Array;
  k: number;
  sizes: Float64Array;
}

/**
 * Checks X (n×d, row-major) and its labels for silhouette, Davies-Bouldin and
 * Calinski-Harabasz, which need between 2 and n − 1 distinct labels, as scikit-learn's
 * `check_number_of_labels` requires.
 */
export function codeClustering(
  metric: string,
  X: Float64Array,
  n: number,
  d: number,
  labels: ArrayLike<number> | readonly (number | string)[],
): CodedClustering {
  checkDataMatrix(metric, X, n, d);
  const checked = checkLabels('labels', labels);
  if (checked.length !== n) {
    throw new MetricInputError(
      `${metric}: labels must have one label per sample (n = ${n}), got ${checked.length}`,
    );
  }
  const { codes, uniques } = encodeLabels(checked);
  const k = uniques.length;
  if (k < 2 || k > n - 1) {
    throw new MetricInputError(
      `${metric}: number of labels must be in [2, n_samples - 1] = [2, ${n - 1}], got ${k}`,
    );
  }
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) sizes[codes[i]]++;
  return { X, n, d, codes, k, sizes };
}

/** Cluster means, k×d row-major. */
export function clusterMeans(clustering: CodedClustering): Float64Array {
  const { X, n, d, codes, k, sizes } = clustering;
  const means = new Float64Array(k * d);
  for (let i = 0; i < n; i++) {
    const base = codes[i] * d;
    for (let j = 0; j < d; j++) means[base + j] += X[i * d + j];
  }
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) means[c * d + j] /= sizes[c];
  }
  return means;
}
