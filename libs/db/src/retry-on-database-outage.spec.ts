import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryOnDatabaseOutage } from './retry-on-database-outage';

function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
    code: 'ECONNREFUSED',
  });
}

describe('retryOnDatabaseOutage', () => {
  it('succeeds after two outages', async () => {
    let calls = 0;
    const retried: number[] = [];
    const result = await retryOnDatabaseOutage(
      () => {
        calls += 1;
        return calls <= 2 ? Promise.reject(refused()) : Promise.resolve('recorded');
      },
      { firstDelayMs: 1, onRetry: (attempt) => retried.push(attempt) },
    );
    assert.equal(result, 'recorded');
    assert.equal(calls, 3);
    assert.deepEqual(retried, [1, 2]);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    const bug = new TypeError('grade is undefined');
    await assert.rejects(
      retryOnDatabaseOutage(
        () => {
          calls += 1;
          return Promise.reject(bug);
        },
        { firstDelayMs: 1 },
      ),
      bug,
    );
    assert.equal(calls, 1);
  });

  it('gives up after the last attempt', async () => {
    let calls = 0;
    await assert.rejects(
      retryOnDatabaseOutage(
        () => {
          calls += 1;
          return Promise.reject(refused());
        },
        { attempts: 3, firstDelayMs: 1 },
      ),
      /ECONNREFUSED/,
    );
    assert.equal(calls, 3);
  });

  it('doubles the wait', async () => {
    const delays: number[] = [];
    await assert.rejects(
      retryOnDatabaseOutage(() => Promise.reject(refused()), {
        attempts: 4,
        firstDelayMs: 1,
        onRetry: (_attempt, delayMs) => delays.push(delayMs),
      }),
    );
    assert.deepEqual(delays, [1, 2, 4]);
  });
});
