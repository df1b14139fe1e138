import { symmetricEigen } from './linear-algebra';

/**
 * Fréchet distance between Gaussians fitted to two feature sets (the FID formula of Heusel et
 * al., NeurIPS 2017): ‖μa − μb‖² + Tr Σa + Tr Σb − 2 Tr √(Σa Σb), with unbiased covariances
 * (n − 1, as `np.cov`). Called "FID-style" in every message because the features come from
 * DMLG-SpriteNet-v1, not from Inception. Tr √(Σa Σb) is the sum of the square roots of the
 * eigenvalues of the symmetric matrix √Σa Σb √Σa, which has the same eigenvalues; negative
 * eigenvalues from rounding count as 0. Features are row-major (rows × d).
 *
 * TODO: switch to `frechetDistance` of libs/metrics once libs/metrics/src/index.ts exports it.
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
  const a = meanAndCovariance(first, firstRows, d);
  const b = meanAndCovariance(second, secondRows, d);

  let distance = 0;
  for (let j = 0; j < d; j++) {
    distance += (a.mean[j] - b.mean[j]) ** 2 + a.covariance[j * d + j] + b.covariance[j * d + j];
  }
  const rootA = symmetricSquareRoot(a.covariance, d);
  const product = multiply(multiply(rootA, b.covariance, d), rootA, d);
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const average = (product[i * d + j] + product[j * d + i]) / 2;
      product[i * d + j] = product[j * d + i] = average;
    }
  }
  let traceRoot = 0;
  for (const value of symmetricEigen(product, d).values) traceRoot += Math.sqrt(Math.max(0, value));
  return distance - 2 * traceRoot;
}

function meanAndCovariance(
  rows: ArrayLike<number>,
  n: number,
  d: number,
): { mean: Float64Array; covariance: Float64Array } {
  if (rows.length !== n * d) {
    throw new Error(`feature matrix has ${rows.length} values, expected ${n} × ${d}`);
  }
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += rows[i * d + j] / n;
  const covariance = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) centred[j] = rows[i * d + j] - mean[j];
    for (let j = 0; j < d; j++) {
      for (let k = j; k < d; k++) covariance[j * d + k] += centred[j] * centred[k];
    }
  }
  for (let j = 0; j < d; j++) {
    for (let k = j; k < d; k++) {
      covariance[j * d + k] /= n - 1;
      covariance[k * d + j] = covariance[j * d + k];
    }
  }
  return { mean, covariance };
}

/** Principal square root of a symmetric positive semi-definite matrix. */
function symmetricSquareRoot(matrix: Float64Array, d: number): Float64Array {
  const { values, vectors } = symmetricEigen(matrix, d);
  const root = new Float64Array(d * d);
  for (let e = 0; e < d; e++) {
    const scale = Math.sqrt(Math.max(0, values[e]));
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++)
        root[i * d + j] += scale * vectors[e * d + i] * vectors[e * d + j];
    }
  }
  return root;
}

function multiply(left: Float64Array, right: Float64Array, d: number): Float64Array {
  const result = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const value = left[i * d + k];
      for (let j = 0; j < d; j++) result[i * d + j] += value * right[k * d + j];
    }
  }
  return result;
}
