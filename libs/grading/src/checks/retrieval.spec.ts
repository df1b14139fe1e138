import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retrievalScores } from './retrieval';

// Points on a line: 0 and 1 are class 0, 10 and 12 class 1, 11 is class 2 (its class is alone).
const LINE = Float64Array.from([0, 1, 10, 12, 11]);
const LABELS = [0, 0, 1, 1, 2];

describe('retrievalScores', () => {
  it('lone query excluded', () => {
    assert.equal(retrievalScores(LINE, 5, 1, LABELS, [1]).queries, 4);
  });

  it('recall@1 by hand', () => {
    // Query 10: nearest is 11 (class 2), a miss; 12: nearest 11, a miss; 0 and 1 hit.
    assert.equal(retrievalScores(LINE, 5, 1, LABELS, [1]).recallAt.get(1), 0.5);
  });

  it('recall@2 by hand', () => {
    assert.equal(retrievalScores(LINE, 5, 1, LABELS, [2]).recallAt.get(2), 1);
  });

  it('MAP@R by hand', () => {
    // R = 1 for every query: precision@1 is 1, 1, 0, 0.
    assert.equal(retrievalScores(LINE, 5, 1, LABELS, [1]).mapAtR, 0.5);
  });

  it('tie goes to lower index', () => {
    // Query 1 (at 0) has row 0 (class 1) and row 2 (its class) both at distance 1: row 0 wins,
    // a miss. Query 2 sits on row 0: a miss. Breaking ties to the higher index would give 0.5.
    const scores = retrievalScores(Float64Array.from([1, 0, 1]), 3, 1, [1, 0, 0], [1]);
    assert.equal(scores.recallAt.get(1), 0);
  });

  it('duplicate row still a neighbour', () => {
    const scores = retrievalScores(Float64Array.from([5, 5]), 2, 1, [3, 3], [1]);
    assert.equal(scores.recallAt.get(1), 1);
  });
});
