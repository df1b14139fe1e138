import type { Label, LabelArray } from '../check-input';

/** Labels mapped to dense codes 0..k-1, in ascending label order as `np.unique` sorts them. */
export interface EncodedLabels {
  codes: Int32Array;
  /** The distinct labels; `uniques[code]` is the label of that code. */
  uniques: Label[];
}

/**
 * The widest range of small integer labels that is mapped through a lookup table instead of a
 * Map. A table of this many Int32 entries costs 16 MiB at most and is much faster than a Map
 * for 10^6 labels.
 */
const MAX_TABLE_RANGE = 1 << 22;

/** Encodes already checked labels (see `checkLabels`) as dense integer codes. */
export function encodeLabels(labels: LabelArray): EncodedLabels {
  const table = encodeIntegerRange(labels);
  if (table !== undefined) {
    return table;
  }
  if (labels.length > 0 && typeof labels[0] === 'number') {
    return encodeNumbersBySorting(labels as ArrayLike<number>);
  }
  return encodeWithMap(labels);
}

/** Fast path for integer labels spanning a small range, such as cluster ids and -1 for noise. */
function encodeIntegerRange(labels: LabelArray): EncodedLabels | undefined {
  const n = labels.length;
  if (n === 0) {
    return { codes: new Int32Array(0), uniques: [] };
  }
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const value = labels[i];
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      return undefined;
    }
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const range = max - min + 1;
  if (range > MAX_TABLE_RANGE || range > 4 * n + 1024) {
    return undefined;
  }

  const table = new Int32Array(range).fill(-1);
  for (let i = 0; i < n; i++) {
    table[(labels[i] as number) - min] = 0;
  }
  const uniques: number[] = [];
  for (let offset = 0; offset < range; offset++) {
    if (table[offset] === 0) {
      table[offset] = uniques.length;
      // `+ 0` turns -0 into 0, as `np.unique` reports it.
      uniques.push(offset + min + 0);
    }
  }
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    codes[i] = table[(labels[i] as number) - min];
  }
  return { codes, uniques };
}

/**
 * Path for numbers that are not small integers (for example 10^6 distinct floats): a typed
 * array sort and a binary search per label, which is several times faster than a Map here.
 */
function encodeNumbersBySorting(labels: ArrayLike<number>): EncodedLabels {
  const n = labels.length;
  const sorted = Float64Array.from(labels).sort();
  const distinct = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    // `===` treats -0 and 0 as one label, as `np.unique` does.
    if (k === 0 || sorted[i] !== distinct[k - 1]) {
      distinct[k++] = sorted[i] + 0;
    }
  }

  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const value = labels[i];
    let low = 0;
    let high = k - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (distinct[middle] < value) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    codes[i] = low;
  }
  return { codes, uniques: Array.from(distinct.subarray(0, k)) };
}

function encodeWithMap(labels: LabelArray): EncodedLabels {
  const n = labels.length;
  const firstSeen = new Map<Label, number>();
  const provisional = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const value = labels[i];
    let code = firstSeen.get(value);
    if (code === undefined) {
      code = firstSeen.size;
      firstSeen.set(value, code);
    }
    provisional[i] = code;
  }

  // Renumber in sorted label order so that codes match the rows of scikit-learn's contingency matrix.
  const uniques = [...firstSeen.keys()].sort(compareLabels);
  const renumber = new Int32Array(uniques.length);
  uniques.forEach((label, sortedCode) => {
    renumber[firstSeen.get(label) as number] = sortedCode;
  });
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    codes[i] = renumber[provisional[i]];
  }
  return { codes, uniques };
}

function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  const left = String(a);
  const right = String(b);
  if (left < right) {
    return -1;
  }
  return left > right ? 1 : 0;
}
