import { describeValue } from './check-input';
import { MetricInputError } from './errors';

/** A dense row-major matrix of doubles: row = sample, `data[i * cols + j]` is element (i, j). */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** Builds a Matrix from an array of equal-length rows of finite numbers (the JSON case form). */
export function matrixFromRows(argument: string, rows: unknown, minRows = 1): Matrix {
  if (!Array.isArray(rows)) {
    throw new MetricInputError(
      `${argument} must be an array of rows (n_samples, n_features), got ${describeValue(rows)}`,
    );
  }
  if (rows.length < minRows) {
    throw new MetricInputError(
      `${argument} must have at least ${minRows} row(s), got ${rows.length}`,
    );
  }
  const first: unknown = rows[0];
  const cols = Array.isArray(first) ? first.length : 0;
  if (rows.length > 0 && cols === 0) {
    throw new MetricInputError(
      `${argument}[0] must be a non-empty array of numbers, got ${describeValue(first)}`,
    );
  }
  const data = new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    const row: unknown = rows[i];
    if (!Array.isArray(row) || row.length !== cols) {
      throw new MetricInputError(
        `${argument}[${i}] must be an array of ${cols} numbers like ${argument}[0], got ${describeValue(row)}`,
      );
    }
    for (let j = 0; j < cols; j++) {
      const value: unknown = row[j];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new MetricInputError(
          `${argument}[${i}][${j}] must be a finite number, got ${describeValue(value)}`,
        );
      }
      data[i * cols + j] = value;
    }
  }
  return { data, rows: rows.length, cols };
}

/**
 * Checks a Matrix argument: a Float64Array of rows·cols finite values with at least `minRows`
 * rows. Returns it unchanged.
 */
export function checkMatrix(metric: string, argument: string, value: unknown, minRows = 1): Matrix {
  if (typeof value !== 'object' || value === null) {
    throw new MetricInputError(
      `${metric}: ${argument} must be a matrix {data, rows, cols}, got ${describeValue(value)}`,
    );
  }
  const { data, rows, cols } = value as Partial<Matrix>;
  if (!(data instanceof Float64Array)) {
    throw new MetricInputError(
      `${metric}: ${argument}.data must be a Float64Array, got ${describeValue(data)}`,
    );
  }
  if (typeof rows !== 'number' || !Number.isSafeInteger(rows) || rows < 0) {
    throw new MetricInputError(
      `${metric}: ${argument}.rows must be a non-negative integer, got ${describeValue(rows)}`,
    );
  }
  if (typeof cols !== 'number' || !Number.isSafeInteger(cols) || cols < 1) {
    throw new MetricInputError(
      `${metric}: ${argument}.cols must be a positive integer, got ${describeValue(cols)}`,
    );
  }
  if (data.length !== rows * cols) {
    throw new MetricInputError(
      `${metric}: ${argument}.data must have rows * cols = ${rows} * ${cols} = ${rows * cols} elements, got ${data.length}`,
    );
  }
  if (rows < minRows) {
    throw new MetricInputError(
      `${metric}: ${argument} must have at least ${minRows} rows (samples), got ${rows}`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const row = Math.floor(i / cols);
      throw new MetricInputError(
        `${metric}: ${argument}[${row}, ${i - row * cols}] must be finite, got ${describeValue(data[i])}`,
      );
    }
  }
  return { data, rows, cols };
}

/** Rejects two matrices whose feature dimensions differ. */
export function checkSameColumns(
  metric: string,
  first: [string, Matrix],
  second: [string, Matrix],
): void {
  if (first[1].cols !== second[1].cols) {
    throw new MetricInputError(
      `${metric}: ${second[0]} must have as many columns as ${first[0]} (${first[1].cols}), got ${second[1].cols}`,
    );
  }
}

/** Column j of a matrix as a new array. */
export function column(matrix: Matrix, j: number): Float64Array {
  const out = new Float64Array(matrix.rows);
  for (let i = 0; i < matrix.rows; i++) {
    out[i] = matrix.data[i * matrix.cols + j];
  }
  return out;
}
