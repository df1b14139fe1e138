import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashKGrams, winnow } from './winnowing';

describe('hashKGrams', () => {
  it('returns one hash per k-gram', () => {
    assert.equal(hashKGrams([1, 2, 3, 4, 5], 3).length, 3);
  });

  it('gives equal k-grams equal hashes', () => {
    const hashes = hashKGrams([1, 2, 3, 1, 2, 3], 3);
    assert.equal(hashes[0], hashes[3]);
    assert.notEqual(hashes[0], hashes[1]);
  });

  it('depends on order', () => {
    assert.notEqual(hashKGrams([1, 2], 2)[0], hashKGrams([2, 1], 2)[0]);
  });

  it('rejects k below one', () => {
    assert.throws(() => hashKGrams([1], 0), /k must be a positive integer, got 0/);
  });
});

describe('winnow', () => {
  it('selects the rightmost minimum per window', () => {
    // Windows of 3: [5,2,2] -> 2 at 2, [2,2,7] -> 2 at 2 (same), [2,7,1] -> 1 at 4.
    assert.deepEqual(winnow([5, 2, 2, 7, 1], 3), [
      { hash: 2, position: 2 },
      { hash: 1, position: 4 },
    ]);
  });

  it('selects the minimum of a short sequence', () => {
    assert.deepEqual(winnow([4, 3], 5), [{ hash: 3, position: 1 }]);
  });

  it('returns nothing for no hashes', () => {
    assert.deepEqual(winnow([], 4), []);
  });

  it('finds any match of w + k - 1 tokens', () => {
    const k = 4;
    const w = 5;
    const shared = [7, 8, 9, 10, 11, 12, 13, 14];
    const left = hashKGrams([1, 2, 3, ...shared, 4, 5], k);
    const right = hashKGrams([20, 21, ...shared, 22, 23, 24, 25], k);
    const leftHashes = new Set(winnow(left, w).map((fingerprint) => fingerprint.hash));
    const common = winnow(right, w).filter((fingerprint) => leftHashes.has(fingerprint.hash));
    assert.ok(common.length >= 1, 'a shared run of w + k - 1 = 8 tokens shares no fingerprint');
  });
});
