import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calibrateScore } from './calibrate';

describe('calibrateScore', () => {
  it('baseline scores 0', () => {
    assert.equal(calibrateScore(0.02, 0.02, 0.7, 0, true), 0);
  });

  it('reference scores 1', () => {
    assert.equal(calibrateScore(0.7, 0.02, 0.7, 0.05, true), 1);
  });

  it('halfway scores one half', () => {
    // (0.5 - 0.1) / (0.9 - 0.1) = 0.5 with no tolerance.
    assert.equal(calibrateScore(0.5, 0.1, 0.9, 0, true), 0.5);
  });

  it('tolerance widens full marks', () => {
    // Within 5 % of the gap below the reference: (0.86 - 0.1) / (0.8 * 0.95) = 1.
    assert.equal(calibrateScore(0.86, 0.1, 0.9, 0.05, true), 1);
  });

  it('worse than baseline clamps to 0', () => {
    assert.equal(calibrateScore(-0.3, 0, 0.7, 0.05, true), 0);
  });

  it('lower is better for inertia', () => {
    // Baseline 1000, reference 200: value 600 is halfway.
    assert.equal(calibrateScore(600, 1000, 200, 0, false), 0.5);
  });

  it('equal reference and baseline', () => {
    assert.equal(calibrateScore(0, 0, 0, 0.05, false), 1);
    assert.equal(calibrateScore(1, 0, 0, 0.05, false), 0);
  });
});
