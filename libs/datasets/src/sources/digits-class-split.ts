import type { Dataset } from '../dataset';
import { DatasetError } from '../errors';
import { DIGITS_VERSION, loadDigits } from './digits';

/** Bump when the split changes for the same digits file. */
export const DIGITS_CLASS_SPLIT_VERSION = `digits-class-split@1+${DIGITS_VERSION}`;

/** Digits the student's network trains on; the others are the unseen classes that are scored. */
export const DIGITS_TRAIN_CLASSES: readonly number[] = [0, 1, 2, 3, 4];

/**
 * The UCI digits split by class for metric learning: the public training split holds every
 * image of digits 0-4 (`inputs.X_train`, `inputs.y_train`, labels 0-4), and the scored split
 * (`X`, `y`) every image of digits 5-9 with labels renumbered to 0-4. Rows keep the order of
 * the shipped file. Pixel values stay 0..16; scaling is the network's business.
 */
export function loadDigitsClassSplit(id = 'digits-class-split'): Dataset {
  const digits = loadDigits(id);
  const train = new Set(DIGITS_TRAIN_CLASSES);
  const trainRows: number[] = [];
  const testRows: number[] = [];
  for (let row = 0; row < digits.n; row++) {
    (train.has(digits.y[row]) ? trainRows : testRows).push(row);
  }
  const testClasses = [...new Set(testRows.map((row) => digits.y[row]))].sort((a, b) => a - b);
  if (testClasses.length === 0) {
    throw new DatasetError('digits-class-split: no class is left for the scored split');
  }
  const renumber = new Map(testClasses.map((label, index) => [label, index]));
  const rowsOf = (rows: number[]): Float64Array => {
    const X = new Float64Array(rows.length * digits.d);
    rows.forEach((row, index) =>
      X.set(digits.X.subarray(row * digits.d, (row + 1) * digits.d), index * digits.d),
    );
    return X;
  };
  return {
    id,
    X: rowsOf(testRows),
    n: testRows.length,
    d: digits.d,
    y: Int32Array.from(testRows, (row) => renumber.get(digits.y[row]) ?? -1),
    numClasses: testClasses.length,
    version: DIGITS_CLASS_SPLIT_VERSION,
    inputs: {
      X_train: { dtype: 'float64', shape: [trainRows.length, digits.d], data: rowsOf(trainRows) },
      y_train: {
        dtype: 'int64',
        shape: [trainRows.length],
        data: trainRows.map((row) => digits.y[row]),
      },
    },
  };
}
