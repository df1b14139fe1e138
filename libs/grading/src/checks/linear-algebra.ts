/**
 * Small dense linear algebra in float64 for the checks of assignment 1: an eigendecomposition
 * of symmetric matrices (cyclic Jacobi), the principal components of a data matrix and the
 * principal angles between two subspaces. Matrices are row-major Float64Arrays. Sizes in the
 * course are at most 64 × 64, where Jacobi converges in about ten sweeps.
 */

/** Sweeps after which `symmetricEigen` gives up; 64 × 64 matrices need about 10. */
const MAX_SWEEPS = 100;

export interface SymmetricEigen {
  /** Eigenvalues in descending order. */
  values: Float64Array;
  /** Row-major d × d; row i is the unit eigenvector of `values[i]`. */
  vectors: Float64Array;
}

/**
 * Eigendecomposition of the symmetric d × d matrix `matrix` by cyclic Jacobi rotations
 * (Golub and Van Loan, Matrix Computations, 4th ed., §8.5). Only the upper triangle is read.
 *
 * @throws Error when the off-diagonal mass does not vanish within MAX_SWEEPS sweeps.
 */
export function symmetricEigen(matrix: Float64Array, d: number): SymmetricEigen {
  if (matrix.length !== d * d) {
    throw new Error(`symmetricEigen: matrix has ${matrix.length} entries, expected ${d} × ${d}`);
  }
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) a[i * d + j] = a[j * d + i] = matrix[i * d + j];
  }
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;

  let scale = 0;
  for (let i = 0; i < d * d; i++) scale += a[i] * a[i];
  for (let sweep = 0; ; sweep++) {
    let off = 0;
    for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) off += a[i * d + j] ** 2;
    if (off <= 1e-30 * scale || off === 0) break;
    if (sweep === MAX_SWEEPS) {
      throw new Error(`symmetricEigen: no convergence after ${MAX_SWEEPS} sweeps (d = ${d})`);
    }
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (apq === 0) continue;
        // Rotation that zeroes a[p][q]; t is the smaller root of t² + 2θt − 1 = 0.
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }

  const order = Array.from({ length: d }, (_, i) => i).sort(
    (left, right) => a[right * d + right] - a[left * d + left],
  );
  const values = Float64Array.from(order, (i) => a[i * d + i]);
  const vectors = new Float64Array(d * d);
  order.forEach((column, row) => {
    for (let k = 0; k < d; k++) vectors[row * d + k] = v[k * d + column];
  });
  return { values, vectors };
}

export interface PrincipalComponents {
  /** Row-major k × d, unit rows, in order of decreasing variance. */
  components: Float64Array;
  /** Variance along each component, with n − 1 in the denominator. */
  variances: Float64Array;
  /** Sum of the variances of all d directions (the trace of the covariance). */
  totalVariance: number;
  mean: Float64Array;
}

/** The first `k` principal components of the n × d data matrix X (row-major). */
export function principalComponents(
  X: ArrayLike<number>,
  n: number,
  d: number,
  k: number,
): PrincipalComponents {
  const mean = new Float64Array(d);
  for (let row = 0; row < n; row++) for (let j = 0; j < d; j++) mean[j] += X[row * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  const covariance = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let row = 0; row < n; row++) {
    for (let j = 0; j < d; j++) centred[j] = X[row * d + j] - mean[j];
    for (let i = 0; i < d; i++) {
      const ci = centred[i];
      if (ci === 0) continue;
      for (let j = i; j < d; j++) covariance[i * d + j] += ci * centred[j];
    }
  }
  for (let i = 0; i < d * d; i++) covariance[i] /= n - 1;
  const eigen = symmetricEigen(covariance, d);
  let totalVariance = 0;
  for (let i = 0; i < d; i++) totalVariance += covariance[i * d + i];
  return {
    components: eigen.vectors.slice(0, k * d),
    variances: eigen.values.slice(0, k),
    totalVariance,
    mean,
  };
}

/**
 * Orthonormal basis of the span of the k rows of A (k × d), by modified Gram–Schmidt. Rows that
 * are (numerically) dependent on earlier ones are dropped, so the result may have fewer rows.
 */
export function orthonormalRows(A: ArrayLike<number>, k: number, d: number): Float64Array[] {
  const basis: Float64Array[] = [];
  let largest = 0;
  for (let i = 0; i < k * d; i++) largest = Math.max(largest, Math.abs(A[i]));
  for (let row = 0; row < k; row++) {
    const vector = Float64Array.from({ length: d }, (_, j) => A[row * d + j]);
    for (const previous of basis) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += previous[j] * vector[j];
      for (let j = 0; j < d; j++) vector[j] -= dot * previous[j];
    }
    const norm = Math.hypot(...vector);
    if (norm <= 1e-10 * Math.max(largest, Number.MIN_VALUE)) continue;
    for (let j = 0; j < d; j++) vector[j] /= norm;
    basis.push(vector);
  }
  return basis;
}

/**
 * Principal angles in degrees, ascending, between the spans of the rows of A (ka × d) and B
 * (kb × d) (Björck and Golub 1973): the cosines are the singular values of Qaᵀ Qb, computed here
 * as square roots of the eigenvalues of M Mᵀ with M = Qa Qbᵀ. When the spans differ in
 * dimension, the missing directions count as 90°, so a rank-deficient answer is never exact.
 */
export function principalAnglesDegrees(
  A: ArrayLike<number>,
  ka: number,
  B: ArrayLike<number>,
  kb: number,
  d: number,
): number[] {
  const qa = orthonormalRows(A, ka, d);
  const qb = orthonormalRows(B, kb, d);
  const m = qa.length;
  const product = new Float64Array(m * m);
  const M = qa.map((row) =>
    qb.map((other) => row.reduce((sum, value, j) => sum + value * other[j], 0)),
  );
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let sum = 0;
      for (let l = 0; l < qb.length; l++) sum += M[i][l] * M[j][l];
      product[i * m + j] = sum;
    }
  }
  const shared = Math.min(qa.length, qb.length);
  const cosines = m > 0 ? Array.from(symmetricEigen(product, m).values.slice(0, shared)) : [];
  const angles = cosines.map(
    (squared) => (Math.acos(Math.min(1, Math.sqrt(Math.max(0, squared)))) * 180) / Math.PI,
  );
  while (angles.length < Math.max(ka, kb)) angles.push(90);
  return angles.sort((left, right) => left - right);
}
