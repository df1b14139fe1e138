import { frechetDistance } from '@dmlg/metrics';

/**
 * Fréchet distance between Gaussians fitted to two feature sets (the FID formula of Heusel et
 * al., NeurIPS 2017): ‖μa − μb‖² + Tr Σa + Tr Σb − 2 Tr √(Σa Σb), with unbiased covariances
 * (n − 1, as `np.cov`), computed by `frechetDistance` of @dmlg/metrics. Called "FID-style" in
 * every message because the features come from DMLG-SpriteNet-v1, not from Inception.
 * Features are row-major (rows × d).
 */
export function frechetStyleDistance(
  first: ArrayLike<number>,
  firstRows: number,
  second: ArrayLike<number>,
  secondRows: number,
  d: number,
): number {
  if (firstRows < 2 || secondRows < 2) {
    throw new Error(
      `frechetStyleDistance needs at least 2 rows per set, got ${firstRows} and ${secondRows}`,
    );
  }
  return frechetDistance(features(first, firstRows, d), features(second, secondRows, d));
}

function features(
  rows: ArrayLike<number>,
  n: number,
  d: number,
): { data: Float64Array; rows: number; cols: number } {
  if (rows.length !== n * d) {
    throw new Error(`feature matrix has ${rows.length} values, expected ${n} × ${d}`);
  }
  return { data: Float64Array.from(rows), rows: n, cols: d };
}
