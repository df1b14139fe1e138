import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The optional native kernels: `libs/metrics/native/dense-kernel.c`, built by
 * `scripts/build-native.sh` into `dist/libs/metrics/native/dense-kernel.node`. They run the
 * product passes and the symmetric matrix-vector rows of `kernel-jobs.ts` in AVX2 vectors,
 * four doubles wide against the WebAssembly kernel's two. They use no fused multiply-add, so
 * they give the same values bit for bit, and results do not depend on which kernel loaded.
 *
 * `DMLG_METRICS_KERNEL` chooses: `auto` (default: native when it loads and the CPU has AVX2,
 * else WebAssembly), `native` (fail at start without it), `wasm` (never load it).
 */

/** Functions exported by the addon. */
export interface NativeKernel {
  /** Whether the CPU has AVX2, which every kernel of the addon needs. */
  avx2: boolean;
  /**
   * The tiles of one product pass over a view of the pool's memory, offsets and strides in
   * bytes: A panel i at a + i·aStride, B panel j at b + j·bStride, C tile (i, j) at
   * c + i·4·ldc + j·32, each panel k columns long; tile (i, j) is skipped when
   * j − i < skipBelow.
   */
  productPass(
    memory: Uint8Array,
    a: number,
    aStride: number,
    b: number,
    bStride: number,
    c: number,
    ldc: number,
    k: number,
    iCount: number,
    jCount: number,
    skipBelow: number,
  ): void;
  /**
   * Rows [rowStart, rowEnd) of the symmetric matrix-vector product y = A·x over columns
   * [.., n), each upper-triangle entry read once, as `symmetricTimesVector` in
   * blocked-tridiagonal.ts does it with the WebAssembly `symmetricRow` (the same bits).
   * `matrix`, `x` and `y` are offsets in doubles into `memory`, `ld` the doubles per row.
   */
  symmetricRows(
    memory: Float64Array,
    matrix: number,
    ld: number,
    x: number,
    y: number,
    rowStart: number,
    rowEnd: number,
    n: number,
  ): void;
  /**
   * `packColumnPanels` of pooled-products.ts for Float64Array data, into `memory` from
   * double offset `out`, with the same values.
   */
  packColumns(
    memory: Float64Array,
    out: number,
    data: Float64Array,
    rows: number,
    cols: number,
    shift: Float64Array,
    scale: number,
  ): void;
  /** `columnMeans` of mean-covariance.ts for Float64Array data, into `mean`, the same values. */
  columnMeans(data: Float64Array, rows: number, cols: number, mean: Float64Array): void;
  /**
   * A panel step of `reduceColumn` in blocked-tridiagonal.ts, the same values: kind 0 brings
   * the row at double `offset` of `target` up to date from column `from` (= j); kind 1
   * subtracts the panel's corrections from y at `offset` of `target` on [from, n), for x.
   */
  panelStep(
    kind: 0 | 1,
    target: Float64Array,
    offset: number,
    v: Float64Array,
    w: Float64Array,
    t: number,
    n: number,
    from: number,
    x: Float64Array,
  ): void;
  /**
   * `addRowDistances` of kernel-jobs.ts on the pool's memory, the same values: every array is
   * a byte offset into `memory` (codes and starts Int32, sums, norms and dots float64).
   */
  rowDistances(
    memory: Uint8Array,
    sums: number,
    codes: number,
    starts: number,
    norms: number,
    dots: number,
    clusters: number,
    rowStart: number,
    rowEnd: number,
    columnStart: number,
    columnEnd: number,
    width: number,
  ): void;
}

/** `skipBelow` that skips no tile. */
export const SKIP_NONE = -(2 ** 40);

/** Result of `loadNativeKernel`: the kernel or null, and a line naming the kernel and why. */
export interface NativeKernelChoice {
  kernel: NativeKernel | null;
  description: string;
}

const ADDON = path.resolve(__dirname, '../../native/dense-kernel.node');

type KernelSetting = 'auto' | 'native' | 'wasm';

function kernelSetting(): KernelSetting {
  const value = process.env.DMLG_METRICS_KERNEL ?? '';
  if (value === '') return 'auto';
  if (value === 'auto' || value === 'native' || value === 'wasm') return value;
  throw new Error(
    `DMLG_METRICS_KERNEL must be auto, native or wasm, got ${JSON.stringify(value)}; unset it to let the metrics choose`,
  );
}

let cached: NativeKernelChoice | undefined;

/**
 * Loads the addon once per thread, as `DMLG_METRICS_KERNEL` requests.
 *
 * @throws Error when the setting is invalid, or is `native` and the addon cannot run here.
 */
export function loadNativeKernel(): NativeKernelChoice {
  if (cached !== undefined) return cached;
  const setting = kernelSetting();
  if (setting === 'wasm') {
    cached = { kernel: null, description: 'WebAssembly SIMD (DMLG_METRICS_KERNEL=wasm)' };
    return cached;
  }
  let reason: string;
  if (!existsSync(ADDON)) {
    reason = `${ADDON} was not built; see scripts/build-native.sh`;
  } else {
    try {
      // process.dlopen is what require does for a .node file, without a module to resolve.
      const addon = { exports: {} as NativeKernel };
      process.dlopen(addon, ADDON);
      const kernel = addon.exports;
      if (kernel.avx2) {
        cached = { kernel, description: `native AVX2 (${ADDON})` };
        return cached;
      }
      reason = 'this CPU has no AVX2';
    } catch (error) {
      reason = `${ADDON} failed to load: ${(error as Error).message.split('\n')[0]}`;
    }
  }
  if (setting === 'native') {
    throw new Error(`DMLG_METRICS_KERNEL=native, but ${reason}; unset it to use WebAssembly`);
  }
  cached = { kernel: null, description: `WebAssembly SIMD (${reason})` };
  return cached;
}
