import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DatasetFactors } from '@dmlg/datasets';
import { discretizeCodes, mutualInformationGap } from './disentanglement';

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
