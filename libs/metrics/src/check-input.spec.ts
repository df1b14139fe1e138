import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkDataMatrix, checkLabelPair, checkLabels } from './check-input';
import { MetricInputError } from './errors';

void describe('checkLabels', () => {
  void it('accepts numbers, strings and typed arrays', () => {
    assert.deepEqual(checkLabels('labels', [1, -1, 2.5]), [1, -1, 2.5]);
    assert.deepEqual(checkLabels('labels', ['a', 'b']), ['a', 'b']);
    assert.equal(checkLabels('labels', new Int32Array(3)).length, 3);
  });

  void it('rejects a non-array', () => {
    assert.throws(() => checkLabels('labels_true', 'abc'), {
      name: 'MetricInputError',
      message: 'labels_true must be an array or typed array of labels, got "abc"',
    });
    assert.throws(() => checkLabels('labels_true', null), /got null/);
  });

  void it('rejects NaN and infinity', () => {
    assert.throws(() => checkLabels('labels_pred', [0, Number.NaN]), {
      message: 'labels_pred[1] must be a finite number or a string, got NaN',
    });
    assert.throws(
      () => checkLabels('labels_pred', new Float64Array([Infinity])),
      /labels_pred\[0\]/,
    );
  });

  void it('rejects mixed numbers and strings', () => {
    assert.throws(
      () => checkLabels('labels_true', [1, '1']),
      /labels_true mixes numbers and strings: labels_true\[1\] is "1"/,
    );
  });

  void it('rejects other element types', () => {
    assert.throws(
      () => checkLabels('labels_true', [true]),
      /labels_true\[0\] must be a number or a string, got true/,
    );
    assert.throws(() => checkLabels('labels_true', new BigInt64Array(2)), /BigInt64Array/);
  });
});

void describe('checkLabelPair', () => {
  void it('names both arrays and lengths on mismatch', () => {
    assert.throws(
      () => checkLabelPair('adjusted_rand_index', new Int32Array(1797), new Int32Array(1796)),
      {
        name: 'MetricInputError',
        message:
          'adjusted_rand_index: labels_pred must have the same length as labels_true (1797), got 1796',
      },
    );
  });

  void it('prefixes element errors with the metric', () => {
    assert.throws(() => checkLabelPair('nmi', [0], [Number.NaN]), {
      message: 'nmi: labels_pred[0] must be a finite number or a string, got NaN',
    });
  });

  void it('returns MetricInputError instances', () => {
    assert.throws(() => checkLabelPair('nmi', [0], [0, 1]), MetricInputError);
  });
});

void describe('checkDataMatrix', () => {
  void it('rejects a wrong element count', () => {
    assert.throws(() => checkDataMatrix('wcss', new Float64Array(5), 2, 3), {
      message: 'wcss: X must have n * d = 2 * 3 = 6 elements, got 5',
    });
  });

  void it('rejects a non-finite value with its position', () => {
    assert.throws(() => checkDataMatrix('wcss', new Float64Array([0, 1, 2, Number.NaN]), 2, 2), {
      message: 'wcss: X[1, 1] must be finite, got NaN',
    });
  });

  void it('rejects non-integer sizes', () => {
    assert.throws(
      () => checkDataMatrix('wcss', new Float64Array(0), 1.5, 2),
      /n must be a non-negative integer, got 1.5/,
    );
    assert.throws(
      () => checkDataMatrix('wcss', new Float64Array(0), 0, 0),
      /d must be a positive integer, got 0/,
    );
  });

  void it('rejects a plain array for X', () => {
    assert.throws(
      () => checkDataMatrix('wcss', [1, 2], 1, 2),
      /X must be a Float64Array, got an array of length 2/,
    );
  });
});
