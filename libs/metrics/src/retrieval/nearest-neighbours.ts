import * as tf from '@tensorflow/tfjs-core';
// Registers the pure-JavaScript backend, so that a caller that never ran
// `selectTensorflowBackend` still computes (more slowly).
import '@tensorflow/tfjs-backend-cpu';
import type { Matrix } from '../matrix';

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

  // The reference is stored transposed (d×nRef): the wasm backend's matMul with
  // transposeB = true is about 100 times slower than a plain product here.
  const referenceT = new Float32Array(d * nRef);
  for (let j = 0; j < nRef; j++) {
    for (let p = 0; p < d; p++) referenceT[p * nRef + j] = referenceData[j * d + p];
  }
  const referenceTensor = tf.tensor2d(referenceT, [d, nRef]);
  const heaps = new Heaps(query.rows, k);
  try {
    for (let start = 0; start < query.rows; start += QUERY_BLOCK) {
      const rows = Math.min(QUERY_BLOCK, query.rows - start);
      const block = Float32Array.from(queryData.subarray(start * d, (start + rows) * d));
      // With one shared set the product is symmetric: only columns from this block on are
      // computed, and each pair updates both of its rows' heaps.
      const first = excludeSelf ? start : 0;
      const width = nRef - first;
      // tidy() must return the tensor, not its data: it walks a returned array element by
      // element looking for tensors.
      const product = tf.tidy(() => {
        const columns =
          first === 0 ? referenceTensor : tf.slice(referenceTensor, [0, first], [d, width]);
        return tf.matMul(tf.tensor2d(block, [rows, d]), columns);
      });
      const dots = product.dataSync() as Float32Array;
      product.dispose();
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
  } finally {
    referenceTensor.dispose();
  }
  return { indices: heaps.sortedIndices(), nQuery: query.rows, k };
}

/**
 * One bounded max-heap per query, ordered by (key, reference index), that keeps the k
 * smallest keys; equal keys keep the lower index.
 */
class Heaps {
  private readonly keys: Float64Array;
  private readonly ids: Int32Array;
  private readonly sizes: Int32Array;
  /** The root key of each full heap, +∞ until it is full. */
  private readonly worst: Float64Array;

  constructor(
    private readonly count: number,
    private readonly k: number,
  ) {
    this.keys = new Float64Array(count * k);
    this.ids = new Int32Array(count * k);
    this.sizes = new Int32Array(count);
    this.worst = new Float64Array(count).fill(Infinity);
  }

  offer(heap: number, key: number, id: number): void {
    // The compact array of worst keys rejects most candidates without touching the heap.
    if (key > this.worst[heap]) return;
    const base = heap * this.k;
    const size = this.sizes[heap];
    if (size < this.k) {
      siftUp(this.keys, this.ids, base, size, key, id);
      this.sizes[heap] = size + 1;
      if (size + 1 === this.k) this.worst[heap] = this.keys[base];
    } else if (after(this.keys[base], this.ids[base], key, id)) {
      siftDown(this.keys, this.ids, base, this.k, key, id);
      this.worst[heap] = this.keys[base];
    }
  }

  /** count×k reference indices, nearest first. */
  sortedIndices(): Int32Array {
    const out = new Int32Array(this.count * this.k);
    const order = Array.from({ length: this.k }, (_, i) => i);
    for (let heap = 0; heap < this.count; heap++) {
      const base = heap * this.k;
      order.sort(
        (a, b) =>
          this.keys[base + a] - this.keys[base + b] || this.ids[base + a] - this.ids[base + b],
      );
      for (let i = 0; i < this.k; i++) out[base + i] = this.ids[base + order[i]];
      for (let i = 0; i < this.k; i++) order[i] = i;
    }
    return out;
  }
}

/** True when (keyA, indexA) ranks after (keyB, indexB): larger key, or equal key and index. */
function after(keyA: number, indexA: number, keyB: number, indexB: number): boolean {
  return keyA > keyB || (keyA === keyB && indexA > indexB);
}

function siftUp(
  keys: Float64Array,
  ids: Int32Array,
  base: number,
  position: number,
  key: number,
  id: number,
): void {
  let child = position;
  while (child > 0) {
    const parent = (child - 1) >> 1;
    if (!after(key, id, keys[base + parent], ids[base + parent])) break;
    keys[base + child] = keys[base + parent];
    ids[base + child] = ids[base + parent];
    child = parent;
  }
  keys[base + child] = key;
  ids[base + child] = id;
}

function siftDown(
  keys: Float64Array,
  ids: Int32Array,
  base: number,
  size: number,
  key: number,
  id: number,
): void {
  let parent = 0;
  for (;;) {
    let child = 2 * parent + 1;
    if (child >= size) break;
    const right = child + 1;
    if (
      right < size &&
      after(keys[base + right], ids[base + right], keys[base + child], ids[base + child])
    ) {
      child = right;
    }
    if (!after(keys[base + child], ids[base + child], key, id)) break;
    keys[base + parent] = keys[base + child];
    ids[base + parent] = ids[base + child];
    parent = child;
  }
  keys[base + parent] = key;
  ids[base + parent] = id;
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
