import { describeValue } from '../check-input';
import { MetricInputError } from '../errors';
import { gramOfRows, productRowsTimesRows } from '../linalg/dense';
import { symmetricEigenvalues } from '../linalg/blocked-tridiagonal';
import { checkMatrix, checkSameColumns, type Matrix } from '../matrix';
import { columnMeans, meanAndCovariance, scaledCenteredColumns } from './mean-covariance';
import { sumOfRoots, traceSqrtProduct } from './trace-sqrt-product';

const METRIC = 'frechet_distance';

/**
 * Relative size of a negative eigenvalue that `frechetDistanceFromStatistics` accepts as
 * rounding: covariances from float32 features carry errors near 1e-7 of their largest
 * eigenvalue, and anything more negative than this is a covariance that is not PSD.
 */
const PSD_TOLERANCE = 1e-6;

/**
 * Fréchet distance between Gaussians fitted to two feature sets: FID (Heusel et al., NeurIPS
 * 2017) when the features come from an Inception network, "FID-style" with another network.
 *
 * Definition: FD = ‖μ1 − μ2‖² + Tr Σ1 + Tr Σ2 − 2 Tr √(Σ1·Σ2), with μ the mean and Σ the
 * unbiased covariance (N − 1, as `np.cov`) of each set, each set with its own N, and √ the
 * principal square root of the product.
 *
 * Conventions: float64 throughout. Tr √(Σ1Σ2) is the sum of the square roots of the
 * eigenvalues of the product, found from a symmetric matrix similar to it, so the result is
 * never complex or NaN; no ε·I is added. When a set has no more samples than dimensions, the
 * trace comes from the N×N cross product of the centred samples, which is exact where Σ is
 * singular. In the oracle test, pytorch-fid's scipy `sqrtm` route agrees within 1e-8 relative.
 *
 * Range: [0, ∞), up to rounding: identical sets give 0 ± 1e-12 and the value is not clipped.
 * Best value: 0.
 *
 * @throws MetricInputError when a set has fewer than 2 samples, the feature dimensions
 * differ, or a value is not finite.
 */
export function frechetDistance(featuresReal: Matrix, featuresFake: Matrix): number {
  const real = checkMatrix(METRIC, 'features_real', featuresReal, 2);
  const fake = checkMatrix(METRIC, 'features_fake', featuresFake, 2);
  checkSameColumns(METRIC, ['features_real', real], ['features_fake', fake]);
  const d = real.cols;

  if (Math.min(real.rows, fake.rows) - 1 < d) {
    return frechetDistanceFromSamples(real, fake);
  }
  const first = meanAndCovariance(real);
  const second = meanAndCovariance(fake);
  return frechetFromParts(first.mean, second.mean, first.covariance, second.covariance, d, () => {
    // Covariances of samples are PSD by construction; negative eigenvalues are rounding.
  });
}

/**
 * Fréchet distance from given means and covariances (see `frechetDistance`).
 *
 * @throws MetricInputError when a shape differs from d or d×d, a value is not finite, a
 * covariance is not symmetric within 1e-9 relative, or it has an eigenvalue below
 * −1e-6 times its largest.
 */
export function frechetDistanceFromStatistics(
  mu1: ArrayLike<number>,
  sigma1: Matrix,
  mu2: ArrayLike<number>,
  sigma2: Matrix,
): number {
  const d = mu1.length;
  const mean1 = checkVector('mu1', mu1, d);
  const mean2 = checkVector('mu2', mu2, d);
  const covariance1 = checkCovariance('sigma1', sigma1, d);
  const covariance2 = checkCovariance('sigma2', sigma2, d);
  return frechetFromParts(mean1, mean2, covariance1, covariance2, d, (relative) => {
    if (relative < -PSD_TOLERANCE) {
      throw new MetricInputError(
        `${METRIC}: sigma1 and sigma2 must be positive semidefinite, but Σ1·Σ2 has an eigenvalue of ${relative} times its largest`,
      );
    }
  });
}

