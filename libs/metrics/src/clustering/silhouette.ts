import { productRowsTimesRowsInJavaScript } from '../linalg/dense';
import { packedBytes, packRowPanels, POOL_MIN_MULTIPLY_ADDS } from '../linalg/pooled-products';
import {
  addRowDistances,
  KernelJobKind,
  SCRATCH_BYTES,
  silhouetteSumsBytes,
  SilhouetteParam,
  unitCount,
} from '../parallel/kernel-jobs';
import { KernelPool } from '../parallel/kernel-pool';
import { codeClustering, type CodedClustering } from './cluster-geometry';
import { sampleSilhouette } from './sample-silhouette';

/** Rows per block of the JavaScript route's distances: 64×64 doubles stay in L1/L2 cache. */
const BLOCK = 64;

/**
 * Mean silhouette coefficient (Rousseeuw, J. Comput. Appl. Math. 20, 1987), as scikit-learn
 * 1.2.1's `silhouette_score` computes it with the Euclidean metric.
 *
 * Definition: for sample i, a(i) is the mean distance to the other members of its cluster
 * (dividing by n_c − 1), b(i) the smallest mean distance to the members of another cluster,
 * and s(i) = (b − a) / max(a, b). The score is the mean of s(i) over all samples.
 *
 * Conventions: Euclidean distance from the expansion ‖x‖² + ‖y‖² − 2x·y in float64, clipped
 * at 0 and 0 on the diagonal, as scikit-learn's `euclidean_distances` forms it. The noise
 * label -1 is an ordinary cluster. Samples in singleton clusters get s = 0 and are still
 * counted in the mean; a = b = 0 gives s = 0.
 *
 * Range: [−1, 1]. Best value: 1.
 *
 * Cost: n²·d multiply-adds and n² square roots. Like scikit-learn's chunked route, each block
 * of rows forms its distances to all n samples and reduces them to s(i) at once, so memory is
 * a block of rows × k sums per thread, never n × k. Large inputs run on the SIMD kernel pool
 * (see `kernel-pool.ts`). Every s(i) adds its distances in sample order and the mean adds s(i)
 * in sample order, so the value is the same bit for bit on any number of threads, on either
 * kernel and without the pool.
 *
 * @throws MetricInputError when X is not finite n×d, the labels do not match n, or the number
 * of distinct labels is outside [2, n − 1].
 */
export function silhouetteScore(
  X: Float64Array,
  n: number,
  d: number,
  labels: ArrayLike<number> | readonly (number | string)[],
): number {
  const clustering = codeClustering('silhouette', X, n, d, labels);
  const ordered = orderByCluster(clustering);
  const orderedSilhouettes = pooledSampleSilhouettes(ordered) ?? sampleSilhouettesInJavaScript(ordered); // prettier-ignore

  const silhouettes = new Float64Array(n);
  for (let i = 0; i < n; i++) silhouettes[ordered.original[i]] = orderedSilhouettes[i];
  let total = 0;
  for (let i = 0; i < n; i++) total += silhouettes[i];
  return total / n;
}

/**
 * Samples of a clustering, reordered cluster by cluster with each cluster's members in their
 * original order. A sample's distance sum to one cluster then covers consecutive columns in
 * the original order, so it is added in a register and keeps the original order's value.
 */
export interface ClusterOrderedSamples {
  /** Rows in cluster order, n×d. */
  X: Float64Array;
  n: number;
  d: number;
  k: number;
  /** Squared norm of each row, summed in column order. */
  norms: Float64Array;
  /** Cluster of each row, non-decreasing. */
  codes: Int32Array;
  /** k + 1 row offsets: cluster c is rows [starts[c], starts[c + 1]). */
  starts: Int32Array;
  /** Member count of each cluster. */
  sizes: Float64Array;
  /** Original index of each row. */
  original: Int32Array;
}

