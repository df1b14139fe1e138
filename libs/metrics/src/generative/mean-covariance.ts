import { gramOfRows, transpose } from '../linalg/dense';
import type { Matrix } from '../matrix';

/** Mean (length d) and unbiased covariance (d×d, divided by N − 1) of the rows of a matrix. */
export interface MeanCovariance {
  mean: Float64Array;
  covariance: Float64Array;
}

/** Column means of an N×d matrix. */
export function columnMeans(features: Matrix): Float64Array {
  const { data, rows, cols } = features;
  const mean = new Float64Array(cols);
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
  const columns = scaledCenteredColumns(features, mean);
  return { mean, covariance: gramOfRows(columns, features.cols, features.rows) };
}
