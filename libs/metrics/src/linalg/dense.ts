import { pooledProductRowsTimesRows } from './pooled-products';

/**
 * Float64 dense kernels for the metrics. JavaScript has no float64 SIMD, so these are plain
 * loops with 4×4 register blocks, which V8 runs at roughly 1 to 2 GFLOP/s per core; large
 * products go to the SIMD kernels on all cores (`pooled-products.ts`: native AVX2 or
 * WebAssembly), which give the same values bit for bit.
 */

/**
 * Gram matrix of the rows of `a` (m rows of length k, row-major): out[i, j] = a_i · a_j, m×m.
 * Only the upper block triangle is computed, then mirrored.
 */
export function gramOfRows(a: Float64Array, m: number, k: number): Float64Array {
  const out = new Float64Array(m * m);
  productRowsTimesRows(a, m, a, m, k, out, true);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < i; j++) out[i * m + j] = out[j * m + i];
  }
  return out;
}

/**
 * out (m×n) = a · bᵀ, where a is m×k and b is n×k, both row-major: out[i, j] = a_i · b_j.
 * With `upperOnly`, blocks strictly below the diagonal are skipped (a symmetric product).
 * `aTriangular` marks that row i of a is zero before column i, which the pool then skips.
 */
export function productRowsTimesRows(
  a: Float64Array,
  m: number,
  b: Float64Array,
  n: number,
  k: number,
  out: Float64Array,
  upperOnly = false,
  aTriangular = false,
): void {
  if (!pooledProductRowsTimesRows(a, m, b, n, k, out, upperOnly, aTriangular)) {
    productRowsTimesRowsInJavaScript(a, m, b, n, k, out, upperOnly);
  }
}

/** `productRowsTimesRows` in plain JavaScript on the calling thread. */
export function productRowsTimesRowsInJavaScript(
  a: Float64Array,
  m: number,
  b: Float64Array,
  n: number,
  k: number,
  out: Float64Array,
  upperOnly = false,
): void {
  const mMain = m - (m % 4);
  const nMain = n - (n % 4);
  for (let i = 0; i < mMain; i += 4) {
    const a0 = i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    const jStart = upperOnly ? i : 0;
    for (let j = jStart; j < nMain; j += 4) {
      const b0 = j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0; // prettier-ignore
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0; // prettier-ignore
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0; // prettier-ignore
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0; // prettier-ignore
      for (let p = 0; p < k; p++) {
        const x0 = a[a0 + p];
        const x1 = a[a1 + p];
        const x2 = a[a2 + p];
        const x3 = a[a3 + p];
        const y0 = b[b0 + p];
        const y1 = b[b1 + p];
        const y2 = b[b2 + p];
        const y3 = b[b3 + p];
        c00 += x0 * y0;
        c01 += x0 * y1;
        c02 += x0 * y2;
        c03 += x0 * y3; // prettier-ignore
        c10 += x1 * y0;
        c11 += x1 * y1;
        c12 += x1 * y2;
        c13 += x1 * y3; // prettier-ignore
        c20 += x2 * y0;
        c21 += x2 * y1;
        c22 += x2 * y2;
        c23 += x2 * y3; // prettier-ignore
        c30 += x3 * y0;
        c31 += x3 * y1;
        c32 += x3 * y2;
        c33 += x3 * y3; // prettier-ignore
      }
      let o = i * n + j;
      out[o] = c00;
      out[o + 1] = c01;
      out[o + 2] = c02;
      out[o + 3] = c03; // prettier-ignore
      o += n;
      out[o] = c10;
      out[o + 1] = c11;
      out[o + 2] = c12;
      out[o + 3] = c13; // prettier-ignore
      o += n;
      out[o] = c20;
      out[o + 1] = c21;
      out[o + 2] = c22;
      out[o + 3] = c23; // prettier-ignore
      o += n;
      out[o] = c30;
      out[o + 1] = c31;
      out[o + 2] = c32;
      out[o + 3] = c33; // prettier-ignore
    }
  }
  // Remainder rows and columns, one dot product at a time.
  for (let i = 0; i < m; i++) {
    // Rows of full blocks only miss the remainder columns; the last partial block needs its
    // columns from its own block on (upper) or all of them.
    let jStart = 0;
    if (i < mMain) jStart = nMain;
    else if (upperOnly) jStart = i - (i % 4);
    for (let j = jStart; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[i * k + p] * b[j * k + p];
      out[i * n + j] = sum;
    }
  }
}

/** Transpose of an m×n row-major matrix. */
export function transpose(a: Float64Array, m: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) out[j * m + i] = a[i * n + j];
  }
  return out;
}

/**
 * Lower Cholesky factor L (A = L·Lᵀ) of a symmetric n×n matrix, or undefined when a pivot is
 * not above `relativeTolerance` times the largest diagonal entry, that is, when A is not
 * safely positive definite.
 */
export function cholesky(
  a: Float64Array,
  n: number,
  relativeTolerance = 1e-12,
): Float64Array | undefined {
  let maxDiagonal = 0;
  for (let i = 0; i < n; i++) maxDiagonal = Math.max(maxDiagonal, a[i * n + i]);
  const floor = relativeTolerance * maxDiagonal;
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let pivot = a[rowJ + j];
    for (let p = 0; p < j; p++) pivot -= l[rowJ + p] * l[rowJ + p];
    if (!(pivot > floor)) {
      return undefined;
    }
    const root = Math.sqrt(pivot);
    l[rowJ + j] = root;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      l[rowI + j] = (a[rowI + j] - dotOfPrefix(l, rowI, rowJ, j)) / root;
    }
  }
  return l;
}

/**
 * Σ_{p<length} v[x + p]·v[y + p] in four interleaved partial sums, which run about three
 * times as fast as one running sum (that waits a full add latency per element).
 */
function dotOfPrefix(v: Float64Array, x: number, y: number, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let p = 0;
  for (; p + 4 <= length; p += 4) {
    s0 += v[x + p] * v[y + p];
    s1 += v[x + p + 1] * v[y + p + 1];
    s2 += v[x + p + 2] * v[y + p + 2];
    s3 += v[x + p + 3] * v[y + p + 3];
  }
  for (; p < length; p++) s0 += v[x + p] * v[y + p];
  return s0 + s1 + (s2 + s3);
}
