import { sampleSilhouette } from '../clustering/sample-silhouette';
import { NeighbourHeaps, type NeighbourHeapStorage } from '../retrieval/neighbour-heaps';
import { SKIP_NONE, type NativeKernel } from '../linalg/native-kernel';
import type { SymmetricRowKernel, TileKernel, WasmMemory } from '../linalg/simd-kernel';

/**
 * The jobs that the kernel pool's threads share. A job is split into units (blocks of row
 * panels of 4 rows: 8 per unit, 8 to 32 for products). Each thread, the main one included, runs `runKernelJob` and takes units
 * until none is left. All data lives in the pool's shared WebAssembly memory, addressed by
 * byte offsets in `params`.
 *
 * Packed panels: `packRowPanels` stores 4 rows of a row-major m×k matrix interleaved, k-major
 * (element (4I + r, p) at byte offset 32·(I·k + p) + 8·r), rows past m as zeros.
 */
export const enum KernelJobKind {
  /** C = A·Bᵀ over packed panels; params in `ProductParam` order. */
  Product = 1,
  /** Silhouette s(i) of each sample; params in `SilhouetteParam` order. */
  Silhouette = 2,
  /** k nearest neighbours into per-thread heaps; params in `NeighboursParam` order. */
  Neighbours = 3,
  /** Rows of a symmetric matrix-vector product; params in `SymmetricParam` order. */
  Symmetric = 4,
}

export const enum ProductParam {
  A,
  B,
  C,
  ARowPanels,
  BRowPanels,
  K,
  /** 1: only tiles with J ≥ I (a symmetric product). */
  UpperOnly,
  /** Bytes between rows of C; 0 means C is packed, 32 bytes per B row panel. */
  Ldc,
  /** 1: row r of A is zero before column r (upper triangular), so those blocks are skipped. */
  ATriangular,
  /** Row panels of A per unit (see `productPanelsPerUnit`). */
  PanelsPerUnit,
}

export const enum SilhouetteParam {
  X,
  Panels,
  D,
  N,
  /** Int32 cluster of each row; rows come cluster by cluster. */
  Codes,
  /** Int32 first row of each cluster, and n after the last. */
  Starts,
  /** Float64 member count of each cluster. */
  Sizes,
  /** Float64 squared norm of each row. */
  Norms,
  /** Float64 s(i) of each row: the job's result. */
  Silhouettes,
  /** Per thread `silhouetteSumsBytes(clusters)` of distance sums for one unit's rows. */
  Sums,
  Clusters,
  /** Per thread `SCRATCH_BYTES` of scratch. */
  Scratch,
}

export const enum NeighboursParam {
  Query,
  QueryPanels,
  Reference,
  ReferencePanels,
  D,
  QueryRows,
  ReferenceRows,
  /** Float64 key offset of each reference row (‖r‖² for Euclidean, 0 for cosine). */
  Norms,
  K,
  /** 1 when the query set is the reference set: query i never lists i. */
  ExcludeSelf,
  /** Per thread heaps at `neighbourHeapLayout(queryRows, k)` offsets, `bytes` apart. */
  Heaps,
  Scratch,
}

/**
 * Parameters of a symmetric matrix-vector job, offsets in bytes. Unit u computes
 * y_u = (rows [split(u), split(u + 1)) of A)·x over the upper triangle from row `Start`, into
 * its own y_u at `YStride` bytes after y_{u−1}. The caller adds the y_u in unit order.
 */
export const enum SymmetricParam {
  Matrix,
  /** Doubles per row of the matrix. */
  Ld,
  X,
  Y,
  YStride,
  Start,
  N,
}

/**
 * Returns the first row of unit u of `units` in a symmetric matrix-vector product over rows
 * [start, n). Row r costs n − r multiply-adds, so each unit gets about the same area of the
 * triangle. The split points depend only on (start, n, units).
 */
export function symmetricSplit(start: number, n: number, units: number, u: number): number {
  if (u <= 0) return start;
  if (u >= units) return n;
  const length = n - start;
  return Math.min(n, Math.max(start, Math.round(n - length * Math.sqrt(1 - u / units))));
}

/** Row panels (of 4 rows) per unit of work. */
export const PANELS_PER_UNIT = 8;
/** Column panels per block of dot products that a thread reduces at once. */
const COLUMN_PANELS = 64;
/**
 * Samples of the product's shared dimension per pass: a unit's 8 to 32 A panels then take
 * 128 to 512 KiB, which stay in a 1 MiB L2 cache while the B panels stream past.
 */
