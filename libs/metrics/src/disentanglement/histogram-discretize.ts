import { contingencyTable } from '../clustering/contingency';
import { mutualInfoFromTable } from '../clustering/mutual-info';
import { describeValue } from '../check-input';
import { MetricInputError } from '../errors';
import { column, type Matrix } from '../matrix';

/**
 * Bins one latent into `bins` equal-width bins as disentanglement_lib's
 * `histogram_discretize` does: edges from `np.histogram` (min to max, or v ± 0.5 for a
 * constant latent) and bin codes from `np.digitize` on the left edges, so a value on an
 * interior edge goes to the upper bin and the maximum shares the last bin. Codes are 1..bins.
 */
export function histogramDiscretize(values: Float64Array, bins: number): Int32Array {
  let low = Infinity;
  let high = -Infinity;
  for (const value of values) {
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  if (low === high) {
    low -= 0.5;
    high += 0.5;
  }
  // np.linspace: edge i is i·step + start.
  const step = (high - low) / bins;
  const leftEdges = Float64Array.from({ length: bins }, (_, i) => i * step + low);
  const codes = new Int32Array(values.length);
  for (let n = 0; n < values.length; n++) {
    // Number of left edges ≤ value (np.digitize with right=False on increasing edges).
    let lowIndex = 0;
    let highIndex = bins;
    while (lowIndex < highIndex) {
      const middle = (lowIndex + highIndex) >>> 1;
      if (leftEdges[middle] <= values[n]) lowIndex = middle + 1;
      else highIndex = middle;
    }
    codes[n] = lowIndex;
  }
  return codes;
}

/** Checks `num_bins`: an integer ≥ 2. */
export function checkBins(metric: string, bins: number): void {
  if (!Number.isSafeInteger(bins) || bins < 1) {
    throw new MetricInputError(
      `${metric}: num_bins must be a positive integer, got ${describeValue(bins)}`,
    );
  }
}

/** Checks that latents and factors describe the same samples. */
export function checkSameSamples(metric: string, latents: Matrix, factors: Matrix): void {
  if (latents.rows !== factors.rows) {
    throw new MetricInputError(
      `${metric}: factors must have one row per row of latents (${latents.rows}), got ${factors.rows}`,
    );
  }
}

/**
 * Mutual information in nats between each discretised latent i and each factor j, as
 * disentanglement_lib's `discrete_mutual_info` (scikit-learn's `mutual_info_score`), with the
 * factor entropies H(v_j) = MI(v_j, v_j). The matrix is latents×factors, row-major.
 */
export function latentFactorMutualInfo(
  latents: Matrix,
  factors: Matrix,
  bins: number,
): { mutualInfo: Float64Array; factorEntropy: Float64Array } {
  const factorColumns = Array.from({ length: factors.cols }, (_, j) => column(factors, j));
  const mutualInfo = new Float64Array(latents.cols * factors.cols);
  for (let i = 0; i < latents.cols; i++) {
    const codes = histogramDiscretize(column(latents, i), bins);
    factorColumns.forEach((factor, j) => {
      mutualInfo[i * factors.cols + j] = mutualInfoFromTable(contingencyTable(factor, codes));
    });
  }
  const factorEntropy = Float64Array.from(factorColumns, (factor) =>
    mutualInfoFromTable(contingencyTable(factor, factor)),
  );
  return { mutualInfo, factorEntropy };
}
