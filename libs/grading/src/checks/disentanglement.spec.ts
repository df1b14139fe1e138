import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Xoshiro128, type DatasetFactors } from '@dmlg/datasets';
import {
  discretizeCodes,
  fixedFactorBatches,
  independentColumns,
  mutualInformationGap,
} from './disentanglement';

/** Two factors with 4 values each over all 16 combinations, the second varying fastest. */
function gridFactors(): DatasetFactors {
  const values = new Int32Array(32);
  for (let i = 0; i < 16; i++) {
    values[2 * i] = Math.floor(i / 4);
    values[2 * i + 1] = i % 4;
  }
  return { names: ['a', 'b'], sizes: [4, 4], values };
}

void describe('mutualInformationGap', () => {
  const factors = gridFactors();

  void it('one dimension per factor gives 1', () => {
    const codes = Array.from(factors.values, (value) => value * 1.5);
    assert.ok(Math.abs(mutualInformationGap(codes, 16, 2, factors) - 1) < 1e-12);
  });

  void it('a duplicated dimension gives 0', () => {
    // Both code dimensions copy factor a, so its gap is 0, and b is captured by neither.
    const codes: number[] = [];
    for (let i = 0; i < 16; i++) codes.push(factors.values[2 * i], factors.values[2 * i]);
    assert.ok(Math.abs(mutualInformationGap(codes, 16, 2, factors)) < 1e-12);
  });

  void it('rejects a one-dimensional code', () => {
    assert.throws(() => mutualInformationGap(new Float64Array(16), 16, 1, factors), /at least 2/);
  });
});

void describe('discretizeCodes', () => {
  void it('puts the maximum in the last bin', () => {
    const [bins] = discretizeCodes([0, 0.5, 1], 3, 1, 20);
    assert.deepEqual([...bins], [0, 10, 19]);
  });

  void it('constant dimension is one bin', () => {
    const [bins] = discretizeCodes([2, 2, 2], 3, 1, 20);
    assert.deepEqual([...bins], [0, 0, 0]);
  });
});

void describe('independentColumns', () => {
  void it('skips a column that is a combination of earlier ones and keeps constants', () => {
    // Columns: a, b, a + 2b, constant 3, a − b + 1 (dependent), c.
    const rows = [
      [1, 0, 1, 3, 2, 5],
      [0, 1, 2, 3, 0, 1],
      [2, 1, 4, 3, 2, 0],
      [3, 5, 13, 3, -1, 2],
    ];
    const matrix = { data: Float64Array.from(rows.flat()), rows: 4, cols: 6 };
    assert.deepEqual(independentColumns(matrix), [0, 1, 3, 5]);
  });
});

void describe('fixedFactorBatches', () => {
  const factors = gridFactors();
  // Code row i is (i, 0): the batch rows can be read back from the first column.
  const codes = {
    data: Float64Array.from({ length: 32 }, (_, t) => (t % 2 ? 0 : t / 2)),
    rows: 16,
    cols: 2,
  };

  void it('holds the batch factor fixed and draws distinct rows', () => {
    const batches = fixedFactorBatches(codes, factors, 50, 3, new Xoshiro128(1));
    assert.equal(batches.length, 50);
    for (const batch of batches) {
      const rows = Array.from({ length: 3 }, (_, t) => batch.representations.data[2 * t]);
      assert.equal(new Set(rows).size, 3);
      const fixed = rows.map((row) => factors.values[2 * row + batch.factorIndex]);
      assert.equal(
        new Set(fixed).size,
        1,
        `rows ${rows.join(', ')} of factor ${batch.factorIndex}`,
      );
    }
    assert.deepEqual(new Set(batches.map((batch) => batch.factorIndex)), new Set([0, 1]));
  });

  void it('draws the same batches from the same seed', () => {
    const first = fixedFactorBatches(codes, factors, 5, 4, new Xoshiro128(9));
    const second = fixedFactorBatches(codes, factors, 5, 4, new Xoshiro128(9));
    assert.deepEqual(first, second);
  });

  void it('rejects a batch larger than every factor value', () => {
    assert.throws(
      () => fixedFactorBatches(codes, factors, 1, 5, new Xoshiro128(1)),
      /no factor value has 5 samples/,
    );
  });
});
