import { entropy, mutualInfo } from '@dmlg/metrics';
import type { DatasetFactors } from '@dmlg/datasets';

/** Equal-width bins per latent dimension, as in disentanglement_lib's MIG (Locatello et al.). */
export const MIG_BINS = 20;

/**
 * Discretises each of the k code dimensions of n row-major codes into `bins` equal-width bins
 * between its minimum and maximum; returns one label array per dimension.
 */
export function discretizeCodes(
  codes: ArrayLike<number>,
  n: number,
  k: number,
  bins: number,
): Int32Array[] {
  const result: Int32Array[] = [];
  for (let j = 0; j < k; j++) {
    let low = Infinity;
    let high = -Infinity;
    for (let i = 0; i < n; i++) {
      low = Math.min(low, codes[i * k + j]);
      high = Math.max(high, codes[i * k + j]);
    }
    const width = (high - low) / bins;
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = width > 0 ? Math.min(bins - 1, Math.floor((codes[i * k + j] - low) / width)) : 0;
    }
    result.push(labels);
  }
  return result;
}

/**
 * Mutual information gap (Chen et al., "Isolating Sources of Disentanglement in VAEs",
 * NeurIPS 2018): for each factor with more than one value, the difference between the largest
 * and the second largest mutual information between the factor and one discretised code
 * dimension, divided by the factor's entropy; the mean over those factors. Range [0, 1], best 1.
 * Needs k >= 2 code dimensions.
 */
export function mutualInformationGap(
  codes: ArrayLike<number>,
  n: number,
  k: number,
  factors: DatasetFactors,
): number {
  if (k < 2) throw new Error(`MIG needs at least 2 code dimensions, got ${k}`);
  const discrete = discretizeCodes(codes, n, k, MIG_BINS);
  const gaps: number[] = [];
  factors.names.forEach((_name, f) => {
    if (factors.sizes[f] < 2) return;
    const values = new Int32Array(n);
    for (let i = 0; i < n; i++) values[i] = factors.values[i * factors.names.length + f];
    const factorEntropy = entropy(values);
    if (!(factorEntropy > 0)) return;
    const information = discrete.map((labels) => mutualInfo(values, labels)).sort((x, y) => y - x);
    gaps.push((information[0] - information[1]) / factorEntropy);
  });
  return gaps.length ? gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length : 0;
}
