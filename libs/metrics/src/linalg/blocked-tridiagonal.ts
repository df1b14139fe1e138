import { KernelJobKind, SymmetricParam } from '../parallel/kernel-jobs';
import { KernelPool } from '../parallel/kernel-pool';
import { loadNativeKernel, type NativeKernel } from './native-kernel';
import { packedBytes, runPackedUpdate } from './pooled-products';
import { symmetricEigen, tridiagonalEigenvalues } from './symmetric-eigen';

/**
 * Eigenvalues of a large symmetric matrix with most of the work on the kernel pool: a blocked
 * Householder reduction to tridiagonal form, then the O(n²) QL iterations of
 * `tridiagonalEigenvalues`.
 *
 * The reduction is the Householder tridiagonalisation of Golub & Van Loan (Matrix
 * Computations, 3rd ed., Algorithm 8.3.1), arranged in panels as LAPACK's dsytrd/dlatrd do
 * it. The reflectors of a panel of PANEL columns are gathered as the correction
 * A − V·Wᵀ − W·Vᵀ. That correction reaches the rest of the matrix once per panel, as a
 * rank-2·PANEL product on the SIMD kernel. What remains is one symmetric matrix-vector
 * product per column over the part not yet reduced, about half of the work: d³/3
 * multiply-adds that read the upper triangle once. Its rows are split into SYMMETRIC_UNITS
 * shares, which the pool's threads take in any order, and each share sums into a vector of
 * its own. The vectors are added in share order, so the eigenvalues do not depend on the
 * number of threads.
 */

/** Columns per panel; a multiple of 4, the kernel's tile, so trailing blocks start on a tile. */
const PANEL = 32;

/**
 * Order of the unreduced part below which its matrix-vector product runs on the calling
 * thread alone. NOTE: an estimate. At 256 the product is about 65,000 multiply-adds, tens of
 * microseconds, close to what waking the other threads costs.
 */
const SPLIT_MIN_ORDER = 256;

/**
 * Shares of each matrix-vector product above SPLIT_MIN_ORDER: fixed, so that the sums do not
 * depend on the number of threads, and several per thread on up to 8 cores for balance.
 */
const SYMMETRIC_UNITS = 8;

/**
 * Order from which the blocked routines run on the pool. Below it a panel's trailing update is
 * too small to repay packing and waking the threads. NOTE: an estimate, not a measured
 * crossover (at orders 128 to 300 both routes took tens of milliseconds on a loaded machine).
 */
export const BLOCKED_MIN_ORDER = 128;

/**
 * Eigenvalues, ascending, of the symmetric n×n row-major matrix `a` (its upper triangle is
 * read). Large orders run blocked on the kernel pool; small ones, or a runtime without the
 * pool, use `symmetricEigen`. `a` is not modified.
 */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  const pool = n >= BLOCKED_MIN_ORDER ? KernelPool.get() : null;
  if (pool === null) return symmetricEigen(a, n).values;
  const { diagonal, offDiagonal } = tridiagonalizeOnPool(pool, a, n);
  return tridiagonalEigenvalues(diagonal, offDiagonal);
}

/** The tridiagonal form: diagonal[i], and offDiagonal[i] coupling i − 1 and i (i ≥ 1). */
export interface Tridiagonal {
  diagonal: Float64Array;
  offDiagonal: Float64Array;
}

/**
 * Householder vectors V and the matching W of one panel, vector t of each at t·n (global row
 * indices, zero outside its support).
 */
interface PanelVectors {
  v: Float64Array;
  w: Float64Array;
}

/**
 * The working matrix (n×n in rows of `ld` entries, upper triangle current) and the vectors of
 * one matrix-vector product y = A·x, all in the pool's memory at the given byte offsets, and
 * the packed factors of a trailing update.
 */
interface Workspace {
  matrix: Float64Array;
  matrixOffset: number;
  ld: number;
  x: Float64Array;
  xOffset: number;
  y: Float64Array;
  yOffset: number;
  /** One vector of `ld` doubles per share of A·x (SYMMETRIC_UNITS of them). */
  partials: number;
  /** The native kernel for the per-column panel steps, or null for the JavaScript loops. */
  native: NativeKernel | null;
  left: number;
  right: number;
}

