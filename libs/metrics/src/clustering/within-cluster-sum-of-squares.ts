import { checkDataMatrix, checkLabels } from '../check-input';
import { MetricInputError } from '../errors';
import { encodeLabels } from './encode-labels';

const METRIC = 'within_cluster_sum_of_squares';

/**
 * Within-cluster sum of squares (inertia) of a labelling, with each cluster's centre at the
 * mean of its members: the objective that K-Means minimises and scikit-learn reports as
 * `KMeans.inertia_` for converged centres.
 *
 * Definition: WCSS = Σ_i ‖x_i − μ_{c(i)}‖², with squared Euclidean distance and μ_c the mean
 * of the samples labelled c.
 *
 * Conventions: X is row-major with shape (n, d). Labels are finite numbers, and the noise
 * label -1 is an ordinary cluster with its own mean. Means are computed first and squared
 * deviations second (two passes), which avoids the cancellation of Σx² − n·μ².
 *
 * Range: [0, ∞), in squared units of X. Lower is better for a fixed number of clusters;
 * 0 when every cluster's points coincide. Empty input (n = 0) gives 0.
 *
 * @throws MetricInputError when X is not a finite Float64Array of n·d values, or labels is
 * not a numeric labelling of length n.
 */
export function withinClusterSumOfSquares(
  X: Float64Array,
  n: number,
  d: number,
  labels: ArrayLike<number>,
): number {
  checkDataMatrix(METRIC, X, n, d);
  const checkedLabels = checkLabels('labels', labels);
  if (checkedLabels.length !== n) {
    throw new MetricInputError(
      `${METRIC}: labels must have one label per sample (n = ${n}), got ${checkedLabels.length}`,
    );
  }
  if (n > 0 && typeof checkedLabels[0] !== 'number') {
    throw new MetricInputError(`${METRIC}: labels must be numbers, got strings`);
  }

  const { codes, uniques } = encodeLabels(checkedLabels);
  const k = uniques.length;
  const means = new Float64Array(k * d);
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const base = codes[i] * d;
    sizes[codes[i]]++;
    for (let j = 0; j < d; j++) {
      means[base + j] += X[i * d + j];
    }
  }
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      means[c * d + j] /= sizes[c];
    }
  }

  let total = 0;
  for (let i = 0; i < n; i++) {
    const base = codes[i] * d;
    for (let j = 0; j < d; j++) {
      const deviation = X[i * d + j] - means[base + j];
      total += deviation * deviation;
    }
  }
  return total;
}
