/**
 * Bounded heaps that keep the k nearest reference items of each query, ordered by (key,
 * reference index), so that equal keys keep the lower index whatever order the candidates
 * arrive in. The result therefore does not depend on how candidates are split between threads.
 */

/** The arrays behind `NeighbourHeaps`: count·k keys and ids, and count sizes and worst keys. */
export interface NeighbourHeapStorage {
  keys: Float64Array;
  ids: Int32Array;
  sizes: Int32Array;
  /** The root key of each full heap, +∞ until it is full. */
  worst: Float64Array;
}

/** Fresh arrays for `count` heaps of `k` entries. */
export function neighbourHeapStorage(count: number, k: number): NeighbourHeapStorage {
  return {
    keys: new Float64Array(count * k),
    ids: new Int32Array(count * k),
    sizes: new Int32Array(count),
    worst: new Float64Array(count),
  };
}

/** Empties every heap: sizes 0, worst keys +∞. */
export function resetNeighbourHeaps(storage: NeighbourHeapStorage): NeighbourHeapStorage {
  storage.sizes.fill(0);
  storage.worst.fill(Infinity);
  return storage;
}

/**
 * One bounded max-heap per query, ordered by (key, reference index), that keeps the k
 * smallest keys; equal keys keep the lower index.
 */
export class NeighbourHeaps {
  private readonly keys: Float64Array;
  private readonly ids: Int32Array;
  private readonly sizes: Int32Array;
  private readonly worst: Float64Array;

  /**
   * @param storage arrays of `neighbourHeapStorage(count, k)` (or views of shared memory of
   * those lengths), emptied by `resetNeighbourHeaps`. Views of shared memory let a worker
   * thread fill heaps that the main thread then merges.
   */
  constructor(
    private readonly count: number,
    private readonly k: number,
    storage: NeighbourHeapStorage = resetNeighbourHeaps(neighbourHeapStorage(count, k)),
  ) {
    this.keys = storage.keys;
    this.ids = storage.ids;
    this.sizes = storage.sizes;
    this.worst = storage.worst;
  }

  /**
   * The root key of each heap (+∞ until full): a candidate with a larger key is rejected, so
   * hot loops test it here before calling `offer`.
   */
  get worstKeys(): Float64Array {
    return this.worst;
  }

  /** Offers every entry of another set of heaps over the same queries. */
  merge(other: NeighbourHeapStorage): void {
    for (let heap = 0; heap < this.count; heap++) {
      const base = heap * this.k;
      for (let i = 0; i < other.sizes[heap]; i++) {
        this.offer(heap, other.keys[base + i], other.ids[base + i]);
      }
    }
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
