import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contingencyTable } from './contingency';
import { encodeLabels } from './encode-labels';

void describe('encodeLabels', () => {
  void it('codes small integers in ascending order', () => {
    const encoded = encodeLabels([5, -1, 5, 2]);
    assert.deepEqual(encoded.uniques, [-1, 2, 5]);
    assert.deepEqual([...encoded.codes], [2, 0, 2, 1]);
  });

  void it('codes strings in sorted order', () => {
    const encoded = encodeLabels(['b', 'a', 'c', 'a']);
    assert.deepEqual(encoded.uniques, ['a', 'b', 'c']);
    assert.deepEqual([...encoded.codes], [1, 0, 2, 0]);
  });

  void it('codes sparse large integers through a map', () => {
    const encoded = encodeLabels([1e12, -7, 1e12, 3.5]);
    assert.deepEqual(encoded.uniques, [-7, 3.5, 1e12]);
    assert.deepEqual([...encoded.codes], [2, 0, 2, 1]);
  });

  void it('treats -0 as 0', () => {
    assert.deepEqual(encodeLabels([-0, 0]).uniques, [0]);
    assert.deepEqual(encodeLabels([-0, 0, 1e12]).uniques, [0, 1e12]);
  });

  void it('handles empty input', () => {
    assert.equal(encodeLabels([]).uniques.length, 0);
  });
});

void describe('contingencyTable', () => {
  void it('matches sklearn contingency_matrix', () => {
    // sklearn: contingency_matrix([0, 0, 1, 2], [0, 0, 1, 1]) == [[2, 0], [0, 1], [0, 1]]
    const table = contingencyTable([0, 0, 1, 2], [0, 0, 1, 1]);
    assert.equal(table.n, 4);
    assert.deepEqual(table.classes, [0, 1, 2]);
    assert.deepEqual(table.clusters, [0, 1]);
    assert.deepEqual([...table.rows], [0, 1, 2]);
    assert.deepEqual([...table.cols], [0, 1, 1]);
    assert.deepEqual([...table.counts], [2, 1, 1]);
    assert.deepEqual([...table.rowSums], [2, 1, 1]);
    assert.deepEqual([...table.colSums], [2, 2]);
  });

  void it('builds a sparse table for many labels', () => {
    // 3000 distinct labels on each side give 9e6 cells, above the dense limit of 2^22.
    const n = 3000;
    const labelsTrue = Array.from({ length: n }, (_, i) => i);
    const labelsPred = Array.from({ length: n }, (_, i) => n - 1 - i);
    const table = contingencyTable(labelsTrue, labelsPred);
    assert.equal(table.counts.length, n);
    assert.equal(table.rows[0], 0);
    assert.equal(table.cols[0], n - 1);
    assert.equal(table.rows[n - 1], n - 1);
    assert.equal(table.cols[n - 1], 0);
  });

  void it('rejects unequal lengths', () => {
    assert.throws(
      () => contingencyTable([0, 1], [0]),
      /labels_pred must have the same length as labels_true \(2\), got 1/,
    );
  });
});
