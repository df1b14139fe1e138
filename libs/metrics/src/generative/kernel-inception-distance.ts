import { describeValue } from '../check-input';
import { MetricInputError } from '../errors';
import { productRowsTimesRows } from '../linalg/dense';
import { checkMatrix, checkSameColumns, type Matrix } from '../matrix';
import { mulberry32 } from '../random/mulberry32';

const METRIC = 'kid';

export interface KernelInceptionDistanceOptions {
  /** Polynomial degree; default 3. */
  degree?: number;
  /** Scale of x·y; default null, meaning 1/d. */
  gamma?: number | null;
  /** Constant added to the scaled dot product; default 1. */
  coef?: number;
  /** Samples per subset from each set; default 1000; null uses each full set once. */
  subsetSize?: number | null;
  /** Number of subsets; default 100. */
  subsets?: number;
  /** Seed of the subset sampler; default 0. */
  seed?: number;
}

export interface KernelInceptionDistance {
  /** Mean of the unbiased MMD² over the subsets. */
  mean: number;
  /** Population standard deviation (ddof 0) over the subsets, as torchmetrics reports it. */
  std: number;
}

/**
 * Kernel Inception Distance (Binkowski et al., ICLR 2018): the unbiased estimate of the squared
 * maximum mean discrepancy between two feature sets under the polynomial kernel
 * k(x, y) = (γ·x·y + c)^degree, by default (x·y/d + 1)³.
 *
 * Definition, for sets X (m samples) and Y (n samples):
 * MMD² = Σ_{i≠j} k(x_i, x_j)/(m(m−1)) + Σ_{i≠j} k(y_i, y_j)/(n(n−1)) − 2 Σ_{i,j} k(x_i, y_j)/(mn).
 * With subsets, each subset draws `subsetSize` samples without replacement from each set
 * (seeded, so the result is reproducible) and m = n = subsetSize, as torchmetrics and
 * torch-fidelity do.
 *
 * Conventions: float64. KID can be negative, because the estimate is unbiased.
 *
 * Range: (−∞, ∞) for the estimate, ≥ 0 for the true MMD². Best value: 0.
 *
 * @throws MetricInputError when a set has fewer than 2 samples, the dimensions differ, the
 * subset size exceeds either set (no silent clamp), or an option is out of range.
 */
export function kernelInceptionDistance(
  featuresReal: Matrix,
  featuresFake: Matrix,
  options: KernelInceptionDistanceOptions = {},
): KernelInceptionDistance {
  const real = checkMatrix(METRIC, 'features_real', featuresReal, 2);
  const fake = checkMatrix(METRIC, 'features_fake', featuresFake, 2);
  checkSameColumns(METRIC, ['features_real', real], ['features_fake', fake]);
  const d = real.cols;
  const degree = options.degree ?? 3;
  const gamma = options.gamma ?? 1 / d;
  const coef = options.coef ?? 1;
  checkOption('degree', degree, Number.isSafeInteger(degree) && degree >= 1, 'a positive integer');
  checkOption('gamma', gamma, Number.isFinite(gamma) && gamma > 0, 'a positive number or null');
  checkOption('coef', coef, Number.isFinite(coef), 'a finite number');
  const kernel = { degree, gamma, coef };

  const subsetSize = options.subsetSize === undefined ? 1000 : options.subsetSize;
  if (subsetSize === null) {
    return { mean: unbiasedMmd2(real.data, real.rows, fake.data, fake.rows, d, kernel), std: 0 };
  }
  const subsets = options.subsets ?? 100;
  checkOption(
    'subsets',
    subsets,
    Number.isSafeInteger(subsets) && subsets >= 1,
    'a positive integer',
  );
  checkOption(
    'subset_size',
    subsetSize,
    Number.isSafeInteger(subsetSize) && subsetSize >= 2,
    'an integer ≥ 2',
  );
  const available = Math.min(real.rows, fake.rows);
  if (subsetSize > available) {
    throw new MetricInputError(
      `${METRIC}: subset_size (${subsetSize}) larger than number of samples (${available}); pass a subset_size of at most ${available}`,
    );
  }

  const random = mulberry32(options.seed ?? 0);
  const values = new Float64Array(subsets);
  for (let s = 0; s < subsets; s++) {
    const x = sampleRows(real, subsetSize, random);
    const y = sampleRows(fake, subsetSize, random);
    values[s] = unbiasedMmd2(x, subsetSize, y, subsetSize, d, kernel);
  }
  let mean = 0;
  for (const value of values) mean += value;
  mean /= subsets;
  let variance = 0;
  for (const value of values) variance += (value - mean) ** 2;
  return { mean, std: Math.sqrt(variance / subsets) };
}

interface PolynomialKernel {
  degree: number;
  gamma: number;
  coef: number;
}

function unbiasedMmd2(
  x: Float64Array,
  m: number,
  y: Float64Array,
  n: number,
  d: number,
  kernel: PolynomialKernel,
): number {
  const within = (data: Float64Array, rows: number): number => {
    const dots = new Float64Array(rows * rows);
    productRowsTimesRows(data, rows, data, rows, d, dots);
    let sum = 0;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < rows; j++) {
        if (i !== j) sum += (kernel.gamma * dots[i * rows + j] + kernel.coef) ** kernel.degree;
      }
    }
    return sum / (rows * (rows - 1));
  };
  const dots = new Float64Array(m * n);
  productRowsTimesRows(x, m, y, n, d, dots);
  let cross = 0;
  for (const dot of dots) cross += (kernel.gamma * dot + kernel.coef) ** kernel.degree;
  return within(x, m) + within(y, n) - (2 * cross) / (m * n);
}

/** `size` distinct rows drawn uniformly (partial Fisher–Yates), row-major. */
function sampleRows(matrix: Matrix, size: number, random: () => number): Float64Array {
  const order = Int32Array.from({ length: matrix.rows }, (_, i) => i);
  const out = new Float64Array(size * matrix.cols);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (matrix.rows - i));
    [order[i], order[j]] = [order[j], order[i]];
    out.set(
      matrix.data.subarray(order[i] * matrix.cols, (order[i] + 1) * matrix.cols),
      i * matrix.cols,
    );
  }
  return out;
}

function checkOption(name: string, value: unknown, valid: boolean, expected: string): void {
  if (!valid) {
    throw new MetricInputError(
      `${METRIC}: ${name} must be ${expected}, got ${describeValue(value)}`,
    );
  }
}
