import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { effectiveDeadlines } from './effective-deadlines';
import { computeGrade } from './grade-computation';
import { DAY_MS, DEFAULT_POLICY_RULES, type PolicyRules } from './policy-rules';

const HOUR_MS = 3600 * 1000;
const deadline = new Date('2027-03-01T22:00:00Z');
const rules: PolicyRules = {
  ...DEFAULT_POLICY_RULES,
  version: 4,
  deadline,
  cutoffAt: new Date(deadline.getTime() + 3 * DAY_MS),
  latePenalty: { kind: 'per-day', percentPerDay: 10, maxPercent: 100 },
};

describe('effectiveDeadlines', () => {
  it('without an extension', () => {
    const effective = effectiveDeadlines(rules, null);
    assert.equal(effective.deadline, deadline);
    assert.equal(effective.extensionDeadline, null);
  });

  it('extension moves the cutoff along', () => {
    // Two days of extension: the cutoff moves from deadline + 3 days to deadline + 5 days.
    const extension = new Date(deadline.getTime() + 2 * DAY_MS);
    const effective = effectiveDeadlines(rules, extension);
    assert.equal(effective.deadline?.toISOString(), extension.toISOString());
    assert.equal(effective.cutoffAt?.toISOString(), '2027-03-06T22:00:00.000Z');
  });

  it('earlier extension is ignored', () => {
    const effective = effectiveDeadlines(rules, new Date(deadline.getTime() - DAY_MS));
    assert.equal(effective.deadline, deadline);
    assert.equal(effective.extensionDeadline, null);
  });

  it('extension without a deadline is ignored', () => {
    const effective = effectiveDeadlines({ deadline: null, cutoffAt: null }, deadline);
    assert.equal(effective.deadline, null);
    assert.equal(effective.extensionDeadline, null);
  });
});

describe('computeGrade', () => {
  it('on time keeps the raw score', () => {
    const grade = computeGrade(80, rules, null, new Date(deadline.getTime() - HOUR_MS));
    assert.equal(grade.score, 80);
    assert.equal(grade.penaltyPercent, 0);
    assert.equal(grade.policyVersion, 4);
  });

  it('late submission is penalised', () => {
    // 1 day and 2 hours late: two started days, 20 % off 80 = 64.
    const grade = computeGrade(
      80,
      rules,
      null,
      new Date(deadline.getTime() + DAY_MS + 2 * HOUR_MS),
    );
    assert.equal(grade.rawScore, 80);
    assert.equal(grade.penaltyPercent, 20);
    assert.ok(Math.abs(grade.score - 64) < 1e-9);
    assert.equal(grade.lateMs, DAY_MS + 2 * HOUR_MS);
  });

  it('extension removes the penalty', () => {
    const extension = new Date(deadline.getTime() + 2 * DAY_MS);
    const grade = computeGrade(80, rules, extension, new Date(deadline.getTime() + DAY_MS));
    assert.equal(grade.score, 80);
    assert.equal(grade.penaltyPercent, 0);
    assert.equal(grade.extensionDeadline, extension);
  });

  it('late after the extension', () => {
    // Extension to deadline + 1 day; submitted at deadline + 1 day + 1 hour: one started day.
    const extension = new Date(deadline.getTime() + DAY_MS);
    const grade = computeGrade(50, rules, extension, new Date(extension.getTime() + HOUR_MS));
    assert.equal(grade.penaltyPercent, 10);
    assert.equal(grade.score, 45);
  });

  it('no deadline is never late', () => {
    const grade = computeGrade(70, DEFAULT_POLICY_RULES, null, new Date('2030-01-01T00:00:00Z'));
    assert.equal(grade.score, 70);
    assert.equal(grade.lateMs, 0);
  });
});
