import { productRowsTimesRows } from '../linalg/dense';
import { packedBytes, packRowPanels, POOL_MIN_MULTIPLY_ADDS } from '../linalg/pooled-products';
import { KernelJobKind, SCRATCH_BYTES, unitCount, SilhouetteParam } from '../parallel/kernel-jobs';
import { KernelPool } from '../parallel/kernel-pool';
import { codeClustering, type CodedClustering } from './cluster-geometry';

/** Rows per block of the pairwise distance computation: 64×64 doubles stay in L1/L2 cache. */
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
 * Cost: n²·d/2 multiply-adds and n·k doubles of memory per thread. Large inputs run on the
 * SIMD kernel pool on all cores (see `kernel-pool.ts`); each thread sums its fixed
 * share of the pairs and the shares are added in thread order, so a machine with the same
 * number of cores gives the same value bit for bit, and others differ in the last digits.
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
  const sums =
    pooledClusterDistanceSums(clustering) ?? addClusterDistanceSums(clustering, 0, n, new Float64Array(n * clustering.k)); // prettier-ignore
  return silhouetteFromSums(clustering, sums);
}

/** Squared Euclidean norm of each row, summed in column order. */
function squaredNorms(X: Float64Array, n: number, d: number): Float64Array {
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let squared = 0;
    for (let j = 0; j < d; j++) squared += X[i * d + j] * X[i * d + j];
    norms[i] = squared;
  }
  return norms;
}

/**
 * The distance sums of `addClusterDistanceSums` over all pairs, on the kernel pool, or
 * undefined when the input is small or the pool is unavailable.
 */
function pooledClusterDistanceSums(clustering: CodedClustering): Float64Array | undefined {
  const { X, n, d, codes, k } = clustering;
  if ((n * n * d) / 2 < POOL_MIN_MULTIPLY_ADDS) return undefined;
  const pool = KernelPool.get();
  if (pool === null) return undefined;
  const threads = pool.threads;
  pool.reset();
  const packed = pool.allocate(packedBytes(n, d));
  packRowPanels(pool.buffer, packed, X, n, d);
  const codesAt = pool.allocate(n * 4);
  new Int32Array(pool.buffer, codesAt, n).set(codes);
  const normsAt = pool.allocate(n * 8);
  new Float64Array(pool.buffer, normsAt, n).set(squaredNorms(X, n, d));
  const sumsAt = pool.allocate(threads * n * k * 8);
  const allSums = new Float64Array(pool.buffer, sumsAt, threads * n * k);
  allSums.fill(0);
  const scratch = pool.allocate(threads * SCRATCH_BYTES);
  const params: number[] = [];
  params[SilhouetteParam.X] = packed;
  params[SilhouetteParam.Panels] = Math.ceil(n / 4);
  params[SilhouetteParam.D] = d;
  params[SilhouetteParam.N] = n;
  params[SilhouetteParam.Codes] = codesAt;
  params[SilhouetteParam.Norms] = normsAt;
  params[SilhouetteParam.Sums] = sumsAt;
  params[SilhouetteParam.Clusters] = k;
  params[SilhouetteParam.Scratch] = scratch;
  pool.run({
    kind: KernelJobKind.Silhouette,
    params,
    units: unitCount(Math.ceil(n / 4)),
    dynamic: false,
  });
  const sums = allSums.slice(0, n * k);
  for (let thread = 1; thread < threads; thread++) {
    const share = allSums.subarray(thread * n * k, (thread + 1) * n * k);
    for (let i = 0; i < n * k; i++) sums[i] += share[i];
  }
  return sums;
}

/**
 * Adds to `sums[i·k + c]` the distances from sample i to the members of cluster c, for every
 * pair (i, j) with i in rows [rowStart, rowEnd) and j ≥ the start of i's block; each pair
 * outside the diagonal blocks is added in both directions. Row ranges that split the blocks at
 * multiples of BLOCK can run in parallel on separate `sums` and be added afterwards.
 */
export function addClusterDistanceSums(
  clustering: CodedClustering,
  rowStart: number,
  rowEnd: number,
  sums: Float64Array,
): Float64Array {
  const { X, n, d, codes, k } = clustering;
  const norms = squaredNorms(X, n, d);
  const dots = new Float64Array(BLOCK * BLOCK);
  for (let iStart = rowStart; iStart < rowEnd; iStart += BLOCK) {
    const rows = Math.min(BLOCK, n - iStart);
    const rowBlock = X.subarray(iStart * d, (iStart + rows) * d);
    for (let jStart = iStart; jStart < n; jStart += BLOCK) {
      const cols = Math.min(BLOCK, n - jStart);
      productRowsTimesRows(
        rowBlock,
        rows,
        X.subarray(jStart * d, (jStart + cols) * d),
        cols,
        d,
        dots,
      );
      const diagonal = jStart === iStart;
      for (let r = 0; r < rows; r++) {
        const i = iStart + r;
        const sumsI = i * k;
        const codeI = codes[i];
        for (let c = diagonal ? r + 1 : 0; c < cols; c++) {
          const j = jStart + c;
          const squared = norms[i] + norms[j] - 2 * dots[r * cols + c];
          const distance = squared > 0 ? Math.sqrt(squared) : 0;
          sums[sumsI + codes[j]] += distance;
          sums[j * k + codeI] += distance;
        }
      }
    }
  }
  return sums;
}

/** The mean silhouette from the per-sample, per-cluster distance sums. */
export function silhouetteFromSums(clustering: CodedClustering, sums: Float64Array): number {
  const { n, codes, k, sizes } = clustering;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = codes[i];
    if (sizes[own] <= 1) continue;
    const a = sums[i * k + own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c !== own) b = Math.min(b, sums[i * k + c] / sizes[c]);
    }
    const denominator = Math.max(a, b);
    if (denominator > 0) total += (b - a) / denominator;
  }
  return total / n;
}