const K_BLOCK = 512;
/** Scratch bytes per thread: one block of 32 × 256 dot products. */
export const SCRATCH_BYTES = PANELS_PER_UNIT * 4 * COLUMN_PANELS * 4 * 8;

/** The state with which one thread runs units. */
export interface KernelThread {
  memory: WasmMemory;
  tile: TileKernel;
  symmetricRow: SymmetricRowKernel;
  /** The AVX2 kernels, which replace `tile` and `symmetricRow` where they loaded. */
  native: NativeKernel | null;
  /** 0 for the main thread, 1.. for workers: selects the per-thread buffers. */
  slot: number;
}

/**
 * Row panels of A per unit of a product job: as many as leave each thread about four units
 * to balance, between 8 and 32. Each column panel of B is read once per unit, so larger units
 * read B less often; the native kernel ran 37 % faster with 32 panels than with 8 at
 * d = 2048 (measured on an AMD EPYC with a 1 MiB L2 cache: 32 A panels of K_BLOCK samples
 * are 512 KiB). The unit size never changes a value, since every tile sums p in order.
 */
export function productPanelsPerUnit(rowPanels: number, threads: number): number {
  return Math.min(32, Math.max(PANELS_PER_UNIT, Math.ceil(rowPanels / (4 * threads))));
}

/** Number of units of a job over `rowPanels` row panels. */
export function unitCount(rowPanels: number, panelsPerUnit = PANELS_PER_UNIT): number {
  return Math.ceil(rowPanels / panelsPerUnit);
}

/** Byte layout of one thread's heaps for `rows` queries of k neighbours, 8-byte aligned. */
export function neighbourHeapLayout(
  rows: number,
  k: number,
): { keys: number; worst: number; ids: number; sizes: number; bytes: number } {
  const keys = 0;
  const worst = keys + rows * k * 8;
  const ids = worst + rows * 8;
  const sizes = ids + rows * k * 4;
  const bytes = Math.ceil((sizes + rows * 4) / 16) * 16;
  return { keys, worst, ids, sizes, bytes };
}

/** Views of the heaps of thread `slot` in shared memory. */
export function neighbourHeapViews(
  buffer: ArrayBufferLike,
  base: number,
  slot: number,
  rows: number,
  k: number,
): NeighbourHeapStorage {
  const layout = neighbourHeapLayout(rows, k);
  const start = base + slot * layout.bytes;
  return {
    keys: new Float64Array(buffer, start + layout.keys, rows * k),
    worst: new Float64Array(buffer, start + layout.worst, rows),
    ids: new Int32Array(buffer, start + layout.ids, rows * k),
    sizes: new Int32Array(buffer, start + layout.sizes, rows),
  };
}

/**
 * Runs units of a job until `nextUnit` returns one at or past `units`.
 */
export function runKernelJob(
  thread: KernelThread,
  kind: KernelJobKind,
  params: Float64Array,
  units: number,
  nextUnit: () => number,
): void {
  switch (kind) {
    case KernelJobKind.Product:
      for (let unit = nextUnit(); unit < units; unit = nextUnit())
        productUnit(thread, params, unit);
      return;
    case KernelJobKind.Silhouette: {
      const run = silhouetteRunner(thread, params);
      for (let unit = nextUnit(); unit < units; unit = nextUnit()) run(unit);
      return;
    }
    case KernelJobKind.Neighbours: {
      const run = neighboursRunner(thread, params);
      for (let unit = nextUnit(); unit < units; unit = nextUnit()) run(unit);
      return;
    }
    case KernelJobKind.Symmetric:
      for (let unit = nextUnit(); unit < units; unit = nextUnit())
        symmetricUnit(thread, params, units, unit);
      return;
    default:
      throw new Error(`runKernelJob: unknown job kind ${String(kind)}`);
  }
}

/**
 * Adds A·Bᵀ for row panels [I0, I1) of A into C ((4·aPanels)×(4·bPanels), row-major), in
 * passes of K_BLOCK over the shared dimension, so every C element still sums p in order.
 * A pass that meets only zeros of a triangular A is skipped: it would add exact zeros.
 */
