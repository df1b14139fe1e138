import { MetricInputError } from '../errors';
import { cholesky } from '../linalg/dense';
import { checkMatrix, column, type Matrix } from '../matrix';
import { checkSameSamples } from './histogram-discretize';

const METRIC = 'dci';

/** disentanglement_lib adds this to every importance before normalising. */
const IMPORTANCE_SMOOTHING = 1e-11;

export interface DisentanglementCompleteness {
  disentanglement: number;
  completeness: number;
}

export interface DciScores extends DisentanglementCompleteness {
  /** Mean R² over factors on the training split. */
  informativenessTrain: number;
  /** Mean R² over factors on the test split. */
  informativenessTest: number;
}

/**
 * Disentanglement and completeness of the DCI framework (Eastwood and Williams, ICLR 2018)
 * from a codes×factors importance matrix R, as disentanglement_lib's `dci.py` computes them.
 *
 * Definition: D = Σ_i ρ_i (1 − H_K(P_i·)), with P_ij = R_ij / Σ_k R_ik, H_K the entropy in base
 * K = number of factors and ρ_i = Σ_j R_ij / Σ R; C = Σ_j ρ_j (1 − H_L(P̃_·j)), with P̃ the
 * column-normalised R, base L = number of codes and ρ_j the column weights.
 *
 * Conventions: 1e-11 is added to every R_ij before normalising; an all-zero R gets uniform
 * weights.
 *
 * Range: each in [0, 1]. Best value: 1.
 *
 * Edge cases: with K = 1 the base-1 entropy divides by ln 1 = 0, so D is NaN; with one code
 * C is NaN.
 *
 * @throws MetricInputError when R is empty, not finite or has a negative entry.
 */
export function dciFromImportance(importance: Matrix): DisentanglementCompleteness {
  const { data, rows: codes, cols: factors } = checkMatrix(METRIC, 'importance', importance, 1);
  for (let t = 0; t < data.length; t++) {
    if (data[t] < 0) {
      throw new MetricInputError(
        `${METRIC}: importance must be non-negative, got ${data[t]} at [${Math.floor(t / factors)}, ${t % factors}]`,
      );
    }
  }
  let total = 0;
  for (const value of data) total += value;
  const weightsFrom = total === 0 ? new Float64Array(data.length).fill(1) : data;
  const weightTotal = total === 0 ? data.length : total;

  let disentanglement = 0;
  for (let i = 0; i < codes; i++) {
    const row = Float64Array.from(
      { length: factors },
      (_, j) => data[i * factors + j] + IMPORTANCE_SMOOTHING,
    );
    let weight = 0;
    for (let j = 0; j < factors; j++) weight += weightsFrom[i * factors + j];
    disentanglement += (1 - entropyInBase(row, factors)) * (weight / weightTotal);
  }
  let completeness = 0;
  for (let j = 0; j < factors; j++) {
    const col = Float64Array.from(
      { length: codes },
      (_, i) => data[i * factors + j] + IMPORTANCE_SMOOTHING,
    );
    let weight = 0;
    for (let i = 0; i < codes; i++) weight += weightsFrom[i * factors + j];
    completeness += (1 - entropyInBase(col, codes)) * (weight / weightTotal);
  }
  return { disentanglement, completeness };
}

/** `scipy.stats.entropy(p, base=base)`: p normalised, −Σ p ln p / ln base. */
function entropyInBase(weights: Float64Array, base: number): number {
  let sum = 0;
  for (const value of weights) sum += value;
  let entropy = 0;
  for (const value of weights) {
    const p = value / sum;
    if (p > 0) entropy -= p * Math.log(p);
  }
  return entropy / Math.log(base);
}

/**
 * DCI end to end with a deterministic regressor: codes and factors are z-scored with the
 * training mean and population standard deviation, each factor is fitted by ordinary least
 * squares on all codes, the importance R_ij is |β_ij|, and informativeness is the mean R²
 * (1 − SS_res / SS_tot, SS_tot about the split's own mean) on each split.
 *
 * Conventions: disentanglement_lib uses gradient-boosted trees and reports accuracy, so these
 * values are not comparable with its numbers. A constant code (zero training variance) gets
 * β = 0.
 *
 * @throws MetricInputError when shapes differ, a value is not finite, a factor is constant on
 * the training split (R² is undefined), or the training split has fewer rows than codes + 1.
 */
