import { MetricInputError } from '../errors';
import { checkMatrix, type Matrix } from '../matrix';
import { checkBins, checkSameSamples, latentFactorMutualInfo } from './histogram-discretize';

const METRIC = 'mig';

/**
 * Mutual Information Gap (Chen et al., NeurIPS 2018), as disentanglement_lib's `mig.py`
 * computes it.
 *
 * Definition: MIG = mean over factors j of (I_(1) − I_(2)) / H(v_j), where I_(1) ≥ I_(2) are
 * the two largest mutual informations between factor j and a latent.
 *
 * Conventions: each latent is discretised into `bins` equal-width bins (default 20, see
 * `histogramDiscretize`); MI and H are plug-in estimates in nats. Factors are discrete values.
 *
 * Range: [0, 1]. Best value: 1.
 *
 * Edge cases: a constant factor has H = 0, its gap is 0/0 and the result is NaN, as in
 * disentanglement_lib; callers should drop constant factors first.
 *
 * @throws MetricInputError when latents has fewer than 2 columns, the row counts differ, a
 * value is not finite, or bins is not a positive integer.
 */
export function mutualInfoGap(latents: Matrix, factors: Matrix, bins = 20): number {
  const z = checkMatrix(METRIC, 'latents', latents, 1);
  const v = checkMatrix(METRIC, 'factors', factors, 1);
  checkSameSamples(METRIC, z, v);
  checkBins(METRIC, bins);
  if (z.cols < 2) {
    throw new MetricInputError(
      `${METRIC}: latents must have at least 2 columns, because MIG needs the gap between the two largest MIs, got ${z.cols}`,
    );
  }
  const { mutualInfo, factorEntropy } = latentFactorMutualInfo(z, v, bins);
  let sum = 0;
  for (let j = 0; j < v.cols; j++) {
    let first = -Infinity;
    let second = -Infinity;
    for (let i = 0; i < z.cols; i++) {
      const value = mutualInfo[i * v.cols + j];
      if (value > first) {
        second = first;
        first = value;
      } else if (value > second) {
        second = value;
      }
    }
    sum += (first - second) / factorEntropy[j];
  }
  return sum / v.cols;
}
