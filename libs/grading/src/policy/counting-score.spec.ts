import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countingAttempt } from './counting-score';

const attempts = [
  { id: 'first', score: 60, submittedAt: new Date('2027-03-01T10:00:00Z') },
  { id: 'best', score: 90, submittedAt: new Date('2027-03-01T11:00:00Z') },
  { id: 'last', score: 70, submittedAt: new Date('2027-03-01T12:00:00Z') },
];

describe('countingAttempt', () => {
  it('best takes the highest score', () => {
    assert.equal(countingAttempt(attempts, 'best')?.id, 'best');
  });

  it('last takes the latest submission', () => {
    assert.equal(countingAttempt(attempts, 'last')?.id, 'last');
  });

  it('order of the input does not matter', () => {
    const reversed = [...attempts].reverse();
    assert.equal(countingAttempt(reversed, 'best')?.id, 'best');
    assert.equal(countingAttempt(reversed, 'last')?.id, 'last');
  });

  it('best tie goes to the earlier', () => {
    const tied = [
      { id: 'late', score: 80, submittedAt: new Date('2027-03-02T00:00:00Z') },
      { id: 'early', score: 80, submittedAt: new Date('2027-03-01T00:00:00Z') },
    ];
    assert.equal(countingAttempt(tied, 'best')?.id, 'early');
  });

  it('no attempts count nothing', () => {
    assert.equal(countingAttempt([], 'last'), null);
  });
});
