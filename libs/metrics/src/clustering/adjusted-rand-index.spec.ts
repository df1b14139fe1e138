import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adjustedRandIndex } from './adjusted-rand-index';

void describe('adjustedRandIndex', () => {
  void it('doc example is 4/7', () => {
    // Ordered pairs: tp = 2, fp = 2, fn = 0, tn = 8, so 2(2·8 − 0·2) / ((2+0)(0+8) + (2+2)(2+8)) = 32/56.
    assert.equal(adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1]), 4 / 7);
  });

  void it('maximally discordant is -0.5', () => {
    assert.equal(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]), -0.5);
  });

  void it('identical up to renaming is 1', () => {
    assert.equal(adjustedRandIndex([0, 0, 1, 1, 2], ['b', 'b', 'a', 'a', 'c']), 1);
  });

  void it('empty input is 1', () => {
    assert.equal(adjustedRandIndex([], []), 1);
  });

  void it('both constant is 1', () => {
    assert.equal(adjustedRandIndex([3, 3, 3], [7, 7, 7]), 1);
  });

  void it('constant truth with split prediction is 0', () => {
    const labelsTrue = new Array<number>(22).fill(1);
    const labelsPred = [...labelsTrue];
    labelsPred[20] = 0;
    assert.equal(adjustedRandIndex(labelsTrue, labelsPred), 0);
  });

  void it('all singletons against one cluster is 0', () => {
    assert.equal(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3]), 0);
  });

  void it('noise label is an ordinary cluster', () => {
    // The -1 points form one cluster that matches class 2 exactly.
    assert.equal(adjustedRandIndex([0, 0, 1, 1, 2, 2], [5, 5, 6, 6, -1, -1]), 1);
  });

  void it('large n stays exact', () => {
    // n = 300,000: products of pair counts reach about 1e21, beyond int64 and 2^53.
    const labelsTrue = new Int32Array(300_000);
    labelsTrue.fill(1, 120_000, 220_000).fill(2, 220_000);
    const labelsPred = new Int32Array(300_000);
    labelsPred.fill(1, 90_000, 150_000).fill(2, 150_000, 240_000).fill(3, 240_000);
    // Pair counts: tp = Σ n_ij² − n, fp = Σ b_j² − Σ n_ij², fn = Σ a_i² − Σ n_ij², tn = n² − fp − fn − Σ n_ij².
    // Non-zero cells: (0,0) 90k, (0,1) 30k, (1,1) 30k, (1,2) 70k, (2,2) 20k, (2,3) 60k.
    const cells =
      90_000n ** 2n + 30_000n ** 2n + 30_000n ** 2n + 70_000n ** 2n + 20_000n ** 2n + 60_000n ** 2n;
    const rows = 120_000n ** 2n + 100_000n ** 2n + 80_000n ** 2n;
    const cols = 90_000n ** 2n + 60_000n ** 2n + 90_000n ** 2n + 60_000n ** 2n;
    const n = 300_000n;
    const [tp, fp, fn] = [cells - n, cols - cells, rows - cells];
    const tn = n * n - fp - fn - cells;
    const expected =
      (2 * Number(tp * tn - fn * fp)) / Number((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
    assert.equal(adjustedRandIndex(labelsTrue, labelsPred), expected);
    // scikit-learn 1.2.1 returns 0.5652596121987581 for this input.
    assert.equal(expected, 0.5652596121987581);
  });

  void it('rejects unequal lengths', () => {
    assert.throws(() => adjustedRandIndex([0, 1, 2], [0, 1]), {
      name: 'MetricInputError',
      message:
        'adjusted_rand_index: labels_pred must have the same length as labels_true (3), got 2',
    });
  });
});
