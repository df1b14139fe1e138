import {
  KernelJobKind,
  productPanelsPerUnit,
  ProductParam,
  unitCount,
} from '../parallel/kernel-jobs';
import { KernelPool } from '../parallel/kernel-pool';
import { loadNativeKernel } from './native-kernel';

/**
 * Products below this many multiply-adds stay on the JavaScript kernels: they take a few
 * milliseconds there, less than packing and waking the worker threads.
 */
export const POOL_MIN_MULTIPLY_ADDS = 1 << 22;

/** Bytes of the packed panels of m rows of length k. */
export function packedBytes(m: number, k: number): number {
  return Math.ceil(m / 4) * k * 32;
}

/**
 * Packs the rows of a row-major m×k matrix into panels of 4 rows, k-major (see
 * `kernel-jobs.ts`), at byte `offset` of `buffer`. Rows past m are zeros.
 */
export function packRowPanels(
  buffer: ArrayBufferLike,
  offset: number,
  a: ArrayLike<number>,
  m: number,
  k: number,
): void {
  const panels = Math.ceil(m / 4);
  const out = new Float64Array(buffer, offset, panels * k * 4);
  for (let I = 0; I < panels; I++) {
    for (let r = 0; r < 4; r++) {
      const row = 4 * I + r;
      const base = I * k * 4 + r;
      if (row >= m) {
        for (let p = 0; p < k; p++) out[base + 4 * p] = 0;
        continue;
      }
      for (let p = 0; p < k; p++) out[base + 4 * p] = a[row * k + p];
    }
  }
}

/**
 * Rows per block of `packColumnPanels`: 64 rows of up to a few thousand columns stay in the
 * L2 cache while every panel takes its 4 columns of them.
 */
const PACK_ROW_BLOCK = 64;

/**
 * Packs the columns of a row-major rows×cols matrix, each minus `shift[column]` and times
 * `scale`, as the rows of a cols×rows matrix: panel g contains columns 4g..4g+3 over all rows.
 * The value stored is (data[i, j] − shift[j])·scale, computed in that order. It walks blocks
 * of rows, so that the strided reads of a column hit the cache. Float64Array data goes to the
 * native kernel where it loaded (the same values, several times faster).
 */
export function packColumnPanels(
  buffer: ArrayBufferLike,
  offset: number,
  data: ArrayLike<number>,
  rows: number,
  cols: number,
  shift: Float64Array,
  scale: number,
): void {
  const native = loadNativeKernel().kernel;
  if (native !== null && data instanceof Float64Array && offset % 8 === 0) {
    native.packColumns(new Float64Array(buffer), offset / 8, data, rows, cols, shift, scale);
    return;
  }
  const panels = Math.ceil(cols / 4);
  const out = new Float64Array(buffer, offset, panels * rows * 4);
  out.fill(0);
  for (let i0 = 0; i0 < rows; i0 += PACK_ROW_BLOCK) {
    const i1 = Math.min(rows, i0 + PACK_ROW_BLOCK);
    for (let g = 0; g < panels; g++) {
      const base = g * rows * 4;
      const width = Math.min(4, cols - 4 * g);
      for (let i = i0; i < i1; i++) {
        const source = i * cols + 4 * g;
        for (let r = 0; r < width; r++) {
          out[base + 4 * i + r] = (data[source + r] - shift[4 * g + r]) * scale;
        }
      }
    }
  }
}

/**
 * Runs C = A·Bᵀ on packed panels already in the pool's memory and copies it to `out` (m×n);
 * with `upperOnly`, only 4×4 tiles on or above the diagonal are computed and copied. With
 * `aTriangular` the caller promises that row r of A is zero before column r.
 */
export function runPackedProduct(
  pool: KernelPool,
  a: number,
  m: number,
  b: number,
  n: number,
  k: number,
  out: Float64Array,
  upperOnly: boolean,
  aTriangular = false,
): void {
  const aPanels = Math.ceil(m / 4);
  const bPanels = Math.ceil(n / 4);
  const width = bPanels * 4;
  const c = pool.allocate(aPanels * 4 * width * 8);
  const product = new Float64Array(pool.buffer, c, aPanels * 4 * width);
  product.fill(0);
  runProductJob(pool, { a, b, c, aPanels, bPanels, k, upperOnly, ldc: 0, aTriangular });
  for (let i = 0; i < m; i++) {
    const first = upperOnly ? i - (i % 4) : 0;
    out.set(product.subarray(i * width + first, i * width + n), i * n + first);
  }
}

/**
 * out (m×n) = a·bᵀ on the kernel pool (see `productRowsTimesRows`, whose values it matches
 * bit for bit). Returns false, computing nothing, when the product is small or the pool is
 * unavailable.
 */
export function pooledProductRowsTimesRows(
  a: Float64Array,
  m: number,
  b: Float64Array,
  n: number,
  k: number,
  out: Float64Array,
  upperOnly: boolean,
  aTriangular = false,
): boolean {
  if (m * n * k < POOL_MIN_MULTIPLY_ADDS || k === 0) return false;
  const pool = KernelPool.get();
  if (pool === null) return false;
  pool.reset();
  const packedA = pool.allocate(packedBytes(m, k));
  packRowPanels(pool.buffer, packedA, a, m, k);
  let packedB = packedA;
  if (b !== a || n !== m) {
    packedB = pool.allocate(packedBytes(n, k));
    packRowPanels(pool.buffer, packedB, b, n, k);
  }
  runPackedProduct(pool, packedA, m, packedB, n, k, out, upperOnly, aTriangular);
  return true;
}

/**
 * C += A·Bᵀ in place on the tiles J ≥ I of a square block of a matrix in the pool's memory:
 * `c` is the byte offset of the block's first element, `ldc` the bytes between its rows, and
 * `a`, `b` are packed panels of `panels` row panels of length k. The block and the rows of
 * the matrix after it must extend to 4·panels (pad the matrix), since whole tiles are written.
 */
export function runPackedUpdate(
  pool: KernelPool,
  a: number,
  b: number,
  panels: number,
  k: number,
  c: number,
  ldc: number,
): void {
  const job = { a, b, c, aPanels: panels, bPanels: panels, k, upperOnly: true, ldc };
  runProductJob(pool, { ...job, aTriangular: false });
}

/** A product job's operands (byte offsets), shapes and options, as `ProductParam` lists them. */
interface ProductJob {
  a: number;
  b: number;
  c: number;
  aPanels: number;
  bPanels: number;
  k: number;
  upperOnly: boolean;
  /** Bytes between rows of C; 0 for a packed C. */
  ldc: number;
  aTriangular: boolean;
}

function runProductJob(pool: KernelPool, job: ProductJob): void {
  const params: number[] = [];
  params[ProductParam.A] = job.a;
  params[ProductParam.B] = job.b;
  params[ProductParam.C] = job.c;
  params[ProductParam.ARowPanels] = job.aPanels;
  params[ProductParam.BRowPanels] = job.bPanels;
  params[ProductParam.K] = job.k;
  params[ProductParam.UpperOnly] = job.upperOnly ? 1 : 0;
  params[ProductParam.Ldc] = job.ldc;
  params[ProductParam.ATriangular] = job.aTriangular ? 1 : 0;
  const panelsPerUnit = productPanelsPerUnit(job.aPanels, pool.threads);
  params[ProductParam.PanelsPerUnit] = panelsPerUnit;
  const units = unitCount(job.aPanels, panelsPerUnit);
  pool.run({ kind: KernelJobKind.Product, params, units, dynamic: true });
}