/** Reorders the samples by cluster with a stable counting sort. */
export function orderByCluster(clustering: CodedClustering): ClusterOrderedSamples {
  const { X, n, d, codes, k, sizes } = clustering;

  const starts = new Int32Array(k + 1);
  for (let c = 0; c < k; c++) starts[c + 1] = starts[c] + sizes[c];
  const next = starts.slice(0, k);
  const original = new Int32Array(n);
  for (let i = 0; i < n; i++) original[next[codes[i]]++] = i;

  const ordered = new Float64Array(n * d);
  const orderedCodes = new Int32Array(n);
  const norms = new Float64Array(n);
  for (let row = 0; row < n; row++) {
    const i = original[row];
    ordered.set(X.subarray(i * d, (i + 1) * d), row * d);
    orderedCodes[row] = codes[i];
    let squared = 0;
    for (let j = 0; j < d; j++) squared += X[i * d + j] * X[i * d + j];
    norms[row] = squared;
  }
  return { X: ordered, n, d, k, norms, codes: orderedCodes, starts, sizes, original };
}

/**
 * Computes s(i) of every row on the kernel pool. Returns undefined when the input is small or
 * the pool is unavailable.
 */
function pooledSampleSilhouettes(samples: ClusterOrderedSamples): Float64Array | undefined {
  const { X, n, d, k, norms, codes, starts, sizes } = samples;
  if (n * n * d < POOL_MIN_MULTIPLY_ADDS) return undefined;
  const pool = KernelPool.get();
  if (pool === null) return undefined;

  pool.reset();
  const packed = pool.allocate(packedBytes(n, d));
  packRowPanels(pool.buffer, packed, X, n, d);
  const codesAt = pool.allocate(n * 4);
  new Int32Array(pool.buffer, codesAt, n).set(codes);
  const startsAt = pool.allocate((k + 1) * 4);
  new Int32Array(pool.buffer, startsAt, k + 1).set(starts);
  const sizesAt = pool.allocate(k * 8);
  new Float64Array(pool.buffer, sizesAt, k).set(sizes);
  const normsAt = pool.allocate(n * 8);
  new Float64Array(pool.buffer, normsAt, n).set(norms);
  const silhouettesAt = pool.allocate(n * 8);
  const sumsAt = pool.allocate(pool.threads * silhouetteSumsBytes(k));
  const scratch = pool.allocate(pool.threads * SCRATCH_BYTES);

  const params: number[] = [];
  params[SilhouetteParam.X] = packed;
  params[SilhouetteParam.Panels] = Math.ceil(n / 4);
  params[SilhouetteParam.D] = d;
  params[SilhouetteParam.N] = n;
  params[SilhouetteParam.Codes] = codesAt;
  params[SilhouetteParam.Starts] = startsAt;
  params[SilhouetteParam.Sizes] = sizesAt;
  params[SilhouetteParam.Norms] = normsAt;
  params[SilhouetteParam.Silhouettes] = silhouettesAt;
  params[SilhouetteParam.Sums] = sumsAt;
  params[SilhouetteParam.Clusters] = k;
  params[SilhouetteParam.Scratch] = scratch;
  pool.run({
    kind: KernelJobKind.Silhouette,
    params,
    units: unitCount(Math.ceil(n / 4)),
    dynamic: true,
  });
  return new Float64Array(pool.buffer, silhouettesAt, n).slice();
}

/**
 * Computes s(i) of every row on the calling thread, in blocks of BLOCK rows against all rows.
 * Each row's distances are added in the same order as on the pool.
 */
export function sampleSilhouettesInJavaScript(samples: ClusterOrderedSamples): Float64Array {
  const { X, n, d, k, norms, codes, starts, sizes } = samples;
  const silhouettes = new Float64Array(n);
  const dots = new Float64Array(BLOCK * BLOCK);
  const sums = new Float64Array(BLOCK * k);

  for (let iStart = 0; iStart < n; iStart += BLOCK) {
    const rows = Math.min(BLOCK, n - iStart);
    const rowBlock = X.subarray(iStart * d, (iStart + rows) * d);
    sums.fill(0);
    for (let jStart = 0; jStart < n; jStart += BLOCK) {
      const cols = Math.min(BLOCK, n - jStart);
      const columnBlock = X.subarray(jStart * d, (jStart + cols) * d);
      productRowsTimesRowsInJavaScript(rowBlock, rows, columnBlock, cols, d, dots);
      addRowDistances(sums, codes, starts, norms, dots, k, iStart, iStart + rows, jStart, jStart + cols, cols); // prettier-ignore
    }
    for (let r = 0; r < rows; r++) {
      silhouettes[iStart + r] = sampleSilhouette(sums, r * k, codes[iStart + r], sizes, k);
    }
  }
  return silhouettes;
}
