import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAY_MS, DEFAULT_POLICY_RULES, type PolicyRules } from './policy-rules';
import { decideAdmission, type SubmissionUsage } from './submission-admission';

const MINUTE_MS = 60 * 1000;
const opensAt = new Date('2027-02-15T08:00:00Z');
const deadline = new Date('2027-03-01T22:00:00Z');
const cutoffAt = new Date(deadline.getTime() + 2 * DAY_MS);
const rules: PolicyRules = {
  ...DEFAULT_POLICY_RULES,
  opensAt,
  deadline,
  cutoffAt,
  maxSubmissions: 5,
  maxSubmissionsPerHour: 2,
};
const unused: SubmissionUsage = { total: 0, lastHour: [] };
const at = (offsetMs: number): Date => new Date(deadline.getTime() + offsetMs);

describe('decideAdmission', () => {
  it('before opening is rejected', () => {
    const decision = decideAdmission(
      rules,
      null,
      unused,
      new Date(opensAt.getTime() - 1),
      'kmeans',
    );
    assert.equal(decision.admitted, false);
    assert.equal(!decision.admitted && decision.rule, 'not-open');
    assert.equal(!decision.admitted && decision.at, opensAt);
    assert.match(!decision.admitted ? decision.message.en : '', /2027-02-15T08:00:00.000Z/);
  });

  it('at opening is accepted', () => {
    assert.equal(decideAdmission(rules, null, unused, opensAt, 'kmeans').admitted, true);
  });

  it('late before the cutoff is accepted', () => {
    assert.equal(decideAdmission(rules, null, unused, at(DAY_MS), 'kmeans').admitted, true);
  });

  it('after the cutoff is rejected', () => {
    const decision = decideAdmission(rules, null, unused, at(2 * DAY_MS + 1), 'kmeans');
    assert.equal(!decision.admitted && decision.rule, 'cutoff-passed');
    assert.equal(!decision.admitted && decision.at?.toISOString(), cutoffAt.toISOString());
  });

  it('extension moves the cutoff', () => {
    // Extension of one day: the cutoff moves to deadline + 3 days.
    const extension = at(DAY_MS);
    assert.equal(
      decideAdmission(rules, extension, unused, at(2.5 * DAY_MS), 'kmeans').admitted,
      true,
    );
    const decision = decideAdmission(rules, extension, unused, at(3 * DAY_MS + 1), 'kmeans');
    assert.equal(!decision.admitted && decision.rule, 'cutoff-passed');
  });

  it('total limit is reached', () => {
    const decision = decideAdmission(
      rules,
      null,
      { total: 5, lastHour: [] },
      at(-DAY_MS),
      'kmeans',
    );
    assert.equal(!decision.admitted && decision.rule, 'total-limit');
    assert.equal(!decision.admitted && decision.limit, 5);
  });

  it('below the total limit', () => {
    const decision = decideAdmission(
      rules,
      null,
      { total: 4, lastHour: [] },
      at(-DAY_MS),
      'kmeans',
    );
    assert.equal(decision.admitted, true);
  });

  it('hourly limit names the next slot', () => {
    // Two submissions 50 and 10 minutes ago fill the hour; the 50-minute one leaves it in 10 minutes.
    const now = at(-DAY_MS);
    const lastHour = [
      new Date(now.getTime() - 10 * MINUTE_MS),
      new Date(now.getTime() - 50 * MINUTE_MS),
    ];
    const decision = decideAdmission(rules, null, { total: 2, lastHour }, now, 'kmeans');
    assert.equal(!decision.admitted && decision.rule, 'hourly-limit');
    assert.equal(
      !decision.admitted && decision.at?.toISOString(),
      new Date(now.getTime() + 10 * MINUTE_MS).toISOString(),
    );
  });

  it('hour-old submissions do not count', () => {
    const now = at(-DAY_MS);
    const lastHour = [
      new Date(now.getTime() - 60 * MINUTE_MS),
      new Date(now.getTime() - 5 * MINUTE_MS),
    ];
    assert.equal(
      decideAdmission(rules, null, { total: 2, lastHour }, now, 'kmeans').admitted,
      true,
    );
  });

  it('unlimited rules admit everything', () => {
    const decision = decideAdmission(
      DEFAULT_POLICY_RULES,
      null,
      { total: 1000, lastHour: [] },
      at(0),
      'kmeans',
    );
    assert.equal(decision.admitted, true);
  });
});
