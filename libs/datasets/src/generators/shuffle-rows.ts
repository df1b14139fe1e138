import type { Xoshiro128 } from '../random/xoshiro128';

/**
 * Fisher–Yates shuffle of the rows of X (row-major, n × d) and of y together, drawing from
 * `random`, so that the classes of a generated set do not come in blocks.
 */
export function shuffleRows(
  random: Xoshiro128,
  X: Float64Array,
  y: Int32Array,
  n: number,
  d: number,
): void {
  const buffer = new Float64Array(d);
  for (let i = n - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    if (j === i) continue;
    buffer.set(X.subarray(i * d, i * d + d));
    X.copyWithin(i * d, j * d, j * d + d);
    X.set(buffer, j * d);
    const label = y[i];
    y[i] = y[j];
    y[j] = label;
  }
}

/** Orthonormal d × d matrix, row-major, columns from a Gaussian matrix by modified Gram–Schmidt. */
export function randomOrthogonal(random: Xoshiro128, d: number): Float64Array {
  const columns: Float64Array[] = [];
  for (let j = 0; j < d; j++) {
    const column = new Float64Array(d);
    for (let i = 0; i < d; i++) column[i] = random.nextNormal();
    for (const previous of columns) {
      let dot = 0;
      for (let i = 0; i < d; i++) dot += previous[i] * column[i];
      for (let i = 0; i < d; i++) column[i] -= dot * previous[i];
    }
    let norm = 0;
    for (let i = 0; i < d; i++) norm += column[i] * column[i];
    norm = Math.sqrt(norm);
    // A Gaussian matrix is singular with probability 0; the guard only makes that explicit.
    if (norm === 0) throw new Error('the random matrix for an orthogonal basis was singular');
    for (let i = 0; i < d; i++) column[i] /= norm;
    columns.push(column);
  }
  const Q = new Float64Array(d * d);
  for (let j = 0; j < d; j++) for (let i = 0; i < d; i++) Q[i * d + j] = columns[j][i];
  return Q;
}
