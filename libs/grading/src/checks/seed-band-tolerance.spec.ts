import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveSeedTolerance, SEED_BAND_SAFETY_FACTOR } from './seed-band-tolerance';

const bounds = { min: 0.02, max: 0.5 };

function close(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} is not ${expected}`);
}

describe('deriveSeedTolerance', () => {
  it('uses the safety factor of 1.5 the docstring states', () => {
    assert.equal(SEED_BAND_SAFETY_FACTOR, 1.5);
  });

  it('widens the spread of seeds that fall short of the canonical value', () => {
    // gap 0.5 - 0.1 = 0.4; spread (0.5 - 0.44) / 0.4 = 0.15; 1.5 * 0.15 = 0.225.
    const derived = deriveSeedTolerance(
      [{ taskId: 'digits', baseline: 0.1, canonical: 0.5, seedValues: [0.5, 0.44, 0.47] }],
      bounds,
    );
    close(derived.unclamped, 0.225);
    close(derived.tolerance, 0.225);
    assert.equal(derived.widestTaskId, 'digits');
  });

  it('counts a seed that beats the canonical value as spread too', () => {
    // gap 0.4; spread (0.52 - 0.44) / 0.4 = 0.2; 1.5 * 0.2 = 0.3.
    const derived = deriveSeedTolerance(
      [{ taskId: 'digits', baseline: 0.1, canonical: 0.5, seedValues: [0.5, 0.44, 0.52] }],
      bounds,
    );
    close(derived.tolerance, 0.3);
  });

  it('takes the widest task relative to its own gap', () => {
    // digits: (0.9 - 0.86) / (0.9 - 0.1) = 0.05; glyphs: (0.6 - 0.57) / (0.6 - 0.3) = 0.1.
    const derived = deriveSeedTolerance(
      [
        { taskId: 'digits', baseline: 0.1, canonical: 0.9, seedValues: [0.9, 0.86, 0.88] },
        { taskId: 'glyphs', baseline: 0.3, canonical: 0.6, seedValues: [0.6, 0.57, 0.59] },
      ],
      bounds,
    );
    close(derived.unclamped, 0.15);
    assert.equal(derived.widestTaskId, 'glyphs');
  });

  it('treats a lower-is-better metric by magnitude', () => {
    // inertia ratio: baseline 3, canonical 1; gap 2; spread (1.2 - 1) / 2 = 0.1; 1.5 * 0.1 = 0.15.
    const derived = deriveSeedTolerance(
      [{ taskId: 'blobs', baseline: 3, canonical: 1, seedValues: [1, 1.2, 1.1] }],
      bounds,
    );
    close(derived.tolerance, 0.15);
  });

  it('gives min for a metric that is the same for every seed', () => {
    const derived = deriveSeedTolerance(
      [{ taskId: 'digits', baseline: 0.1, canonical: 0.7, seedValues: [0.7, 0.7, 0.7] }],
      bounds,
    );
    assert.equal(derived.unclamped, 0);
    assert.equal(derived.tolerance, 0.02);
  });

  it('ignores a task whose reference is no better than its baseline', () => {
    // zero gap: calibrateScore ignores the tolerance there, so the spread of 0.2 must not count.
    const derived = deriveSeedTolerance(
      [{ taskId: 'flat', baseline: 0.3, canonical: 0.3, seedValues: [0.3, 0.1, 0.3] }],
      bounds,
    );
    assert.equal(derived.tolerance, 0.02);
    assert.equal(derived.widestTaskId, null);
  });

  it('clamps a wide spread to max', () => {
    // gap 0.2; spread (0.4 - 0.2) / 0.2 = 1; 1.5 * 1 = 1.5, clamped to 0.5.
    const derived = deriveSeedTolerance(
      [{ taskId: 'digits', baseline: 0.1, canonical: 0.3, seedValues: [0.3, 0.2, 0.4] }],
      bounds,
    );
    close(derived.unclamped, 1.5);
    assert.equal(derived.tolerance, 0.5);
  });

  it('rejects a single seed and non-finite values, naming the task', () => {
    assert.throws(
      () =>
        deriveSeedTolerance(
          [{ taskId: 'one', baseline: 0, canonical: 1, seedValues: [1] }],
          bounds,
        ),
      /task one has 1 seed values/,
    );
    assert.throws(
      () =>
        deriveSeedTolerance(
          [{ taskId: 'nan', baseline: 0, canonical: 1, seedValues: [1, Number.NaN] }],
          bounds,
        ),
      /task nan has a non-finite value NaN/,
    );
  });
});
