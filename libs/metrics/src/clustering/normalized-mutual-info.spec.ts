import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizedMutualInfo, type AverageMethod } from './normalized-mutual-info';

const TOLERANCE = 1e-15;

function assertClose(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) <= TOLERANCE, `expected ${expected}, got ${actual}`);
}

void describe('normalizedMutualInfo', () => {
  // Cells (0,0)=2, (1,0)=1, (1,1)=1; row sums [2, 2]; column sums [3, 1]; n = 4.
  const labelsTrue = [0, 0, 1, 1];
  const labelsPred = [0, 0, 0, 1];
  const mi = 0.5 * Math.log(4 / 3) + 0.25 * Math.log(2 / 3) + 0.25 * Math.log(2);
  const hTrue = Math.log(2);
  const hPred = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));

  const cases: [AverageMethod, number][] = [
    ['arithmetic', mi / ((hTrue + hPred) / 2)],
    ['geometric', mi / Math.sqrt(hTrue * hPred)],
    ['min', mi / Math.min(hTrue, hPred)],
    ['max', mi / Math.max(hTrue, hPred)],
  ];
  for (const [averageMethod, expected] of cases) {
    void it(`${averageMethod} average matches hand value`, () => {
      assertClose(normalizedMutualInfo(labelsTrue, labelsPred, { averageMethod }), expected);
    });
  }

  void it('defaults to arithmetic', () => {
    assertClose(normalizedMutualInfo(labelsTrue, labelsPred), mi / ((hTrue + hPred) / 2));
  });

  void it('sklearn arithmetic case', () => {
    // normalized_mutual_info_score([0,0,1,1,2,2], [0,0,1,2,2,2]) in scikit-learn 1.2.1.
    assertClose(normalizedMutualInfo([0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 2, 2]), 0.7396673768007591);
  });

  void it('both constant is 1', () => {
    assert.equal(normalizedMutualInfo([0, 0, 0, 0], [1, 1, 1, 1]), 1);
  });

  void it('both empty is 1', () => {
    assert.equal(normalizedMutualInfo([], []), 1);
  });

  void it('one constant is 0', () => {
    assert.equal(normalizedMutualInfo([0, 0, 0, 0], [0, 1, 2, 3]), 0);
  });

  void it('independent labellings give 0', () => {
    assert.equal(normalizedMutualInfo([0, 0, 1, 1], [0, 1, 0, 1]), 0);
  });

  void it('identical partitions give 1', () => {
    assertClose(
      normalizedMutualInfo(['a', 'a', 'b', 'c'], [-1, -1, 7, 3], { averageMethod: 'geometric' }),
      1,
    );
  });

  void it('rejects an unknown average method', () => {
    assert.throws(
      () => normalizedMutualInfo([0], [0], { averageMethod: 'mean' as AverageMethod }),
      {
        name: 'MetricInputError',
        message:
          'normalized_mutual_info: averageMethod must be one of arithmetic, geometric, min, max, got "mean"',
      },
    );
  });
});
