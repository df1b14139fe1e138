import { MetricInputError } from './errors';

/** One label: any number or string identifier. The noise label -1 is an ordinary label. */
export type Label = number | string;

/** A labelling of n samples: a typed array, a number array or a string array. */
export type LabelArray = ArrayLike<number> | readonly Label[];

/** Shortens a value for an error message, so that a huge array never lands in a log line. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (value === null || value === undefined) {
    return String(value);
  }
  if (Array.isArray(value)) {
    return `an array of length ${value.length}`;
  }
  if (ArrayBuffer.isView(value)) {
    return `a ${value.constructor.name}`;
  }
  return `a value of type ${typeof value}`;
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    return !(value instanceof DataView);
  }
  return false;
}

/**
 * Checks one labelling: an array or typed array whose elements are all finite numbers or all
 * strings. Mixed numbers and strings are rejected because numpy would compare them as strings,
 * so `1` and `"1"` would silently become one label.
 */
export function checkLabels(argument: string, labels: unknown): LabelArray {
  if (!isArrayLike(labels)) {
    throw new MetricInputError(
      `${argument} must be an array or typed array of labels, got ${describeValue(labels)}`,
    );
  }
  if (labels instanceof BigInt64Array || labels instanceof BigUint64Array) {
    throw new MetricInputError(
      `${argument} must hold numbers or strings, got a ${labels.constructor.name}; convert it to an Int32Array or Float64Array`,
    );
  }

  let firstType: 'number' | 'string' | undefined;
  for (let i = 0; i < labels.length; i++) {
    const value = labels[i];
    const type = typeof value;
    if (type === 'number') {
      if (!Number.isFinite(value)) {
        throw new MetricInputError(
          `${argument}[${i}] must be a finite number or a string, got ${describeValue(value)}`,
        );
      }
    } else if (type !== 'string') {
      throw new MetricInputError(
        `${argument}[${i}] must be a number or a string, got ${describeValue(value)}`,
      );
    }
    if (firstType === undefined) {
      firstType = type;
    } else if (type !== firstType) {
      throw new MetricInputError(
        `${argument} mixes numbers and strings: ${argument}[${i}] is ${describeValue(value)} but earlier labels are ${firstType}s; use one type for every label`,
      );
    }
  }
  return labels as LabelArray;
}

/** Checks a pair of labellings of the same samples (names as in scikit-learn). */
export function checkLabelPair(
  metric: string,
  labelsTrue: unknown,
  labelsPred: unknown,
): { labelsTrue: LabelArray; labelsPred: LabelArray } {
  const checkedTrue = prefixErrors(metric, () => checkLabels('labels_true', labelsTrue));
  const checkedPred = prefixErrors(metric, () => checkLabels('labels_pred', labelsPred));
  if (checkedPred.length !== checkedTrue.length) {
    throw new MetricInputError(
      `${metric}: labels_pred must have the same length as labels_true (${checkedTrue.length}), got ${checkedPred.length}`,
    );
  }
  return { labelsTrue: checkedTrue, labelsPred: checkedPred };
}

/**
 * Checks a row-major data matrix of n samples by d features and its labels: finite values,
 * `X.length === n * d`, one finite numeric label per sample.
 */
export function checkDataMatrix(
  metric: string,
  X: unknown,
  n: unknown,
  d: unknown,
): { X: Float64Array; n: number; d: number } {
  if (!(X instanceof Float64Array)) {
    throw new MetricInputError(`${metric}: X must be a Float64Array, got ${describeValue(X)}`);
  }
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new MetricInputError(
      `${metric}: n must be a non-negative integer, got ${describeValue(n)}`,
    );
  }
  if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1) {
    throw new MetricInputError(`${metric}: d must be a positive integer, got ${describeValue(d)}`);
  }
  if (X.length !== n * d) {
    throw new MetricInputError(
      `${metric}: X must have n * d = ${n} * ${d} = ${n * d} elements, got ${X.length}`,
    );
  }
  for (let i = 0; i < X.length; i++) {
    if (!Number.isFinite(X[i])) {
      const row = Math.floor(i / d);
      throw new MetricInputError(
        `${metric}: X[${row}, ${i - row * d}] must be finite, got ${describeValue(X[i])}`,
      );
    }
  }
  return { X, n, d };
}

function prefixErrors<T>(metric: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof MetricInputError) {
      throw new MetricInputError(`${metric}: ${error.message}`);
    }
    throw error;
  }
}
