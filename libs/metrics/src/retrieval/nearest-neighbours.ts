import * as tf from '@tensorflow/tfjs-core';
// Registers the pure-JavaScript backend, so that a caller that never ran
// `selectTensorflowBackend` still computes (more slowly).
import '@tensorflow/tfjs-backend-cpu';
import type { Matrix } from '../matrix';

/** How retrieval ranks reference items: Euclidean (faiss IndexFlatL2) or cosine distance. */
export type RetrievalDistance = 'euclidean' | 'cosine';

export const RETRIEVAL_DISTANCES: readonly RetrievalDistance[] = ['euclidean', 'cosine'];

/** The k nearest reference items of each query, nearest first. */
export interface NeighbourLists {
  /** nQuery×k row-major reference indices. */
  indices: Int32Array;
  nQuery: number;
  k: number;
}

/** Query rows per matrix product; a 512 × 50,000 float32 block of scores is 100 MB. */
const QUERY_BLOCK = 512;

/**
 * Finds the k nearest reference rows of every query row by exact (brute-force) search.
 *
 * Conventions: the dot products come from one TensorFlow.js matMul per block of queries on the
 * current backend, in float32 as faiss computes them; the rank key ‖r‖² − 2q·r is then formed
 * in float64. Cosine distance ranks unit-normalised rows the same way. Equal keys go to the
 * lower reference index. With `excludeSelf` (the query set is the reference set), query i
 * never lists reference i, whatever its distance; this is the same set as retrieving k + 1
 * and removing the query by index, or dropping the last item when the query is absent.
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

  const indices = new Int32Array(query.rows * k);
  const heapKeys = new Float64Array(k);
  const heapIndices = new Int32Array(k);
  // The reference is stored transposed (d×nRef): the wasm backend's matMul with
  // transposeB = true is about 100 times slower than a plain product here.
  const referenceT = new Float32Array(d * nRef);
  for (let j = 0; j < nRef; j++) {
    for (let p = 0; p < d; p++) referenceT[p * nRef + j] = referenceData[j * d + p];
  }
  const referenceTensor = tf.tensor2d(referenceT, [d, nRef]);
  try {
    for (let start = 0; start < query.rows; start += QUERY_BLOCK) {
      const rows = Math.min(QUERY_BLOCK, query.rows - start);
      const block = Float32Array.from(queryData.subarray(start * d, (start + rows) * d));
      const dots = tf.tidy(() =>
        tf.matMul(tf.tensor2d(block, [rows, d]), referenceTensor).dataSync(),
      );
      for (let r = 0; r < rows; r++) {
        const q = start + r;
        const selfIndex = excludeSelf ? q : -1;
        selectNearest(dots, r * nRef, referenceNorms, nRef, selfIndex, k, heapKeys, heapIndices);
        indices.set(heapIndices, q * k);
      }
    }
  } finally {
    referenceTensor.dispose();
  }
  return { indices, nQuery: query.rows, k };
}

/**
 * Keeps the k smallest keys ‖r_j‖² − 2·dots[j] in a max-heap ordered by (key, index), then
 * writes them to `outIndices` in ascending order.
 */
function selectNearest(
  dots: Float32Array | Int32Array | Uint8Array,
  offset: number,
  norms: Float64Array,
  nRef: number,
  selfIndex: number,
  k: number,
  keys: Float64Array,
  outIndices: Int32Array,
): void {
  let size = 0;
  for (let j = 0; j < nRef; j++) {
    if (j === selfIndex) continue;
    const key = norms[j] - 2 * dots[offset + j];
    if (size < k) {
      siftUp(keys, outIndices, size, key, j);
      size++;
    } else if (key < keys[0]) {
      // A later index never wins a tie, so only a strictly smaller key replaces the worst.
      siftDown(keys, outIndices, k, key, j);
    }
  }
  const order = Array.from({ length: k }, (_, i) => i).sort(
    (a, b) => keys[a] - keys[b] || outIndices[a] - outIndices[b],
  );
  const sorted = Int32Array.from(order, (i) => outIndices[i]);
  outIndices.set(sorted);
}

/** True when (keyA, indexA) ranks after (keyB, indexB): larger key, or equal key and index. */
function after(keyA: number, indexA: number, keyB: number, indexB: number): boolean {
  return keyA > keyB || (keyA === keyB && indexA > indexB);
}

function siftUp(
  keys: Float64Array,
  ids: Int32Array,
  position: number,
  key: number,
  id: number,
): void {
  let child = position;
  while (child > 0) {
    const parent = (child - 1) >> 1;
    if (!after(key, id, keys[parent], ids[parent])) break;
    keys[child] = keys[parent];
    ids[child] = ids[parent];
    child = parent;
  }
  keys[child] = key;
  ids[child] = id;
}

function siftDown(
  keys: Float64Array,
  ids: Int32Array,
  size: number,
  key: number,
  id: number,
): void {
  let parent = 0;
  for (;;) {
    let child = 2 * parent + 1;
    if (child >= size) break;
    if (child + 1 < size && after(keys[child + 1], ids[child + 1], keys[child], ids[child])) {
      child++;
    }
    if (!after(keys[child], ids[child], key, id)) break;
    keys[parent] = keys[child];
    ids[parent] = ids[child];
    parent = child;
  }
  keys[parent] = key;
  ids[parent] = id;
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