function frechetFromParts(
  mean1: Float64Array,
  mean2: Float64Array,
  sigma1: Float64Array,
  sigma2: Float64Array,
  d: number,
  onNegative: (relative: number) => void,
): number {
  let meanTerm = 0;
  let traces = 0;
  for (let j = 0; j < d; j++) {
    meanTerm += (mean1[j] - mean2[j]) ** 2;
    traces += sigma1[j * d + j] + sigma2[j * d + j];
  }
  return meanTerm + traces - 2 * traceSqrtProduct(sigma1, sigma2, d, onNegative);
}

/**
 * Sample-space route: with A and B the centred sets scaled by 1/√(N − 1), Σ1 = AᵀA and
 * Σ2 = BᵀB, and the non-zero eigenvalues of Σ1Σ2 are those of C·Cᵀ with C = A·Bᵀ (N1×N2).
 */
function frechetDistanceFromSamples(real: Matrix, fake: Matrix): number {
  const d = real.cols;
  const mean1 = columnMeans(real);
  const mean2 = columnMeans(fake);
  // Rows of these are the scaled centred samples (N×d), the transposes of the column forms.
  const a = rowsOf(scaledCenteredColumns(real, mean1), d, real.rows);
  const b = rowsOf(scaledCenteredColumns(fake, mean2), d, fake.rows);
  const [small, smallRows, large, largeRows] =
    real.rows <= fake.rows ? [a, real.rows, b, fake.rows] : [b, fake.rows, a, real.rows];

  const cross = new Float64Array(smallRows * largeRows);
  productRowsTimesRows(small, smallRows, large, largeRows, d, cross);
  const gram = gramOfRows(cross, smallRows, largeRows);
  const traceSqrt = sumOfRoots(symmetricEigenvalues(gram, smallRows));

  let meanTerm = 0;
  for (let j = 0; j < d; j++) meanTerm += (mean1[j] - mean2[j]) ** 2;
  let traces = 0;
  for (const value of a) traces += value * value;
  for (const value of b) traces += value * value;
  return meanTerm + traces - 2 * traceSqrt;
}

function rowsOf(columns: Float64Array, d: number, n: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < n; i++) out[i * d + j] = columns[j * n + i];
  }
  return out;
}

function checkVector(argument: string, values: ArrayLike<number>, d: number): Float64Array {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new MetricInputError(
      `${METRIC}: ${argument} must be an array of numbers, got ${describeValue(values)}`,
    );
  }
  if (values.length !== d || d === 0) {
    throw new MetricInputError(
      `${METRIC}: ${argument} must have length ${d} (the length of mu1) and d ≥ 1, got ${values.length}`,
    );
  }
  const out = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const value = values[j];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new MetricInputError(
        `${METRIC}: ${argument}[${j}] must be a finite number, got ${describeValue(value)}`,
      );
    }
    out[j] = value;
  }
  return out;
}

function checkCovariance(argument: string, sigma: Matrix, d: number): Float64Array {
  const checked = checkMatrix(METRIC, argument, sigma);
  if (checked.rows !== d || checked.cols !== d) {
    throw new MetricInputError(
      `${METRIC}: ${argument} must be ${d}×${d} (the length of mu1), got ${checked.rows}×${checked.cols}`,
    );
  }
  const data = checked.data;
  let largest = 0;
  for (const value of data) largest = Math.max(largest, Math.abs(value));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const gap = Math.abs(data[i * d + j] - data[j * d + i]);
      if (gap > 1e-9 * largest) {
        throw new MetricInputError(
          `${METRIC}: ${argument} must be symmetric, but ${argument}[${i}, ${j}] = ${data[i * d + j]} and ${argument}[${j}, ${i}] = ${data[j * d + i]}`,
        );
      }
    }
  }
  // The eigen solver reads one triangle, so it gets the exactly symmetric part.
  const symmetric = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) symmetric[i * d + j] = 0.5 * (data[i * d + j] + data[j * d + i]);
  }
  return symmetric;
}
