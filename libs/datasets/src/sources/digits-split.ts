import type { Dataset } from '../dataset';
import { GeneratorParams } from '../generators/params';
import { Xoshiro128 } from '../random/xoshiro128';
import { DIGITS_VERSION, loadDigits } from './digits';

/** Bump when the same parameters would select other rows. */
export const DIGITS_SPLIT_VERSION = `digits-split@1+${DIGITS_VERSION}`;

/**
 * The digits set split into a labelled training part and a held-out part, for methods that
 * learn from labels (NCA). The rows are permuted by a Fisher–Yates shuffle from `seed`; the first
 * `train_size` rows form the training part and the next `test_size` rows the held-out part.
 *
 * The Dataset's `X` and `y` are the held-out features and their hidden labels, the part that is
 * scored; the training part is public, as `inputs.X_train` (float64, train_size × 64) and
 * `inputs.y_train` (int64, train_size).
 */
export function loadDigitsSplit(id: string, raw: Record<string, unknown>): Dataset {
  const digits = loadDigits(id);
  const params = new GeneratorParams('digits-split', raw, ['train_size', 'test_size', 'seed']);
  const trainSize = params.integer('train_size', 1, digits.n - 1);
  const testSize = params.integer('test_size', 1, digits.n - trainSize);
  const random = new Xoshiro128(params.integer('seed', 0, 0xffffffff));
  const order = Array.from({ length: digits.n }, (_, index) => index);
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const d = digits.d;
  const rows = (indices: number[]): Float64Array => {
    const X = new Float64Array(indices.length * d);
    indices.forEach((row, at) => X.set(digits.X.subarray(row * d, row * d + d), at * d));
    return X;
  };
  const train = order.slice(0, trainSize);
  const test = order.slice(trainSize, trainSize + testSize);
  return {
    id,
    X: rows(test),
    n: testSize,
    d,
    y: Int32Array.from(test, (row) => digits.y[row]),
    numClasses: digits.numClasses,
    version: DIGITS_SPLIT_VERSION,
    inputs: {
      X_train: { dtype: 'float64', shape: [trainSize, d], data: rows(train) },
      y_train: {
        dtype: 'int64',
        shape: [trainSize],
        data: Array.from(train, (row) => digits.y[row]),
      },
    },
  };
}
