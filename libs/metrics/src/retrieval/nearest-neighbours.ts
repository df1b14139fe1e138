import { productRowsTimesRows } from '../linalg/dense';
import { packedBytes, packRowPanels, POOL_MIN_MULTIPLY_ADDS } from '../linalg/pooled-products';
import type { Matrix } from '../matrix';
import {
  KernelJobKind,
  neighbourHeapLayout,
  neighbourHeapViews,
  NeighboursParam,
  SCRATCH_BYTES,
  unitCount,
} from '../parallel/kernel-jobs';
import { KernelPool } from '../parallel/kernel-pool';
import { NeighbourHeaps, resetNeighbourHeaps } from './neighbour-heaps';

/** Distance that ranks reference items: Euclidean (as faiss IndexFlatL2) or cosine. */
export type RetrievalDistance = 'euclidean' | 'cosine';

export const RETRIEVAL_DISTANCES: readonly RetrievalDistance[] = ['euclidean', 'cosine'];

/** The k nearest reference items of each query, nearest first. */
export interface NeighbourLists {
  /** nQuery×k row-major reference indices. */
  indices: Int32Array;
  nQuery: number;
  k: number;
}

/** Query rows per block on the JavaScript path; a 64 × 50,000 block of dot products is 25 MB. */
const QUERY_BLOCK = 64;

/**
 * Finds the k nearest reference rows of every query row by exact (brute-force) search.
 *
 * Conventions: the rank key ‖r‖² − 2q·r is formed in float64 from float64 dot products (faiss
 * forms it in float32, so near-ties can rank differently there). Cosine distance ranks
 * unit-normalised rows by −2q·r. Equal keys go to the lower reference index. With
 * `excludeSelf` (the query set is the reference set), query i never lists reference i,
 * whatever its distance; this is the same set as retrieving k + 1 and removing the query by
 * index, or dropping the last item when the query is absent.
 *
 * Large searches run on the SIMD kernel pool on all cores (`kernel-pool.ts`), small
 * ones in JavaScript; both give the same dot products bit for bit, and the heaps order
 * candidates totally, so the result does not depend on the path or the number of threads.
 *
 * The caller checks k: 1 ≤ k ≤ nReference, minus 1 with `excludeSelf`.
 */
export function nearestNeighbours(
  query: Matrix,
  reference: Matrix,
  k: number,
  distance: RetrievalDistance,
  excludeSelf: boolean,
): NeighbourLists {
  const d = query.cols;
  const queryData = distance === 'cosine' ? normalizeRows(query) : query.data;
  const referenceData = distance === 'cosine' ? normalizeRows(reference) : reference.data;
  const nRef = reference.rows;
  const referenceNorms = new Float64Array(nRef);
  if (distance === 'euclidean') {
    for (let j = 0; j < nRef; j++) {
      let squared = 0;
      for (let p = 0; p < d; p++) squared += referenceData[j * d + p] ** 2;
      referenceNorms[j] = squared;
    }
  }
  const searched = { queryData, rows: query.rows, referenceData, nRef, d, referenceNorms };
  const multiplyAdds = (query.rows * nRef * d) / (excludeSelf ? 2 : 1);
  const pool = multiplyAdds >= POOL_MIN_MULTIPLY_ADDS ? KernelPool.get() : null;
  const heaps =
    pool === null
      ? searchInJavaScript(searched, k, excludeSelf)
      : searchOnPool(pool, searched, k, excludeSelf);
  return { indices: heaps.sortedIndices(), nQuery: query.rows, k };
}

interface Searched {
  queryData: Float64Array;
  rows: number;
  referenceData: Float64Array;
  nRef: number;
  d: number;
  /** Key offset of each reference row: ‖r‖² for Euclidean, 0 for cosine. */
  referenceNorms: Float64Array;
}

