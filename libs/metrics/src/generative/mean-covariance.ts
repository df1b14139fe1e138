import { gramOfRows, transpose } from '../linalg/dense';
import {
  packColumnPanels,
  packedBytes,
  POOL_MIN_MULTIPLY_ADDS,
  runPackedProduct,
} from '../linalg/pooled-products';
import { loadNativeKernel } from '../linalg/native-kernel';
import { KernelPool } from '../parallel/kernel-pool';
import type { Matrix } from '../matrix';

/** Entries from which the column means go to the native kernel (below, a call costs more). */
const NATIVE_MIN_ENTRIES = 1 << 16;

/** Mean (length d) and unbiased covariance (d×d, divided by N − 1) of the rows of a matrix. */
export interface MeanCovariance {
  mean: Float64Array;
  covariance: Float64Array;
}

/**
 * Column means of an N×d matrix, each summed over the rows in order. Float64Array data goes
 * to the native kernel where it loaded, which sums in the same order.
 */
export function columnMeans(features: Matrix): Float64Array {
  const { data, rows, cols } = features;
  const mean = new Float64Array(cols);
  const native = rows * cols >= NATIVE_MIN_ENTRIES ? loadNativeKernel().kernel : null;
  if (native !== null && data instanceof Float64Array) {
    native.columnMeans(data, rows, cols, mean);
    return mean;
  }
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) mean[j] += data[i * cols + j];
  }
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  return mean;
}

/**
 * The rows minus their mean, transposed to d×N and scaled by 1/√(N − 1), so that the Gram
 * matrix of its rows is the unbiased covariance.
 */
export function scaledCenteredColumns(features: Matrix, mean: Float64Array): Float64Array {
  const { data, rows, cols } = features;
  const scale = 1 / Math.sqrt(rows - 1);
  const centered = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) centered[i * cols + j] = (data[i * cols + j] - mean[j]) * scale;
  }
  return transpose(centered, rows, cols);
}

/** Mean and unbiased covariance (as `np.cov(x, rowvar=False)`) of N ≥ 2 rows. */
export function meanAndCovariance(features: Matrix): MeanCovariance {
  const mean = columnMeans(features);
  const pooled = pooledCovariance(features, mean);
  if (pooled !== undefined) return { mean, covariance: pooled };
  const columns = scaledCenteredColumns(features, mean);
  return { mean, covariance: gramOfRows(columns, features.cols, features.rows) };
}

/**
 * The covariance on the kernel pool, packing the centred, scaled columns straight from the
 * row-major features (no transposed copy); the same values as `gramOfRows` of
 * `scaledCenteredColumns`, bit for bit. Undefined when the input is small or the pool is
 * unavailable.
 */
function pooledCovariance(features: Matrix, mean: Float64Array): Float64Array | undefined {
  const { data, rows, cols } = features;
  if (rows * cols * cols < 2 * POOL_MIN_MULTIPLY_ADDS) return undefined;
  const pool = KernelPool.get();
  if (pool === null) return undefined;
  pool.reset();
  const packed = pool.allocate(packedBytes(cols, rows));
  packColumnPanels(pool.buffer, packed, data, rows, cols, mean, 1 / Math.sqrt(rows - 1));
  const covariance = new Float64Array(cols * cols);
  runPackedProduct(pool, packed, cols, packed, cols, rows, covariance, true);
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < i; j++) covariance[i * cols + j] = covariance[j * cols + i];
  }
  return covariance;
}
