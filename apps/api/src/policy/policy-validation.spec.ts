import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadRequestException } from '@nestjs/common';
import { parsePolicyInput } from './policy-validation';

/** The problem list of a rejected body. */
function problemsOf(body: unknown): string[] {
  try {
    parsePolicyInput(body);
  } catch (error) {
    assert.ok(error instanceof BadRequestException);
    const response = error.getResponse() as { message: string[] };
    return response.message;
  }
  assert.fail('the body was accepted');
}

describe('parsePolicyInput', () => {
  it('empty body takes defaults', () => {
    const rules = parsePolicyInput({});
    assert.equal(rules.deadline, null);
    assert.deepEqual(rules.latePenalty, { kind: 'none' });
    assert.equal(rules.counting, 'best');
  });

  it('full body is converted', () => {
    const rules = parsePolicyInput({
      opensAt: '2027-02-15T08:00:00Z',
      deadline: '2027-03-01T22:00:00+02:00',
      cutoffAt: '2027-03-04T22:00:00Z',
      latePenalty: { kind: 'per-day', percentPerDay: 10 },
      maxSubmissions: 20,
      maxSubmissionsPerHour: 3,
      counting: 'last',
    });
    assert.equal(rules.deadline?.toISOString(), '2027-03-01T20:00:00.000Z');
    assert.deepEqual(rules.latePenalty, { kind: 'per-day', percentPerDay: 10, maxPercent: 100 });
    assert.equal(rules.maxSubmissionsPerHour, 3);
  });

  it('date without a zone names the fix', () => {
    const [problem] = problemsOf({ deadline: '2027-03-01 22:00' });
    assert.match(problem, /^deadline "2027-03-01 22:00" is invalid; send ISO 8601/);
  });

  it('cutoff before the deadline', () => {
    const [problem] = problemsOf({
      deadline: '2027-03-01T22:00:00Z',
      cutoffAt: '2027-03-01T21:00:00Z',
    });
    assert.match(problem, /cutoffAt 2027-03-01T21:00:00.000Z is before deadline/);
  });

  it('penalty needs a deadline', () => {
    const [problem] = problemsOf({ latePenalty: { kind: 'per-day', percentPerDay: 5 } });
    assert.match(problem, /needs a deadline/);
  });

  it('curve must start at day 0 and rise', () => {
    const problems = problemsOf({
      deadline: '2027-03-01T22:00:00Z',
      latePenalty: {
        kind: 'curve',
        points: [
          { days: 1, percent: 50 },
          { days: 2, percent: 20 },
        ],
      },
    });
    assert.equal(problems.length, 2);
    assert.match(problems[0], /points\[0\]\.days is 1; the first point must be at day 0/);
    assert.match(problems[1], /points\[1\]\.percent 20 is below/);
  });

  it('limit must be a whole number', () => {
    const [problem] = problemsOf({ maxSubmissions: 2.5 });
    assert.match(problem, /^maxSubmissions 2.5 is invalid; send a whole number/);
  });

  it('unknown fields and values are all listed', () => {
    const problems = problemsOf({ counting: 'first', lateWindow: 3 });
    assert.equal(problems.length, 2);
    assert.match(problems[0], /unknown field "lateWindow"/);
    assert.match(problems[1], /counting "first" is invalid; send "best" or "last"/);
  });
});
