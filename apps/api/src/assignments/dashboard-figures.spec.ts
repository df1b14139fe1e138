import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dashboardFigures, type DashboardInput } from './dashboard-figures';

const DAY_1 = new Date('2027-02-01T10:00:00Z');
const DAY_2 = new Date('2027-02-02T10:00:00Z');

/**
 * Student s1 submits 90 on day 1 then 40 on day 2; the TA submits 5 on day 2. Check c1 passes
 * on s1's first run (0.9) and fails on the second (0.2); the TA's run fails it (0.0).
 */
function input(counting: DashboardInput['counting']): DashboardInput {
  return {
    studentIds: new Set(['s1', 's2']),
    submissions: [
      { id: 'a', userId: 's1', createdAt: DAY_1 },
      { id: 'b', userId: 's1', createdAt: DAY_2 },
      { id: 't', userId: 'ta', createdAt: DAY_2 },
    ],
    grades: [
      { submissionId: 'a', userId: 's1', runId: 'ra', score: 90 },
      { submissionId: 'b', userId: 's1', runId: 'rb', score: 40 },
      { submissionId: 't', userId: 'ta', runId: 'rt', score: 5 },
    ],
    checkResults: [
      { runId: 'ra', checkId: 'c1', score: 0.9 },
      { runId: 'rb', checkId: 'c1', score: 0.2 },
      { runId: 'rt', checkId: 'c1', score: 0 },
    ],
    checks: [{ id: 'c1', title: 'Check one' }],
    counting,
  };
}

function binCounts(figures: ReturnType<typeof dashboardFigures>): Record<number, number> {
  return Object.fromEntries(
    figures.histogram.filter((bin) => bin.count > 0).map((bin) => [bin.from, bin.count]),
  );
}

describe('dashboardFigures', () => {
  it('leaves staff submissions out of every chart and the table', () => {
    const figures = dashboardFigures(input('best'));
    // The TA's 5 would land in the 0-10 bin, its run would lower c1's pass rate to 1/3, and its
    // submission would make day 2 count 2.
    assert.deepEqual(binCounts(figures), { 90: 1 });
    assert.equal(figures.checks[0].passRate, 1 / 2);
    assert.equal(figures.checks[0].meanScore, (0.9 + 0.2) / 2);
    assert.deepEqual(figures.perDay, [
      { day: '2027-02-01', count: 1 },
      { day: '2027-02-02', count: 1 },
    ]);
    assert.deepEqual([...figures.students.keys()], ['s1']);
  });

  it('counts the best graded score under the best rule', () => {
    const s1 = dashboardFigures(input('best')).students.get('s1');
    assert.equal(s1?.countingScore, 90);
    assert.equal(s1?.bestScore, 90);
    assert.equal(s1?.lastScore, 40);
  });

  it('counts the last graded score under the last rule, in the histogram too', () => {
    const figures = dashboardFigures(input('last'));
    assert.deepEqual(binCounts(figures), { 40: 1 });
    assert.equal(figures.students.get('s1')?.countingScore, 40);
    assert.equal(figures.students.get('s1')?.bestScore, 90);
  });

  it('keeps the last graded score while a newer submission waits for its grade', () => {
    const pending = input('last');
    pending.submissions = [...pending.submissions, { id: 'c', userId: 's1', createdAt: DAY_2 }];
    const s1 = dashboardFigures(pending).students.get('s1');
    assert.equal(s1?.countingScore, 40);
    assert.equal(s1?.lastScore, null);
    assert.equal(s1?.lastSubmission?.id, 'c');
  });

  it('puts a full score into the last bin', () => {
    const full = input('best');
    full.grades = [{ submissionId: 'a', userId: 's1', runId: 'ra', score: 100 }];
    assert.deepEqual(binCounts(dashboardFigures(full)), { 90: 1 });
  });
});
