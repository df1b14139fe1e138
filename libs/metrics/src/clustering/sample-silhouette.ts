/**
 * Silhouette s(i) of one sample from its distance sums to each cluster: `sums[offset + c]` is
 * the sum of the distances from the sample to the members of cluster c (itself excluded),
 * `own` its cluster and `sizes[c]` the members of cluster c.
 *
 * s = (b − a) / max(a, b), with a = sums[own] / (sizes[own] − 1) and b the smallest
 * sums[c] / sizes[c] over the other clusters. A sample alone in its cluster, or one with
 * a = b = 0, gets 0, as in scikit-learn's `silhouette_samples`.
 */
export function sampleSilhouette(
  sums: Float64Array,
  offset: number,
  own: number,
  sizes: ArrayLike<number>,
  k: number,
): number {
  if (sizes[own] <= 1) return 0;
  const a = sums[offset + own] / (sizes[own] - 1);
  let b = Infinity;
  for (let c = 0; c < k; c++) {
    if (c !== own) b = Math.min(b, sums[offset + c] / sizes[c]);
  }
  const denominator = Math.max(a, b);
  return denominator > 0 ? (b - a) / denominator : 0;
}