function searchInJavaScript(searched: Searched, k: number, excludeSelf: boolean): NeighbourHeaps {
  const { queryData, rows: nQuery, referenceData, nRef, d, referenceNorms } = searched;
  const heaps = new NeighbourHeaps(nQuery, k);
  const dots = new Float64Array(QUERY_BLOCK * nRef);
  for (let start = 0; start < nQuery; start += QUERY_BLOCK) {
    const rows = Math.min(QUERY_BLOCK, nQuery - start);
    // With one shared set the product is symmetric: only columns from this block on are
    // computed, and each pair updates both of its rows' heaps.
    const first = excludeSelf ? start : 0;
    const width = nRef - first;
    productRowsTimesRows(
      queryData.subarray(start * d, (start + rows) * d),
      rows,
      referenceData.subarray(first * d),
      width,
      d,
      dots,
    );
    for (let r = 0; r < rows; r++) {
      const q = start + r;
      const offset = r * width;
      for (let c = 0; c < width; c++) {
        const j = first + c;
        if (excludeSelf) {
          if (j <= q) continue;
          // Key of j for query q, and of q for query j.
          heaps.offer(q, referenceNorms[j] - 2 * dots[offset + c], j);
          heaps.offer(j, referenceNorms[q] - 2 * dots[offset + c], q);
        } else {
          heaps.offer(q, referenceNorms[j] - 2 * dots[offset + c], j);
        }
      }
    }
  }
  return heaps;
}

/** The search on the kernel pool: per-thread heaps in shared memory, merged at the end. */
function searchOnPool(
  pool: KernelPool,
  searched: Searched,
  k: number,
  excludeSelf: boolean,
): NeighbourHeaps {
  const { queryData, rows, referenceData, nRef, d, referenceNorms } = searched;
  const threads = pool.threads;
  pool.reset();
  const queryAt = pool.allocate(packedBytes(rows, d));
  packRowPanels(pool.buffer, queryAt, queryData, rows, d);
  let referenceAt = queryAt;
  if (!excludeSelf) {
    referenceAt = pool.allocate(packedBytes(nRef, d));
    packRowPanels(pool.buffer, referenceAt, referenceData, nRef, d);
  }
  const normsAt = pool.allocate(nRef * 8);
  new Float64Array(pool.buffer, normsAt, nRef).set(referenceNorms);
  const heapsAt = pool.allocate(threads * neighbourHeapLayout(rows, k).bytes);
  for (let slot = 0; slot < threads; slot++) {
    resetNeighbourHeaps(neighbourHeapViews(pool.buffer, heapsAt, slot, rows, k));
  }
  const scratch = pool.allocate(threads * SCRATCH_BYTES);
  const params: number[] = [];
  params[NeighboursParam.Query] = queryAt;
  params[NeighboursParam.QueryPanels] = Math.ceil(rows / 4);
  params[NeighboursParam.Reference] = referenceAt;
  params[NeighboursParam.ReferencePanels] = Math.ceil(nRef / 4);
  params[NeighboursParam.D] = d;
  params[NeighboursParam.QueryRows] = rows;
  params[NeighboursParam.ReferenceRows] = nRef;
  params[NeighboursParam.Norms] = normsAt;
  params[NeighboursParam.K] = k;
  params[NeighboursParam.ExcludeSelf] = excludeSelf ? 1 : 0;
  params[NeighboursParam.Heaps] = heapsAt;
  params[NeighboursParam.Scratch] = scratch;
  pool.run({
    kind: KernelJobKind.Neighbours,
    params,
    units: unitCount(Math.ceil(rows / 4)),
    dynamic: true,
  });
  const heaps = new NeighbourHeaps(rows, k);
  for (let slot = 0; slot < threads; slot++) {
    heaps.merge(neighbourHeapViews(pool.buffer, heapsAt, slot, rows, k));
  }
  return heaps;
}

/** Rows scaled to unit Euclidean norm; a zero row stays zero. */
function normalizeRows(matrix: Matrix): Float64Array {
  const { data, rows, cols } = matrix;
  const out = new Float64Array(data.length);
  for (let i = 0; i < rows; i++) {
    let squared = 0;
    for (let p = 0; p < cols; p++) squared += data[i * cols + p] ** 2;
    const scale = squared > 0 ? 1 / Math.sqrt(squared) : 0;
    for (let p = 0; p < cols; p++) out[i * cols + p] = data[i * cols + p] * scale;
  }
  return out;
}
