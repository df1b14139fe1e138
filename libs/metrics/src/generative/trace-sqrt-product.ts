import { upperCholeskyFactor } from '../linalg/blocked-cholesky';
import { symmetricEigenvalues } from '../linalg/blocked-tridiagonal';
import { productRowsTimesRows } from '../linalg/dense';
import { symmetricEigen } from '../linalg/symmetric-eigen';

/**
 * Tr √(Σ1·Σ2) for symmetric positive semidefinite d×d matrices, where √ is the principal
 * square root of the product. Σ1·Σ2 is similar to the symmetric matrix F1ᵀ·Σ2·F1 for any
 * factor Σ1 = F1·F1ᵀ, so its eigenvalues are real and non-negative, and the trace is the sum
 * of their square roots. F1 is the Cholesky factor when Σ1 is safely positive definite, and
 * V·√Λ from the eigendecomposition of Σ1 otherwise (eigenvalues ≤ 0 dropped), so a singular
 * Σ1 (fewer samples than dimensions) is handled exactly rather than by adding ε·I.
 *
 * Eigenvalues of F1ᵀΣ2F1 below 0 come from rounding or from a Σ2 that is not positive
 * semidefinite; `onNegative` receives the most negative one relative to the largest, and
 * the root of each is taken as 0.
 */
export function traceSqrtProduct(
  sigma1: Float64Array,
  sigma2: Float64Array,
  d: number,
  onNegative?: (relative: number) => void,
): number {
  const { factorT, rank, triangular } = factorTransposed(sigma1, d, onNegative);
  if (rank === 0) {
    return 0;
  }
  // T = Σ2·F1 as (F1ᵀ·Σ2)ᵀ, then M = F1ᵀ·T; rows of factorT are the columns of F1.
  const product = new Float64Array(rank * d);
  productRowsTimesRows(factorT, rank, sigma2, d, d, product, false, triangular);
  const middle = new Float64Array(rank * rank);
  productRowsTimesRows(factorT, rank, product, rank, d, middle, true, triangular);
  for (let i = 0; i < rank; i++) {
    for (let j = 0; j < i; j++) middle[i * rank + j] = middle[j * rank + i];
  }
  return sumOfRoots(symmetricEigenvalues(middle, rank), onNegative);
}

/**
 * Sum of √λ over the eigenvalues λ of a symmetric PSD matrix of size n, reporting the most
 * negative λ relative to the largest |λ|. Eigenvalues at or below n·2^-52·max|λ| are counted
 * as 0: that is the rounding level of the eigen solver, where a true zero (a singular
 * covariance) and a tiny positive value are indistinguishable, and its square root would add
 * about 1e-8·√max|λ| of noise.
 */
export function sumOfRoots(values: Float64Array, onNegative?: (relative: number) => void): number {
  let largest = 0;
  for (const value of values) largest = Math.max(largest, Math.abs(value));
  const noise = values.length * Number.EPSILON * largest;
  let sum = 0;
  let mostNegative = 0;
  for (const value of values) {
    if (value > noise) sum += Math.sqrt(value);
    else mostNegative = Math.min(mostNegative, value);
  }
  if (mostNegative < 0 && largest > 0 && onNegative !== undefined)
    onNegative(mostNegative / largest);
  return sum;
}

/**
 * F1ᵀ (rank×d, row-major) for Σ1 = F1·F1ᵀ; `triangular` when it is the upper Cholesky factor,
 * whose row i is zero before column i.
 */
function factorTransposed(
  sigma: Float64Array,
  d: number,
  onNegative?: (relative: number) => void,
): { factorT: Float64Array; rank: number; triangular: boolean } {
  const upper = upperCholeskyFactor(sigma, d);
  if (upper !== undefined) {
    return { factorT: upper, rank: d, triangular: true };
  }
  // NOTE: this route (a singular Σ1 given as statistics) still runs the unblocked JavaScript
  // eigendecomposition with vectors, several times slower than the Cholesky route at large d.
  const { values, vectors } = symmetricEigen(sigma, d, true);
  sumOfRoots(values, onNegative);
  const kept: number[] = [];
  const noise = d * Number.EPSILON * Math.max(Math.abs(values[0]), Math.abs(values[d - 1]));
  for (let i = 0; i < d; i++) if (values[i] > noise) kept.push(i);
  const factorT = new Float64Array(kept.length * d);
  kept.forEach((source, target) => {
    const root = Math.sqrt(values[source]);
    for (let p = 0; p < d; p++)
      factorT[target * d + p] = (vectors as Float64Array)[source * d + p] * root;
  });
  return { factorT, rank: kept.length, triangular: false };
}
