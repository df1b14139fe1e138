import { MetricInputError } from '../errors';
import { checkMatrix, column, type Matrix } from '../matrix';
import { checkSameSamples } from './histogram-discretize';

const METRIC = 'sap';

/** disentanglement_lib scores a latent 0 when its variance is at most this. */
const DEAD_LATENT_VARIANCE = 1e-12;

/**
 * SAP score, continuous-factor variant (Kumar, Sattigeri and Balakrishnan, ICLR 2018), as
 * disentanglement_lib's `sap_score.py` computes it with `continuous_factors=True`.
 *
 * Definition: S_ij = Cov(z_i, v_j)² / (Var z_i · Var v_j), the squared Pearson correlation of
 * latent i and factor j (ddof 1), set to 0 when Var z_i ≤ 1e-12. SAP = mean over factors of
 * the largest minus the second largest S_ij over latents.
 *
 * Range: [0, 1]. Best value: 1.
 *
 * Edge cases: a constant factor gives 0/0 and the result is NaN, as in disentanglement_lib.
 * The discrete-factor variant (a LinearSVC per pair) is not implemented.
 *
 * @throws MetricInputError when there are fewer than 2 samples or 2 latents, the row counts
 * differ, or a value is not finite.
 */
export function separatedAttributePredictability(latents: Matrix, factors: Matrix): number {
  const z = checkMatrix(METRIC, 'latents', latents, 2);
  const v = checkMatrix(METRIC, 'factors', factors, 2);
  checkSameSamples(METRIC, z, v);
  if (z.cols < 2) {
    throw new MetricInputError(
      `${METRIC}: latents must have at least 2 columns, because SAP needs the gap between the two largest scores, got ${z.cols}`,
    );
  }
  const n = z.rows;
  const centered = (values: Float64Array): Float64Array => {
    let mean = 0;
    for (const value of values) mean += value;
    mean /= n;
    return values.map((value) => value - mean);
  };
  const latentColumns = Array.from({ length: z.cols }, (_, i) => centered(column(z, i)));
  const factorColumns = Array.from({ length: v.cols }, (_, j) => centered(column(v, j)));
  const dot = (a: Float64Array, b: Float64Array): number => {
    let sum = 0;
    for (let t = 0; t < n; t++) sum += a[t] * b[t];
    return sum / (n - 1);
  };

  let total = 0;
  for (const factor of factorColumns) {
    const varianceFactor = dot(factor, factor);
    const scores = latentColumns.map((latent) => {
      const varianceLatent = dot(latent, latent);
      if (varianceLatent <= DEAD_LATENT_VARIANCE) return 0;
      return dot(latent, factor) ** 2 / (varianceLatent * varianceFactor);
    });
    if (scores.some(Number.isNaN)) return Number.NaN;
    scores.sort((a, b) => b - a);
    total += scores[0] - scores[1];
  }
  return total / v.cols;
}
