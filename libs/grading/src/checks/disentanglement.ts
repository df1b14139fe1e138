import { entropy, mutualInfo, type FixedFactorBatch, type Matrix } from '@dmlg/metrics';
import type { DatasetFactors, Xoshiro128 } from '@dmlg/datasets';

/** Equal-width bins per latent dimension, as in disentanglement_lib's MIG (Locatello et al.). */
export const MIG_BINS = 20;

/**
 * Discretises each of the k code dimensions of n row-major codes into `bins` equal-width bins
 * between its minimum and maximum; returns one label array per dimension.
 */
export function discretizeCodes(
  codes: ArrayLike<number>,
  n: number,
  k: number,
  bins: number,
): Int32Array[] {
  const result: Int32Array[] = [];
  for (let j = 0; j < k; j++) {
    let low = Infinity;
    let high = -Infinity;
    for (let i = 0; i < n; i++) {
      low = Math.min(low, codes[i * k + j]);
      high = Math.max(high, codes[i * k + j]);
    }
    const width = (high - low) / bins;
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = width > 0 ? Math.min(bins - 1, Math.floor((codes[i * k + j] - low) / width)) : 0;
    }
    result.push(labels);
  }
  return result;
}

/**
 * Mutual information gap (Chen et al., "Isolating Sources of Disentanglement in VAEs",
 * NeurIPS 2018): for each factor with more than one value, the difference between the largest
 * and the second largest mutual information between the factor and one discretised code
 * dimension, divided by the factor's entropy; the mean over those factors. Range [0, 1], best 1.
 * Needs k >= 2 code dimensions.
 */
export function mutualInformationGap(
  codes: ArrayLike<number>,
  n: number,
  k: number,
  factors: DatasetFactors,
): number {
  if (k < 2) throw new Error(`MIG needs at least 2 code dimensions, got ${k}`);
  const discrete = discretizeCodes(codes, n, k, MIG_BINS);
  const gaps: number[] = [];
  factors.names.forEach((_name, f) => {
    if (factors.sizes[f] < 2) return;
    const values = new Int32Array(n);
    for (let i = 0; i < n; i++) values[i] = factors.values[i * factors.names.length + f];
    const factorEntropy = entropy(values);
    if (!(factorEntropy > 0)) return;
    const information = discrete.map((labels) => mutualInfo(values, labels)).sort((x, y) => y - x);
    gaps.push((information[0] - information[1]) / factorEntropy);
  });
  return gaps.length ? gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length : 0;
}

/**
 * Builds the row-major n × |names| matrix of the named factors' value indices, for the scores
 * that read factors as ordered numbers (SAP and DCI with a linear regressor).
 */
export function factorMatrix(factors: DatasetFactors, n: number, names: readonly string[]): Matrix {
  const all = factors.names.length;
  const picked = names.map((name) => {
    const index = factors.names.indexOf(name);
    if (index < 0) {
      throw new Error(
        `factor ${name} is not one of the data set's factors ${factors.names.join(', ')}`,
      );
    }
    return index;
  });
  const data = new Float64Array(n * picked.length);
  for (let i = 0; i < n; i++) {
    picked.forEach((f, j) => {
      data[i * picked.length + j] = factors.values[i * all + f];
    });
  }
  return { data, rows: n, cols: picked.length };
}

/** Copies rows first..first+count−1 of a row-major matrix into a matrix of their own. */
export function rowRange(matrix: Matrix, first: number, count: number): Matrix {
  const { cols } = matrix;
  return { data: matrix.data.slice(first * cols, (first + count) * cols), rows: count, cols };
}

/**
 * Keeps the columns that are not a linear combination of the columns kept before them (modified
 * Gram–Schmidt on the centred columns, relative residual above `RANK_TOLERANCE`). With such
 * columns least squares, and so DCI, has no unique solution. A code that is a combination of
 * others adds no information about the factors. Constant columns are kept, and DCI gives them
 * importance 0.
 */
export function independentColumns(matrix: Matrix): number[] {
  const { data, rows, cols } = matrix;
  const basis: Float64Array[] = [];
  const kept: number[] = [];
  for (let j = 0; j < cols; j++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += data[i * cols + j] / rows;
    const residual = Float64Array.from({ length: rows }, (_, i) => data[i * cols + j] - mean);
    const norm = Math.hypot(...residual);
    if (norm === 0) {
      kept.push(j);
      continue;
    }
    for (const unit of basis) {
      let projection = 0;
      for (let i = 0; i < rows; i++) projection += unit[i] * residual[i];
      for (let i = 0; i < rows; i++) residual[i] -= projection * unit[i];
    }
    const left = Math.hypot(...residual);
    if (left <= RANK_TOLERANCE * norm) continue;
    basis.push(residual.map((value) => value / left));
    kept.push(j);
  }
  return kept;
}

/** Relative residual below which a code counts as a linear combination of earlier codes. */
const RANK_TOLERANCE = 1e-9;

/** Copies the listed columns of a row-major matrix. */
export function pickColumns(matrix: Matrix, columns: readonly number[]): Matrix {
  const data = new Float64Array(matrix.rows * columns.length);
  for (let i = 0; i < matrix.rows; i++) {
    columns.forEach((j, t) => {
      data[i * columns.length + t] = matrix.data[i * matrix.cols + j];
    });
  }
  return { data, rows: matrix.rows, cols: columns.length };
}

/**
 * Draws `count` batches of codes in which one factor is held fixed, for the FactorVAE score.
 * Each batch picks a factor uniformly, then uniformly one of its values with at least `batchSize`
 * samples, then `batchSize` distinct samples with that value (partial Fisher–Yates). The draws
 * depend only on the factors and `random`, so every submission and the reference are scored on
 * the same rows.
 */
export function fixedFactorBatches(
  codes: Matrix,
  factors: DatasetFactors,
  count: number,
  batchSize: number,
  random: Xoshiro128,
): FixedFactorBatch[] {
  const all = factors.names.length;
  const pools = factors.names.map((_name, f) => {
    const byValue = Array.from({ length: factors.sizes[f] }, () => [] as number[]);
    for (let i = 0; i < codes.rows; i++) byValue[factors.values[i * all + f]].push(i);
    return byValue.filter((rows) => rows.length >= batchSize);
  });
  const usable = pools.flatMap((values, f) => (values.length > 0 ? [f] : []));
  if (usable.length === 0) {
    throw new Error(
      `no factor value has ${batchSize} samples for a fixed-factor batch; use a smaller batch size`,
    );
  }
  const batches: FixedFactorBatch[] = [];
  for (let b = 0; b < count; b++) {
    const factorIndex = usable[random.nextInt(usable.length)];
    const pool = [...pools[factorIndex][random.nextInt(pools[factorIndex].length)]];
    for (let t = 0; t < batchSize; t++) {
      const swap = t + random.nextInt(pool.length - t);
      [pool[t], pool[swap]] = [pool[swap], pool[t]];
    }
    batches.push({ factorIndex, representations: pickRows(codes, pool.slice(0, batchSize)) });
  }
  return batches;
}

function pickRows(matrix: Matrix, rows: readonly number[]): Matrix {
  const { cols } = matrix;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, t) => data.set(matrix.data.subarray(row * cols, (row + 1) * cols), t * cols));
  return { data, rows: rows.length, cols };
}
