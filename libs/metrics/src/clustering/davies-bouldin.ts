import { clusterMeans, codeClustering } from './cluster-geometry';

/** scikit-learn tests "all close to 0" with `np.allclose(x, 0)`, whose absolute tolerance is 1e-8. */
const ALLCLOSE_ZERO = 1e-8;

/**
 * Davies-Bouldin index (Davies and Bouldin, IEEE TPAMI 1, 1979), as scikit-learn 1.2.1's
 * `davies_bouldin_score` computes it.
 *
 * Definition: DB = (1/k) Σ_i max_{j≠i} (S_i + S_j) / ‖μ_i − μ_j‖, where S_i is the mean
 * Euclidean distance of cluster i's points to its centroid μ_i.
 *
 * Conventions: Euclidean distance. The noise label -1 is an ordinary cluster. A zero centroid
 * distance counts as +∞, so that pair's ratio is 0.
 *
 * Range: [0, ∞). Best value: 0 (lower is better).
 *
 * Edge cases: 0.0 when every S_i is within 1e-8 of 0 or every centroid distance is.
 *
 * @throws MetricInputError when X is not finite n×d, the labels do not match n, or the number
 * of distinct labels is outside [2, n − 1].
 */
export function daviesBouldin(
  X: Float64Array,
  n: number,
  d: number,
  labels: ArrayLike<number> | readonly (number | string)[],
): number {
  const clustering = codeClustering('davies_bouldin', X, n, d, labels);
  const { codes, k, sizes } = clustering;
  const means = clusterMeans(clustering);

  const scatter = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const base = codes[i] * d;
    let squared = 0;
    for (let j = 0; j < d; j++) squared += (X[i * d + j] - means[base + j]) ** 2;
    scatter[codes[i]] += Math.sqrt(squared);
  }
  for (let c = 0; c < k; c++) scatter[c] /= sizes[c];

  const centroidDistance = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let squared = 0;
      for (let j = 0; j < d; j++) squared += (means[a * d + j] - means[b * d + j]) ** 2;
      centroidDistance[a * k + b] = Math.sqrt(squared);
    }
  }
  if (scatter.every((s) => Math.abs(s) <= ALLCLOSE_ZERO)) return 0.0;
  if (centroidDistance.every((s) => Math.abs(s) <= ALLCLOSE_ZERO)) return 0.0;

  let sum = 0;
  for (let a = 0; a < k; a++) {
    let worst = 0;
    for (let b = 0; b < k; b++) {
      if (b === a) continue;
      const distance = centroidDistance[a * k + b];
      const ratio = distance === 0 ? 0 : (scatter[a] + scatter[b]) / distance;
      worst = Math.max(worst, ratio);
    }
    sum += worst;
  }
  return sum / k;
}