/** Places a copy of `a` and the vectors in the pool's memory (see `Workspace`). */
function allocateWorkspace(pool: KernelPool, a: Float64Array, n: number): Workspace {
  const ld = Math.ceil(n / 4) * 4;
  pool.reset();
  const matrixOffset = pool.allocate(ld * ld * 8);
  const xOffset = pool.allocate(ld * 8);
  const yOffset = pool.allocate(ld * 8);
  const partials = pool.allocate(SYMMETRIC_UNITS * ld * 8);
  const left = pool.allocate(packedBytes(ld, 2 * PANEL));
  const right = pool.allocate(packedBytes(ld, 2 * PANEL));
  const matrix = new Float64Array(pool.buffer, matrixOffset, ld * ld);
  matrix.fill(0);
  for (let i = 0; i < n; i++) matrix.set(a.subarray(i * n + i, i * n + n), i * ld + i);
  const x = new Float64Array(pool.buffer, xOffset, ld);
  const y = new Float64Array(pool.buffer, yOffset, ld);
  const native = loadNativeKernel().kernel;
  return { matrix, matrixOffset, ld, x, xOffset, y, yOffset, partials, native, left, right };
}

/**
 * Reduces `a` to tridiagonal form Qᵀ·a·Q. The working copy lives in the pool's memory with
 * rows padded to a multiple of 4, so that the kernel's whole tiles stay inside it.
 */
export function tridiagonalizeOnPool(pool: KernelPool, a: Float64Array, n: number): Tridiagonal {
  const work = allocateWorkspace(pool, a, n);
  const diagonal = new Float64Array(n);
  const offDiagonal = new Float64Array(n);
  const vectors: PanelVectors = { v: new Float64Array(PANEL * n), w: new Float64Array(PANEL * n) };
  for (let k0 = 0; k0 < n; k0 += PANEL) {
    const k1 = Math.min(n, k0 + PANEL);
    vectors.v.fill(0);
    vectors.w.fill(0);
    for (let j = k0; j < k1; j++) {
      diagonal[j] = reduceColumn(pool, work, n, j, j - k0, vectors, offDiagonal);
    }
    if (k1 < n) {
      const panels = Math.ceil((n - k1) / 4);
      packTrailingFactors(pool.buffer, work, vectors, n, k1, k1 - k0, panels);
      const block = work.matrixOffset + (k1 * work.ld + k1) * 8;
      runPackedUpdate(pool, work.left, work.right, panels, 2 * (k1 - k0), block, work.ld * 8);
    }
  }
  return { diagonal, offDiagonal };
}

/**
 * Step j of the panel (its column `t` of the panel): brings row j up to date with the panel's
 * earlier reflectors, forms the reflector that zeros row j beyond j + 1 (its β goes to
 * offDiagonal[j + 1]), and stores v and w = τ·(A·v) − (τ²/2)(vᵀA·v)·v, where A·v includes the
 * panel's earlier corrections. Returns the diagonal entry A[j, j].
 */
function reduceColumn(
  pool: KernelPool,
  work: Workspace,
  n: number,
  j: number,
  t: number,
  vectors: PanelVectors,
  offDiagonal: Float64Array,
): number {
  const { matrix, ld, x, y, native } = work;
  const { v, w } = vectors;
  const row = j * ld;
  if (native !== null) {
    native.panelStep(0, matrix, row, v, w, t, n, j, v);
  } else {
    for (let s = 0; s < t; s++) {
      const base = s * n;
      const wj = w[base + j];
      const vj = v[base + j];
      for (let c = j; c < n; c++) matrix[row + c] -= v[base + c] * wj + w[base + c] * vj;
    }
  }
  const start = j + 1;
  if (start >= n) return matrix[row + j];

  const vt = v.subarray(t * n, t * n + n);
  vt.set(matrix.subarray(row + start, row + n), start);
  const { beta, tau } = householder(vt, start, n);
  offDiagonal[start] = beta;
  if (tau === 0) {
    vt.fill(0);
    return matrix[row + j];
  }
  x.set(vt.subarray(start), start);
  symmetricTimesVector(pool, work, start, n);
  subtractPanelCorrections(vectors, t, start, n, vt, y, native);
  const wt = w.subarray(t * n, t * n + n);
  let dot = 0;
  for (let c = start; c < n; c++) {
    wt[c] = tau * y[c];
    dot += wt[c] * vt[c];
  }
  const shift = -0.5 * tau * dot;
  for (let c = start; c < n; c++) wt[c] += shift * vt[c];
  return matrix[row + j];
}

/**
 * Householder reflector H = I − τ·v·vᵀ with H·x = β·e₁ for x = v[start..n), normalised so that
 * v[start] = 1, with β = −sign(x₀)·‖x‖ and τ = (β − x₀)/β. x is scaled by its
 * largest entry before squaring, so no sum of squares overflows or underflows. τ = 0 when x
 * already has zeros below its first entry.
 */
