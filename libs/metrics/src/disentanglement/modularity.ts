import { checkMatrix, type Matrix } from '../matrix';
import { checkBins, checkSameSamples, latentFactorMutualInfo } from './histogram-discretize';

/**
 * Modularity (Ridgeway and Mozer, NeurIPS 2018) from a latents×factors matrix of mutual
 * information, as disentanglement_lib's `modularity_explicitness.modularity` computes it.
 *
 * Definition: per latent i with θ_i = max_j m_ij, δ_i = (Σ_j m_ij² − θ_i²) / (θ_i²·(K − 1))
 * and score 1 − δ_i; the result is the mean over latents.
 *
 * Conventions: the MI unit does not matter, because δ is a ratio. A latent with θ = 0 scores 0
 * and still counts in the mean.
 *
 * Range: [0, 1]. Best value: 1 (each latent informative about one factor only).
 *
 * Edge cases: with K = 1 factor, every latent with θ > 0 gives 0/0, so the result is NaN.
 *
 * @throws MetricInputError when the matrix is empty or not finite.
 */
export function modularityFromMutualInfo(mutualInformation: Matrix): number {
  const { data, rows, cols } = checkMatrix(
    'modularity',
    'mutual_information',
    mutualInformation,
    1,
  );
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    let squaredSum = 0;
    let maxSquared = 0;
    for (let j = 0; j < cols; j++) {
      const squared = data[i * cols + j] ** 2;
      squaredSum += squared;
      maxSquared = Math.max(maxSquared, squared);
    }
    if (maxSquared === 0) continue;
    sum += 1 - (squaredSum - maxSquared) / (maxSquared * (cols - 1));
  }
  return sum / rows;
}

/**
 * Modularity of latents against discrete factors: MI from `bins` equal-width bins per latent
 * (as for MIG), then `modularityFromMutualInfo`.
 *
 * @throws MetricInputError when the row counts differ, a value is not finite, or bins is not
 * a positive integer.
 */
export function modularity(latents: Matrix, factors: Matrix, bins = 20): number {
  const z = checkMatrix('modularity', 'latents', latents, 1);
  const v = checkMatrix('modularity', 'factors', factors, 1);
  checkSameSamples('modularity', z, v);
  checkBins('modularity', bins);
  const { mutualInfo } = latentFactorMutualInfo(z, v, bins);
  return modularityFromMutualInfo({ data: mutualInfo, rows: z.cols, cols: v.cols });
}