function productUnit(thread: KernelThread, params: Float64Array, unit: number): void {
  const a = params[ProductParam.A];
  const b = params[ProductParam.B];
  const c = params[ProductParam.C];
  const aPanels = params[ProductParam.ARowPanels];
  const bPanels = params[ProductParam.BRowPanels];
  const k = params[ProductParam.K];
  const upper = params[ProductParam.UpperOnly] === 1;
  const ldc = params[ProductParam.Ldc] || bPanels * 32;
  const panelsPerUnit = params[ProductParam.PanelsPerUnit];
  const first = unit * panelsPerUnit;
  const last = Math.min(aPanels, first + panelsPerUnit);
  const zeroColumns = params[ProductParam.ATriangular] === 1 ? first * 4 : 0;
  const tile = thread.tile;
  const native = thread.native;
  const memory = native === null ? null : new Uint8Array(thread.memory.buffer);
  const jStart = upper ? first : 0;
  for (let p0 = 0; p0 < k; p0 += K_BLOCK) {
    const length = Math.min(K_BLOCK, k - p0);
    if (p0 + length <= zeroColumns) continue;
    if (native !== null && memory !== null) {
      // Tile (I, J) is at i = I − first, j = J − first when upper, so J < I means j − i < 0.
      const skipBelow = upper ? 0 : SKIP_NONE;
      native.productPass(memory, a + (first * k + p0) * 32, k * 32, b + (jStart * k + p0) * 32, k * 32, c + first * 4 * ldc + jStart * 32, ldc, length, last - first, bPanels - jStart, skipBelow); // prettier-ignore
      continue;
    }
    for (let J = jStart; J < bPanels; J++) {
      const bPanel = b + (J * k + p0) * 32;
      for (let I = first; I < last; I++) {
        if (upper && J < I) continue;
        tile(a + (I * k + p0) * 32, bPanel, c + I * 4 * ldc + J * 32, length, ldc);
      }
    }
  }
}

/**
 * Unit u of a symmetric matrix-vector product (see `SymmetricParam`): zeros its y_u on
 * [start, n), then adds its rows, on the native kernel or row by row on `symmetricRow`.
 */
function symmetricUnit(
  thread: KernelThread,
  params: Float64Array,
  units: number,
  unit: number,
): void {
  const matrix = params[SymmetricParam.Matrix];
  const ld = params[SymmetricParam.Ld];
  const x = params[SymmetricParam.X];
  const y = params[SymmetricParam.Y] + unit * params[SymmetricParam.YStride];
  const start = params[SymmetricParam.Start];
  const n = params[SymmetricParam.N];
  const rowStart = symmetricSplit(start, n, units, unit);
  const rowEnd = symmetricSplit(start, n, units, unit + 1);
  const memory = new Float64Array(thread.memory.buffer);
  memory.fill(0, y / 8 + start, y / 8 + n);
  if (thread.native !== null) {
    thread.native.symmetricRows(memory, matrix / 8, ld, x / 8, y / 8, rowStart, rowEnd, n);
    return;
  }
  const row = thread.symmetricRow;
  for (let r = rowStart; r < rowEnd; r++) {
    const first = r * ld + r + 1;
    const quads = (n - r - 1) >> 2;
    const xr = memory[x / 8 + r];
    let sum = memory[first - 1 + matrix / 8] * xr;
    sum += row(matrix + first * 8, x + (r + 1) * 8, y + (r + 1) * 8, quads, xr);
    for (let c = r + 1 + 4 * quads; c < n; c++) {
      const entry = memory[matrix / 8 + r * ld + c];
      sum += entry * memory[x / 8 + c];
      memory[y / 8 + c] += entry * xr;
    }
    memory[y / 8 + r] += sum;
  }
}

/**
 * Dot products of the unit's row panels with column panels [J0, J1) into the thread's
 * scratch (32 × 4·(J1 − J0), row-major), tiles with J < I skipped when `upper`.
 */
function dotBlock(
  thread: KernelThread,
  rows: number,
  columns: number,
  d: number,
  first: number,
  last: number,
  J0: number,
  J1: number,
  upper: boolean,
  scratch: number,
  scratchView: Float64Array,
): number {
  const width = (J1 - J0) * 4;
  const ldc = width * 8;
  scratchView.fill(0, 0, (last - first) * 4 * width);
  if (thread.native !== null) {
    const memory = new Uint8Array(thread.memory.buffer);
    const skipBelow = upper ? first - J0 : SKIP_NONE;
    thread.native.productPass(memory, rows + first * d * 32, d * 32, columns + J0 * d * 32, d * 32, scratch, ldc, d, last - first, J1 - J0, skipBelow); // prettier-ignore
    return width;
  }
  for (let J = J0; J < J1; J++) {
    for (let I = first; I < last; I++) {
      if (upper && J < I) continue;
      thread.tile(rows + I * d * 32, columns + J * d * 32, scratch + (I - first) * 4 * ldc + (J - J0) * 32, d, ldc); // prettier-ignore
    }
  }
  return width;
}

