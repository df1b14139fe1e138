import { checkLabelPair, type Label } from '../check-input';
import { encodeLabels } from './encode-labels';

/**
 * Contingency table of two labellings: `count[i][j]` is the number of samples with the i-th
 * class of labels_true and the j-th cluster of labels_pred. Only non-zero cells are stored,
 * in row-major order, as scikit-learn's sparse `contingency_matrix` stores them.
 */
export interface ContingencyTable {
  /** Number of samples. */
  n: number;
  /** Distinct labels of labels_true in ascending order (the rows). */
  classes: Label[];
  /** Distinct labels of labels_pred in ascending order (the columns). */
  clusters: Label[];
  /** Samples per class. */
  rowSums: Float64Array;
  /** Samples per cluster. */
  colSums: Float64Array;
  /** Row index of each non-zero cell. */
  rows: Int32Array;
  /** Column index of each non-zero cell. */
  cols: Int32Array;
  /** Count of each non-zero cell. */
  counts: Float64Array;
}

/** Largest table stored densely: 2^22 Int32 cells (16 MiB). Larger tables are counted sparsely. */
const MAX_DENSE_CELLS = 1 << 22;

/** Builds the contingency table of two labellings of the same samples. */
export function contingencyTable(
  labelsTrue: unknown,
  labelsPred: unknown,
  metric = 'contingency_table',
): ContingencyTable {
  const checked = checkLabelPair(metric, labelsTrue, labelsPred);
  const encodedTrue = encodeLabels(checked.labelsTrue);
  const encodedPred = encodeLabels(checked.labelsPred);
  const kTrue = encodedTrue.uniques.length;
  const kPred = encodedPred.uniques.length;
  const cells =
    kTrue * kPred <= MAX_DENSE_CELLS
      ? countDense(encodedTrue.codes, encodedPred.codes, kTrue, kPred)
      : countSparse(encodedTrue.codes, encodedPred.codes, kPred);

  const rowSums = new Float64Array(kTrue);
  const colSums = new Float64Array(kPred);
  for (let c = 0; c < cells.counts.length; c++) {
    rowSums[cells.rows[c]] += cells.counts[c];
    colSums[cells.cols[c]] += cells.counts[c];
  }
  return {
    n: encodedTrue.codes.length,
    classes: encodedTrue.uniques,
    clusters: encodedPred.uniques,
    rowSums,
    colSums,
    ...cells,
  };
}

interface Cells {
  rows: Int32Array;
  cols: Int32Array;
  counts: Float64Array;
}

function countDense(
  codesTrue: Int32Array,
  codesPred: Int32Array,
  kTrue: number,
  kPred: number,
): Cells {
  const dense = new Int32Array(kTrue * kPred);
  for (let i = 0; i < codesTrue.length; i++) {
    dense[codesTrue[i] * kPred + codesPred[i]]++;
  }
  let nonZero = 0;
  for (let cell = 0; cell < dense.length; cell++) {
    if (dense[cell] !== 0) nonZero++;
  }
  const rows = new Int32Array(nonZero);
  const cols = new Int32Array(nonZero);
  const counts = new Float64Array(nonZero);
  let next = 0;
  for (let cell = 0; cell < dense.length; cell++) {
    if (dense[cell] !== 0) {
      rows[next] = Math.floor(cell / kPred);
      cols[next] = cell % kPred;
      counts[next] = dense[cell];
      next++;
    }
  }
  return { rows, cols, counts };
}

function countSparse(codesTrue: Int32Array, codesPred: Int32Array, kPred: number): Cells {
  // Sorting cell keys and counting runs is faster than a Map for 10^6 samples, and it yields
  // the cells in row-major order. Keys i * kPred + j stay below n^2 <= 2^53, so they are exact.
  const keys = new Float64Array(codesTrue.length);
  for (let i = 0; i < codesTrue.length; i++) {
    keys[i] = codesTrue[i] * kPred + codesPred[i];
  }
  keys.sort();

  let nonZero = 0;
  for (let i = 0; i < keys.length; i++) {
    if (i === 0 || keys[i] !== keys[i - 1]) nonZero++;
  }
  const rows = new Int32Array(nonZero);
  const cols = new Int32Array(nonZero);
  const counts = new Float64Array(nonZero);
  let cell = -1;
  for (let i = 0; i < keys.length; i++) {
    if (i === 0 || keys[i] !== keys[i - 1]) {
      cell++;
      rows[cell] = Math.floor(keys[i] / kPred);
      cols[cell] = keys[i] % kPred;
    }
    counts[cell]++;
  }
  return { rows, cols, counts };
}
