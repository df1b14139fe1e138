import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyLatePenalty, latePenaltyPercent } from './late-penalty';
import { DAY_MS, type LatePenaltyRule } from './policy-rules';

const HOUR_MS = 3600 * 1000;
const perDay: LatePenaltyRule = { kind: 'per-day', percentPerDay: 10, maxPercent: 50 };
const curve: LatePenaltyRule = {
  kind: 'curve',
  points: [
    { days: 0, percent: 5 },
    { days: 2, percent: 25 },
    { days: 4, percent: 100 },
  ],
};

describe('latePenaltyPercent', () => {
  it('on time is free', () => {
    assert.equal(latePenaltyPercent(perDay, 0), 0);
    assert.equal(latePenaltyPercent(curve, -HOUR_MS), 0);
  });

  it('none keeps the raw score', () => {
    assert.equal(latePenaltyPercent({ kind: 'none' }, 3 * DAY_MS), 0);
  });

  it('per-day counts a started day', () => {
    // One minute late is the first started day: 1 * 10 %.
    assert.equal(latePenaltyPercent(perDay, 60 * 1000), 10);
  });

  it('per-day at exactly two days', () => {
    assert.equal(latePenaltyPercent(perDay, 2 * DAY_MS), 20);
  });

  it('per-day just past two days', () => {
    // 2 days and 1 hour is three started days: 3 * 10 %.
    assert.equal(latePenaltyPercent(perDay, 2 * DAY_MS + HOUR_MS), 30);
  });

  it('per-day stops at its maximum', () => {
    // Eight started days would be 80 %, capped at 50 %.
    assert.equal(latePenaltyPercent(perDay, 7.5 * DAY_MS), 50);
  });

  it('curve starts at its first point', () => {
    // Just after the deadline: 5 % plus a negligible slope share.
    assert.ok(Math.abs(latePenaltyPercent(curve, 1) - 5) < 1e-6);
  });

  it('curve interpolates between points', () => {
    // Day 1 is halfway from (0, 5) to (2, 25): 5 + 0.5 * 20 = 15.
    assert.equal(latePenaltyPercent(curve, DAY_MS), 15);
    // Day 3 is halfway from (2, 25) to (4, 100): 25 + 0.5 * 75 = 62.5.
    assert.equal(latePenaltyPercent(curve, 3 * DAY_MS), 62.5);
  });

  it('curve holds its last point', () => {
    assert.equal(latePenaltyPercent(curve, 10 * DAY_MS), 100);
  });
});

describe('applyLatePenalty', () => {
  it('takes the percent off', () => {
    // 80 points with 30 % off: 80 * 0.7 = 56.
    assert.ok(Math.abs(applyLatePenalty(80, 30) - 56) < 1e-9);
  });

  it('full penalty gives zero', () => {
    assert.equal(applyLatePenalty(92.5, 100), 0);
  });
});