/**
 * Returns the runner of silhouette units. For each row i of a unit it adds the distance
 * √max(‖x_i‖² + ‖x_j‖² − 2·x_i·x_j, 0) to every other row j into the sum of j's cluster, in
 * order of j, and writes s(i). Each unit owns its rows, so threads share no sums.
 */
function silhouetteRunner(thread: KernelThread, params: Float64Array): (unit: number) => void {
  const buffer = thread.memory.buffer;
  const x = params[SilhouetteParam.X];
  const panels = params[SilhouetteParam.Panels];
  const d = params[SilhouetteParam.D];
  const n = params[SilhouetteParam.N];
  const clusters = params[SilhouetteParam.Clusters];
  const codes = new Int32Array(buffer, params[SilhouetteParam.Codes], n);
  const starts = new Int32Array(buffer, params[SilhouetteParam.Starts], clusters + 1);
  const sizes = new Float64Array(buffer, params[SilhouetteParam.Sizes], clusters);
  const norms = new Float64Array(buffer, params[SilhouetteParam.Norms], n);
  const silhouettes = new Float64Array(buffer, params[SilhouetteParam.Silhouettes], n);
  const sumsBytes = silhouetteSumsBytes(clusters);
  const sums = new Float64Array(
    buffer,
    params[SilhouetteParam.Sums] + thread.slot * sumsBytes,
    sumsBytes / 8,
  );
  const scratch = params[SilhouetteParam.Scratch] + thread.slot * SCRATCH_BYTES;
  const dots = new Float64Array(buffer, scratch, SCRATCH_BYTES / 8);
  const native = thread.native;
  const bytes = new Uint8Array(buffer);
  return (unit) => {
    const first = unit * PANELS_PER_UNIT;
    const last = Math.min(panels, first + PANELS_PER_UNIT);
    const rowStart = first * 4;
    const rowEnd = Math.min(n, last * 4);
    sums.fill(0);
    for (let J0 = 0; J0 < panels; J0 += COLUMN_PANELS) {
      const J1 = Math.min(panels, J0 + COLUMN_PANELS);
      const width = dotBlock(thread, x, x, d, first, last, J0, J1, false, scratch, dots);
      const columnEnd = Math.min(n, J1 * 4);
      if (native !== null) {
        native.rowDistances(bytes, sums.byteOffset, codes.byteOffset, starts.byteOffset, norms.byteOffset, scratch, clusters, rowStart, rowEnd, J0 * 4, columnEnd, width); // prettier-ignore
      } else {
        addRowDistances(sums, codes, starts, norms, dots, clusters, rowStart, rowEnd, J0 * 4, columnEnd, width); // prettier-ignore
      }
    }
    for (let i = rowStart; i < rowEnd; i++) {
      silhouettes[i] = sampleSilhouette(sums, (i - rowStart) * clusters, codes[i], sizes, clusters);
    }
  };
}

/** Returns the bytes of one thread's silhouette sums: a unit's rows × `clusters` doubles. */
export function silhouetteSumsBytes(clusters: number): number {
  return PANELS_PER_UNIT * 4 * clusters * 8;
}

/**
 * Nearest neighbours: offers key = norms[j] − 2·q·r_j of each reference row j to query q's
 * heap; with ExcludeSelf only pairs q < j are formed and each is offered both ways.
 */
