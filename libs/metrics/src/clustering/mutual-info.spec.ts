import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { entropy } from './entropy';
import { mutualInfo } from './mutual-info';

const TOLERANCE = 1e-15;

function assertClose(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) <= TOLERANCE, `expected ${expected}, got ${actual}`);
}

void describe('mutualInfo', () => {
  void it('identical halves give ln 2', () => {
    assertClose(mutualInfo([0, 0, 1, 1], [5, 5, 9, 9]), Math.log(2));
  });

  void it('uneven table matches hand sum', () => {
    // Cells (0,0)=2, (1,0)=1, (1,1)=1; row sums [2, 2]; column sums [3, 1]; n = 4.
    const expected =
      (2 / 4) * Math.log((4 * 2) / (2 * 3)) +
      (1 / 4) * Math.log((4 * 1) / (2 * 3)) +
      (1 / 4) * Math.log((4 * 1) / (2 * 1));
    assertClose(mutualInfo([0, 0, 1, 1], [0, 0, 0, 1]), expected);
  });

  void it('sklearn docstring example', () => {
    // mutual_info_score([0, 1, 1, 0, 1, 0], [0, 1, 0, 0, 1, 1]) in scikit-learn 1.2.1.
    assertClose(mutualInfo([0, 1, 1, 0, 1, 0], [0, 1, 0, 0, 1, 1]), 0.05663301226513273);
  });

  void it('independent labellings give 0', () => {
    assert.equal(mutualInfo([0, 0, 1, 1], [0, 1, 0, 1]), 0);
  });

  void it('constant labelling gives 0', () => {
    assert.equal(mutualInfo([0, 1, 2], [4, 4, 4]), 0);
  });

  void it('rejects empty input', () => {
    assert.throws(() => mutualInfo([], []), {
      name: 'MetricInputError',
      message:
        'mutual_info: labels_true and labels_pred are empty; mutual information needs at least one sample',
    });
  });
});

void describe('entropy', () => {
  void it('uniform over 3 labels is ln 3', () => {
    assertClose(entropy(['x', 'y', 'z']), Math.log(3));
  });

  void it('3:1 split matches hand sum', () => {
    assertClose(entropy([-1, -1, -1, 4]), -((3 / 4) * Math.log(3 / 4) + (1 / 4) * Math.log(1 / 4)));
  });

  void it('constant labelling is 0', () => {
    assert.equal(entropy([2, 2]), 0);
  });

  void it('empty input is 1 as in sklearn', () => {
    assert.equal(entropy([]), 1);
  });

  void it('rejects a non-array', () => {
    assert.throws(
      () => entropy(5 as unknown as number[]),
      /labels must be an array or typed array of labels, got 5/,
    );
  });
});