export function dci(
  latentsTrain: Matrix,
  factorsTrain: Matrix,
  latentsTest: Matrix,
  factorsTest: Matrix,
): DciScores {
  const zTrain = checkMatrix(METRIC, 'latents_train', latentsTrain, 2);
  const vTrain = checkMatrix(METRIC, 'factors_train', factorsTrain, 2);
  const zTest = checkMatrix(METRIC, 'latents_test', latentsTest, 1);
  const vTest = checkMatrix(METRIC, 'factors_test', factorsTest, 1);
  checkSameSamples(METRIC, zTrain, vTrain);
  checkSameSamples(METRIC, zTest, vTest);
  if (zTest.cols !== zTrain.cols || vTest.cols !== vTrain.cols) {
    throw new MetricInputError(
      `${METRIC}: the test split must have the columns of the training split (${zTrain.cols} codes, ${vTrain.cols} factors), got ${zTest.cols} and ${vTest.cols}`,
    );
  }
  const codes = zTrain.cols;
  if (zTrain.rows <= codes) {
    throw new MetricInputError(
      `${METRIC}: latents_train must have more rows than codes (${codes}) for least squares, got ${zTrain.rows}`,
    );
  }

  const codeStats = Array.from({ length: codes }, (_, i) => meanStd(column(zTrain, i)));
  const live = codeStats.map(({ std }) => std > 0);
  const standardize = (matrix: Matrix): Float64Array[] =>
    codeStats.map(({ mean, std }, i) =>
      live[i]
        ? column(matrix, i).map((value) => (value - mean) / std)
        : new Float64Array(matrix.rows),
    );
  const train = standardize(zTrain);
  const test = standardize(zTest);

  // Normal equations ZᵀZ β = Zᵀy on the live codes, solved through Cholesky.
  const liveIndex = live.flatMap((isLive, i) => (isLive ? [i] : []));
  const size = liveIndex.length;
  const gram = new Float64Array(size * size);
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++)
      gram[a * size + b] = dotOf(train[liveIndex[a]], train[liveIndex[b]]);
  }
  const lower = size > 0 ? cholesky(gram, size, 1e-14) : new Float64Array(0);
  if (lower === undefined) {
    throw new MetricInputError(
      `${METRIC}: latents_train codes are linearly dependent; least squares has no unique solution`,
    );
  }

  const importance = new Float64Array(codes * vTrain.cols);
  const r2Train: number[] = [];
  const r2Test: number[] = [];
  for (let j = 0; j < vTrain.cols; j++) {
    const { mean, std } = meanStd(column(vTrain, j));
    if (std === 0) {
      throw new MetricInputError(
        `${METRIC}: factors_train column ${j} is constant (${mean}); its R² is undefined`,
      );
    }
    const yTrain = column(vTrain, j).map((value) => (value - mean) / std);
    const yTest = column(vTest, j).map((value) => (value - mean) / std);
    const rhs = Float64Array.from(liveIndex, (i) => dotOf(train[i], yTrain));
    const beta = solveCholesky(lower, rhs, size);
    liveIndex.forEach((i, a) => {
      importance[i * vTrain.cols + j] = Math.abs(beta[a]);
    });
    r2Train.push(rSquared(train, liveIndex, beta, yTrain));
    r2Test.push(rSquared(test, liveIndex, beta, yTest));
  }
  const scores = dciFromImportance({ data: importance, rows: codes, cols: vTrain.cols });
  const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
  return { ...scores, informativenessTrain: mean(r2Train), informativenessTest: mean(r2Test) };
}

function meanStd(values: Float64Array): { mean: number; std: number } {
  let mean = 0;
  for (const value of values) mean += value;
  mean /= values.length;
  let variance = 0;
  for (const value of values) variance += (value - mean) ** 2;
  return { mean, std: Math.sqrt(variance / values.length) };
}

function dotOf(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let t = 0; t < a.length; t++) sum += a[t] * b[t];
  return sum;
}

function solveCholesky(lower: Float64Array, rhs: Float64Array, size: number): Float64Array {
  const y = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let sum = rhs[i];
    for (let p = 0; p < i; p++) sum -= lower[i * size + p] * y[p];
    y[i] = sum / lower[i * size + i];
  }
  const x = new Float64Array(size);
  for (let i = size - 1; i >= 0; i--) {
    let sum = y[i];
    for (let p = i + 1; p < size; p++) sum -= lower[p * size + i] * x[p];
    x[i] = sum / lower[i * size + i];
  }
  return x;
}

function rSquared(
  codes: Float64Array[],
  liveIndex: number[],
  beta: Float64Array,
  y: Float64Array,
): number {
  let mean = 0;
  for (const value of y) mean += value;
  mean /= y.length;
  let residual = 0;
  let total = 0;
  for (let t = 0; t < y.length; t++) {
    let prediction = 0;
    liveIndex.forEach((i, a) => {
      prediction += codes[i][t] * beta[a];
    });
    residual += (y[t] - prediction) ** 2;
    total += (y[t] - mean) ** 2;
  }
  return 1 - residual / total;
}