function neighboursRunner(thread: KernelThread, params: Float64Array): (unit: number) => void {
  const buffer = thread.memory.buffer;
  const query = params[NeighboursParam.Query];
  const queryPanels = params[NeighboursParam.QueryPanels];
  const reference = params[NeighboursParam.Reference];
  const referencePanels = params[NeighboursParam.ReferencePanels];
  const d = params[NeighboursParam.D];
  const queryRows = params[NeighboursParam.QueryRows];
  const referenceRows = params[NeighboursParam.ReferenceRows];
  const k = params[NeighboursParam.K];
  const excludeSelf = params[NeighboursParam.ExcludeSelf] === 1;
  const norms = new Float64Array(buffer, params[NeighboursParam.Norms], referenceRows);
  const heaps = new NeighbourHeaps(
    queryRows,
    k,
    neighbourHeapViews(buffer, params[NeighboursParam.Heaps], thread.slot, queryRows, k),
  );
  const worst = heaps.worstKeys;
  const scratch = params[NeighboursParam.Scratch] + thread.slot * SCRATCH_BYTES;
  const dots = new Float64Array(buffer, scratch, SCRATCH_BYTES / 8);
  return (unit) => {
    const first = unit * PANELS_PER_UNIT;
    const last = Math.min(queryPanels, first + PANELS_PER_UNIT);
    const rowEnd = Math.min(queryRows, last * 4);
    for (let J0 = excludeSelf ? first : 0; J0 < referencePanels; J0 += COLUMN_PANELS) {
      const J1 = Math.min(referencePanels, J0 + COLUMN_PANELS);
      const width = dotBlock(thread, query, reference, d, first, last, J0, J1, excludeSelf, scratch, dots); // prettier-ignore
      const columnEnd = Math.min(referenceRows, J1 * 4);
      offerBlock(heaps, worst, dots, norms, first * 4, rowEnd, J0 * 4, columnEnd, width, excludeSelf); // prettier-ignore
    }
  };
}

/**
 * Offers the keys of one block of dot products (rows [rowStart, rowEnd) × columns
 * [columnStart, columnEnd), `width` apart in `dots`). A separate function, so that V8 keeps
 * every array in a register instead of reloading it from a closure.
 */
function offerBlock(
  heaps: NeighbourHeaps,
  worst: Float64Array,
  dots: Float64Array,
  norms: Float64Array,
  rowStart: number,
  rowEnd: number,
  columnStart: number,
  columnEnd: number,
  width: number,
  excludeSelf: boolean,
): void {
  for (let q = rowStart; q < rowEnd; q++) {
    const row = (q - rowStart) * width - columnStart;
    // Most candidates lose to the heap's current worst key; testing it here first saves
    // the call for them.
    let worstQ = worst[q];
    if (excludeSelf) {
      const normQ = norms[q];
      for (let j = Math.max(columnStart, q + 1); j < columnEnd; j++) {
        const twiceDot = 2 * dots[row + j];
        const keyJ = norms[j] - twiceDot;
        if (keyJ <= worstQ) {
          heaps.offer(q, keyJ, j);
          worstQ = worst[q];
        }
        const keyQ = normQ - twiceDot;
        if (keyQ <= worst[j]) heaps.offer(j, keyQ, q);
      }
    } else {
      for (let j = columnStart; j < columnEnd; j++) {
        const key = norms[j] - 2 * dots[row + j];
        if (key <= worstQ) {
          heaps.offer(q, key, j);
          worstQ = worst[q];
        }
      }
    }
  }
}

/**
 * Adds the distances of one block (rows [rowStart, rowEnd) × columns [columnStart, columnEnd),
 * dot products `width` apart in `dots`) to `sums[(i − rowStart)·clusters + c]`. Rows come
 * cluster by cluster (`codes` non-decreasing, cluster c at rows [starts[c], starts[c + 1])),
 * so each cluster's columns are consecutive and their sum stays in a register. j = i is
 * skipped: its distance is 0 by definition.
 */
export function addRowDistances(
  sums: Float64Array,
  codes: Int32Array,
  starts: Int32Array,
  norms: Float64Array,
  dots: Float64Array,
  clusters: number,
  rowStart: number,
  rowEnd: number,
  columnStart: number,
  columnEnd: number,
  width: number,
): void {
  const firstCluster = codes[columnStart];
  const lastCluster = codes[columnEnd - 1];
  for (let i = rowStart; i < rowEnd; i++) {
    const row = (i - rowStart) * width - columnStart;
    const sumsI = (i - rowStart) * clusters;
    const normI = norms[i];
    for (let c = firstCluster; c <= lastCluster; c++) {
      const end = Math.min(starts[c + 1], columnEnd);
      let sum = sums[sumsI + c];
      for (let j = Math.max(starts[c], columnStart); j < end; j++) {
        if (j === i) continue;
        const squared = normI + norms[j] - 2 * dots[row + j];
        sum += squared > 0 ? Math.sqrt(squared) : 0;
      }
      sums[sumsI + c] = sum;
    }
  }
}
