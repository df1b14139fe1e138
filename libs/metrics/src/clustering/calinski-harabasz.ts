import { clusterMeans, codeClustering } from './cluster-geometry';

/**
 * Calinski-Harabasz index (variance ratio criterion; Calinski and Harabasz, 1974), as
 * scikit-learn 1.2.1's `calinski_harabasz_score` computes it.
 *
 * Definition: CH = [B / (k − 1)] / [W / (n − k)], where B = Σ_c n_c ‖μ_c − μ‖² is the
 * between-cluster dispersion and W = Σ_i ‖x_i − μ_{c(i)}‖² the within-cluster dispersion.
 *
 * Conventions: X is n×d row-major with squared Euclidean distances. The noise label -1 is an
 * ordinary cluster.
 *
 * Range: [0, ∞). Higher is better; there is no fixed best value.
 *
 * Edge cases: 1.0 when W = 0 (every cluster's points coincide), as scikit-learn returns.
 *
 * @throws MetricInputError when X is not finite n×d, the labels do not match n, or the number
 * of distinct labels is outside [2, n − 1].
 */
export function calinskiHarabasz(
  X: Float64Array,
  n: number,
  d: number,
  labels: ArrayLike<number> | readonly (number | string)[],
): number {
  const clustering = codeClustering('calinski_harabasz', X, n, d, labels);
  const { codes, k, sizes } = clustering;
  const means = clusterMeans(clustering);
  const overall = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) overall[j] += X[i * d + j];
  }
  for (let j = 0; j < d; j++) overall[j] /= n;

  let between = 0;
  for (let c = 0; c < k; c++) {
    let squared = 0;
    for (let j = 0; j < d; j++) squared += (means[c * d + j] - overall[j]) ** 2;
    between += sizes[c] * squared;
  }
  let within = 0;
  for (let i = 0; i < n; i++) {
    const base = codes[i] * d;
    for (let j = 0; j < d; j++) within += (X[i * d + j] - means[base + j]) ** 2;
  }
  return within === 0 ? 1.0 : (between * (n - k)) / (within * (k - 1));
}
