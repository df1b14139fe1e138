import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KernelPool } from '../parallel/kernel-pool';
import { mulberry32 } from '../random/mulberry32';
import { upperCholeskyFactor } from './blocked-cholesky';
import { BLOCKED_MIN_ORDER, symmetricEigenvalues } from './blocked-tridiagonal';
import { cholesky, gramOfRows, productRowsTimesRowsInJavaScript } from './dense';
import { symmetricEigen } from './symmetric-eigen';

// 203 is above BLOCKED_MIN_ORDER and a multiple of neither the panel width (32) nor the tile
// (4), so the last panel and the padded rows are exercised.
const ORDER = 203;

function randomSymmetric(seed: number, n: number): Float64Array {
  const random = mulberry32(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = random() - 0.5;
  }
  return a;
}

/** Gram matrix of `rank` random rows of length n, shifted by `shift`·I: PSD of that rank. */
function randomGram(seed: number, n: number, rank: number, shift = 0): Float64Array {
  const random = mulberry32(seed);
  const rows = Float64Array.from({ length: rank * n }, () => random() - 0.5);
  const transposed = new Float64Array(n * rank);
  for (let r = 0; r < rank; r++) {
    for (let c = 0; c < n; c++) transposed[c * rank + r] = rows[r * n + c];
  }
  const gram = gramOfRows(transposed, n, rank);
  for (let i = 0; i < n; i++) gram[i * n + i] += shift;
  return gram;
}

function assertCloseValues(got: Float64Array, expected: Float64Array, relative: number): void {
  assert.equal(got.length, expected.length);
  let largest = 0;
  for (const value of expected) largest = Math.max(largest, Math.abs(value));
  for (let i = 0; i < got.length; i++) {
    const gap = Math.abs(got[i] - expected[i]);
    assert.ok(gap <= relative * largest, `value ${i}: ${got[i]} vs ${expected[i]}`);
  }
}

void describe('symmetricEigenvalues (blocked, on the kernel pool)', () => {
  void it('runs blocked at this order', () => {
    assert.ok(ORDER >= BLOCKED_MIN_ORDER);
    assert.notEqual(KernelPool.get(), null);
  });

  void it('random matrix like unblocked solver', () => {
    const a = randomSymmetric(11, ORDER);
    const expected = symmetricEigen(a, ORDER).values;
    assertCloseValues(symmetricEigenvalues(a, ORDER), expected, 1e-13 * ORDER);
  });

  void it('random matrix split among threads like unblocked solver', () => {
    // Above SPLIT_MIN_ORDER (256), so the first columns' matrix-vector rows are shared out.
    const order = 301;
    const a = randomSymmetric(14, order);
    const expected = symmetricEigen(a, order).values;
    assertCloseValues(symmetricEigenvalues(a, order), expected, 1e-13 * order);
  });

  void it('rank-deficient Gram matrix zeros', () => {
    const rank = 40;
    const gram = randomGram(12, ORDER, rank);
    const values = symmetricEigenvalues(gram, ORDER);
    assertCloseValues(values, symmetricEigen(gram, ORDER).values, 1e-13 * ORDER);
    const largest = values[ORDER - 1];
    const nonzero = values.filter((value) => value > 1e-10 * largest).length;
    assert.equal(nonzero, rank);
  });

  void it('already reduced row', () => {
    // Block diagonal: the first block's last row has zeros beyond the sub-diagonal.
    const a = randomSymmetric(13, ORDER);
    for (let i = 0; i < 100; i++) {
      for (let j = 100; j < ORDER; j++) a[i * ORDER + j] = a[j * ORDER + i] = 0;
    }
    assertCloseValues(symmetricEigenvalues(a, ORDER), symmetricEigen(a, ORDER).values, 1e-12);
  });

  void it('diagonal matrix, sorted', () => {
    const a = new Float64Array(ORDER * ORDER);
    for (let i = 0; i < ORDER; i++) a[i * ORDER + i] = (i * 37) % ORDER;
    const expected = Float64Array.from({ length: ORDER }, (_, i) => i);
    assert.deepEqual(symmetricEigenvalues(a, ORDER), expected);
  });
});

void describe('upperCholeskyFactor (blocked, on the kernel pool)', () => {
  void it('positive definite matrix as Rᵀ·R', () => {
    const a = randomGram(21, ORDER, ORDER + 50, 0.1);
    const factor = upperCholeskyFactor(a, ORDER) as Float64Array;
    assert.notEqual(factor, undefined);
    for (let i = 0; i < ORDER; i++) {
      for (let j = 0; j < i; j++) assert.equal(factor[i * ORDER + j], 0, `R[${i}, ${j}]`);
    }
    // Column i of R is row i of Rᵀ, so Rᵀ·R is the Gram matrix of R's columns.
    const columns = new Float64Array(ORDER * ORDER);
    for (let i = 0; i < ORDER; i++) {
      for (let j = 0; j < ORDER; j++) columns[j * ORDER + i] = factor[i * ORDER + j];
    }
    const product = new Float64Array(ORDER * ORDER);
    productRowsTimesRowsInJavaScript(columns, ORDER, columns, ORDER, ORDER, product);
    assertCloseValues(product, a, 1e-13);
  });

  void it('matches unblocked factor', () => {
    const a = randomGram(22, ORDER, 2 * ORDER, 0.01);
    const lower = cholesky(a, ORDER) as Float64Array;
    const factor = upperCholeskyFactor(a, ORDER) as Float64Array;
    const transposed = new Float64Array(ORDER * ORDER);
    for (let i = 0; i < ORDER; i++) {
      for (let j = 0; j < ORDER; j++) transposed[j * ORDER + i] = lower[i * ORDER + j];
    }
    assertCloseValues(factor, transposed, 1e-12);
  });

  void it('singular matrix declined', () => {
    const a = randomGram(23, ORDER, 120);
    assert.equal(cholesky(a, ORDER), undefined);
    assert.equal(upperCholeskyFactor(a, ORDER), undefined);
  });
});