function householder(v: Float64Array, start: number, n: number): { beta: number; tau: number } {
  const alpha = v[start];
  let tail = 0;
  for (let c = start + 1; c < n; c++) tail = Math.max(tail, Math.abs(v[c]));
  if (tail === 0) return { beta: alpha, tau: 0 };
  const scale = Math.max(tail, Math.abs(alpha));
  let squares = 0;
  for (let c = start; c < n; c++) squares += (v[c] / scale) ** 2;
  const norm = scale * Math.sqrt(squares);
  const beta = alpha >= 0 ? -norm : norm;
  const factor = 1 / (alpha - beta);
  for (let c = start + 1; c < n; c++) v[c] *= factor;
  v[start] = 1;
  return { beta, tau: (beta - alpha) / beta };
}

/**
 * y[start..n) = A·x over rows and columns [start, n) of the symmetric matrix, reading each
 * entry of its upper triangle once: row r adds to y[r] its dot product with x and to y[c]
 * (c > r) its entry times x[r]. The rows go to the pool as a `Symmetric` job of
 * SYMMETRIC_UNITS shares (one below SPLIT_MIN_ORDER), and the shares' vectors are added in
 * share order.
 */
function symmetricTimesVector(pool: KernelPool, work: Workspace, start: number, n: number): void {
  const units = n - start < SPLIT_MIN_ORDER ? 1 : SYMMETRIC_UNITS;
  const params: number[] = [];
  params[SymmetricParam.Matrix] = work.matrixOffset;
  params[SymmetricParam.Ld] = work.ld;
  params[SymmetricParam.X] = work.xOffset;
  params[SymmetricParam.Y] = work.partials;
  params[SymmetricParam.YStride] = work.ld * 8;
  params[SymmetricParam.Start] = start;
  params[SymmetricParam.N] = n;
  pool.run({ kind: KernelJobKind.Symmetric, params, units, dynamic: true });

  const partials = new Float64Array(pool.buffer, work.partials, units * work.ld);
  const { y, ld } = work;
  y.set(partials.subarray(start, n), start);
  for (let u = 1; u < units; u++) {
    for (let c = start; c < n; c++) y[c] += partials[u * ld + c];
  }
}

/**
 * y −= V·(Wᵀ·x) + W·(Vᵀ·x) over the panel's first t vectors, on [start, n): the part of
 * the current A·x that the panel's earlier reflectors contribute before the trailing update.
 */
function subtractPanelCorrections(
  vectors: PanelVectors,
  t: number,
  start: number,
  n: number,
  x: Float64Array,
  y: Float64Array,
  native: NativeKernel | null,
): void {
  const { v, w } = vectors;
  if (native !== null) {
    native.panelStep(1, y, 0, v, w, t, n, start, x);
    return;
  }
  for (let s = 0; s < t; s++) {
    const base = s * n;
    let wx = 0;
    let vx = 0;
    for (let c = start; c < n; c++) {
      wx += w[base + c] * x[c];
      vx += v[base + c] * x[c];
    }
    for (let c = start; c < n; c++) y[c] -= v[base + c] * wx + w[base + c] * vx;
  }
}

/**
 * Packs rows [k1, n) of the panel's vectors for the trailing update A −= V·Wᵀ + W·Vᵀ as
 * left = [−V, −W] and right = [W, V] (k = 2·width), so that left·rightᵀ is the correction.
 * Rows past n up to 4·panels are zeros.
 */
function packTrailingFactors(
  buffer: ArrayBufferLike,
  work: Workspace,
  vectors: PanelVectors,
  n: number,
  k1: number,
  width: number,
  panels: number,
): void {
  const k = 2 * width;
  const left = new Float64Array(buffer, work.left, panels * k * 4);
  const right = new Float64Array(buffer, work.right, panels * k * 4);
  left.fill(0);
  right.fill(0);
  const { v, w } = vectors;
  for (let s = 0; s < width; s++) {
    const base = s * n;
    for (let r = k1; r < n; r++) {
      const local = r - k1;
      const vOffset = ((local >> 2) * k + s) * 4 + (local & 3);
      const wOffset = vOffset + width * 4;
      left[vOffset] = -v[base + r];
      left[wOffset] = -w[base + r];
      right[vOffset] = w[base + r];
      right[wOffset] = v[base + r];
    }
  }
}
