import { KernelPool } from '../parallel/kernel-pool';
import { BLOCKED_MIN_ORDER } from './blocked-tridiagonal';
import { cholesky, transpose } from './dense';
import { packedBytes, runPackedUpdate } from './pooled-products';

/** Rows per panel; a multiple of 4, the kernel's tile, so trailing blocks start on a tile. */
const PANEL = 32;

/**
 * Upper Cholesky factor R of a symmetric n×n row-major matrix (A = Rᵀ·R, so R = Lᵀ for the
 * lower factor L; row i of R is column i of L), or undefined when a pivot is not above
 * `relativeTolerance` times the largest diagonal entry, as `cholesky` decides.
 *
 * Large orders run the right-looking block Cholesky, the variant of LAPACK's dpotrf that
 * factors a panel and then downdates the whole trailing matrix. A panel of PANEL rows is
 * factored on the calling thread. The rest of the matrix then loses the panel's rank-PANEL
 * product R12ᵀ·R12 on the kernel pool, which carries nearly all of the n³/6 multiply-adds.
 * Small orders, or a runtime without the pool, use `cholesky`.
 */
export function upperCholeskyFactor(
  a: Float64Array,
  n: number,
  relativeTolerance = 1e-12,
): Float64Array | undefined {
  const pool = n >= BLOCKED_MIN_ORDER ? KernelPool.get() : null;
  if (pool === null) {
    const lower = cholesky(a, n, relativeTolerance);
    return lower === undefined ? undefined : transpose(lower, n, n);
  }
  let maxDiagonal = 0;
  for (let i = 0; i < n; i++) maxDiagonal = Math.max(maxDiagonal, a[i * n + i]);
  const floor = relativeTolerance * maxDiagonal;

  const ld = Math.ceil(n / 4) * 4;
  pool.reset();
  const matrixOffset = pool.allocate(ld * ld * 8);
  const left = pool.allocate(packedBytes(ld, PANEL));
  const right = pool.allocate(packedBytes(ld, PANEL));
  const matrix = new Float64Array(pool.buffer, matrixOffset, ld * ld);
  matrix.fill(0);
  for (let i = 0; i < n; i++) matrix.set(a.subarray(i * n + i, i * n + n), i * ld + i);

  for (let k0 = 0; k0 < n; k0 += PANEL) {
    const k1 = Math.min(n, k0 + PANEL);
    if (!factorPanel(matrix, ld, n, k0, k1, floor)) return undefined;
    if (k1 < n) {
      const panels = Math.ceil((n - k1) / 4);
      packPanelRows(pool.buffer, left, right, matrix, ld, n, k0, k1, panels);
      runPackedUpdate(pool, left, right, panels, k1 - k0, matrixOffset + (k1 * ld + k1) * 8, ld * 8); // prettier-ignore
    }
  }
  const factor = new Float64Array(n * n);
  for (let i = 0; i < n; i++) factor.set(matrix.subarray(i * ld + i, i * ld + n), i * n + i);
  return factor;
}

/**
 * Turns rows [k0, k1) of the working matrix into rows of R, over all columns from the
 * diagonal on. Row i loses Σ R[t, i]·R[t, ·] over the panel's earlier rows t and is then
 * divided by the square root of its pivot. The rows already carry the downdates of earlier
 * panels. Returns false at a pivot not above `floor`.
 */
function factorPanel(
  matrix: Float64Array,
  ld: number,
  n: number,
  k0: number,
  k1: number,
  floor: number,
): boolean {
  for (let i = k0; i < k1; i++) {
    const row = i * ld;
    for (let t = k0; t < i; t++) {
      const factor = matrix[t * ld + i];
      const source = t * ld;
      for (let c = i; c < n; c++) matrix[row + c] -= factor * matrix[source + c];
    }
    const pivot = matrix[row + i];
    if (!(pivot > floor)) return false;
    const root = Math.sqrt(pivot);
    matrix[row + i] = root;
    for (let c = i + 1; c < n; c++) matrix[row + c] /= root;
  }
  return true;
}

/**
 * Packs columns [k1, n) of the panel's rows of R as the rows of R12ᵀ, negated into `left`
 * and as they are into `right` (k = k1 − k0), so that left·rightᵀ = −R12ᵀ·R12.
 */
function packPanelRows(
  buffer: ArrayBufferLike,
  left: number,
  right: number,
  matrix: Float64Array,
  ld: number,
  n: number,
  k0: number,
  k1: number,
  panels: number,
): void {
  const k = k1 - k0;
  const leftView = new Float64Array(buffer, left, panels * k * 4);
  const rightView = new Float64Array(buffer, right, panels * k * 4);
  leftView.fill(0);
  rightView.fill(0);
  for (let t = k0; t < k1; t++) {
    const source = t * ld;
    for (let c = k1; c < n; c++) {
      const local = c - k1;
      const offset = ((local >> 2) * k + t - k0) * 4 + (local & 3);
      leftView[offset] = -matrix[source + c];
      rightView[offset] = matrix[source + c];
    }
  }
}
