import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  expectedBatchHardTriplets,
  expectedDistanceWeightedProbabilities,
  expectedSemiHardTriplets,
  expectedTripletLoss,
} from './triplet-oracle';

// Four points on a line, two classes: 0 and 1 at x = 0, 1; 2 and 3 at x = 1.5, 4.
const LINE = [0, 1, 1.5, 4];
const LINE_LABELS = [0, 0, 1, 1];

describe('expectedTripletLoss', () => {
  it('active triplet', () => {
    // d(a, p) = 1, d(a, n) = 1.5, margin 1: loss 0.5.
    const result = expectedTripletLoss([0], [1], [1.5], 1, 1);
    assert.equal(result.loss, 0.5);
    assert.deepEqual(Array.from(result.gradAnchor), [0]);
    assert.deepEqual(Array.from(result.gradPositive), [1]);
    assert.deepEqual(Array.from(result.gradNegative), [-1]);
  });

  it('easy triplet', () => {
    const result = expectedTripletLoss([0], [1], [3], 1, 1);
    assert.equal(result.loss, 0);
    assert.deepEqual(Array.from(result.gradPositive), [0]);
  });

  it('triplet on the margin', () => {
    const result = expectedTripletLoss([0], [1], [2], 1, 1);
    assert.equal(result.loss, 0);
    assert.deepEqual(result.compareAnchor, [false]);
  });

  it('zero positive distance', () => {
    const result = expectedTripletLoss([0], [0], [0.5], 1, 1);
    assert.equal(result.loss, 0.5);
    assert.deepEqual(result.comparePositive, [false]);
    assert.deepEqual(Array.from(result.gradNegative), [-1]);
  });

  it('empty batch', () => {
    assert.equal(expectedTripletLoss([], [], [], 1, 1).loss, 0);
  });
});

describe('triplet miners', () => {
  it('batch hard', () => {
    const triplets = expectedBatchHardTriplets(LINE, LINE_LABELS, 1);
    assert.deepEqual([...triplets].sort(), ['0,1,2', '1,0,2', '2,3,1', '3,2,1']);
  });

  it('semi hard', () => {
    // (0, 1): d(0, 2) = 1.5 lies in (1, 2). (3, 2): d(3, 1) = 3 lies in (2.5, 3.5), and
    // d(3, 0) = 4 does not. (1, 0) and (2, 3) have no negative farther than their positive
    // within the margin.
    const triplets = expectedSemiHardTriplets(LINE, LINE_LABELS, 1, 1);
    assert.deepEqual([...triplets].sort(), ['0,1,2', '3,2,1']);
  });

  it('distance weighted rows', () => {
    const embeddings = [1, 0, 0, 1, -1, 0, 0, -1];
    const probabilities = expectedDistanceWeightedProbabilities(
      embeddings,
      [0, 0, 1, 1],
      2,
      0.5,
      1.5,
    );
    // Only the negatives at distance √2 < 1.5 are allowed, one per anchor.
    assert.deepEqual(Array.from(probabilities[0]), [0, 0, 0, 1]);
    assert.deepEqual(Array.from(probabilities[2]), [0, 1, 0, 0]);
  });
});
