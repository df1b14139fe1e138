import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WarmPool } from './warm-pool';

/** Entries are numbered in creation order; `removed` records each removal with its reason. */
function countingPool(capacity: number, maxIdleMs = 60_000) {
  let created = 0;
  const removed: { entry: number; reason: string }[] = [];
  const pool = new WarmPool<number>('spec', {
    capacity,
    maxIdleMs,
    remove: (entry, reason) => {
      removed.push({ entry, reason });
      return Promise.resolve();
    },
    describe: (entry) => `entry ${entry}`,
  });
  const create = (): Promise<number> => Promise.resolve((created += 1));
  return { pool, create, removed, created: () => created };
}

void describe('WarmPool', () => {
  void it('fill tops a key up to the capacity', async () => {
    const { pool, create, created } = countingPool(3);
    await pool.fill('a', create);

    assert.equal(pool.count('a'), 3);
    assert.equal(created(), 3);
    await pool.close();
  });

  void it('take hands each entry out once', async () => {
    const { pool, create } = countingPool(3);
    await pool.fill('a', create);

    const taken = [pool.take('a'), pool.take('a'), pool.take('a'), pool.take('a')];

    assert.deepEqual(taken, [1, 2, 3, undefined]);
    assert.equal(pool.size, 0);
    await pool.close();
  });

  void it('replenishes with new entries after a take', async () => {
    const { pool, create } = countingPool(2);
    await pool.fill('a', create);
    const first = pool.take('a');
    await pool.fill('a', create);
    const next = [pool.take('a'), pool.take('a')];

    assert.equal(first, 1);
    assert.deepEqual(next, [2, 3]);
    await pool.close();
  });

  void it('gives nothing for another key', async () => {
    const { pool, create } = countingPool(2);
    await pool.fill('a', create);

    assert.equal(pool.take('b'), undefined);
    assert.equal(pool.count('a'), 2);
    await pool.close();
  });

  void it('evicts the oldest entries of other keys to stay within capacity', async () => {
    const { pool, create, removed } = countingPool(2);
    await pool.fill('a', create);
    await pool.fill('b', create);

    assert.equal(pool.size, 2);
    assert.equal(pool.count('a'), 0);
    assert.equal(pool.count('b'), 2);
    assert.deepEqual(
      removed.map((entry) => entry.entry),
      [1, 2],
    );
    assert.match(removed[0].reason, /evicted/);
    await pool.close();
  });

  void it('runs one fill loop per key however often fill is called', async () => {
    const { pool, create, created } = countingPool(2);
    await Promise.all([pool.fill('a', create), pool.fill('a', create), pool.fill('a', create)]);

    assert.equal(created(), 2);
    await pool.close();
  });

  void it('stops filling at a failed creation and tries again at the next fill', async () => {
    const { pool, create } = countingPool(2);
    let fail = true;
    const flaky = (): Promise<number> =>
      fail ? Promise.reject(new Error('engine down')) : create();

    await pool.fill('a', flaky);
    assert.equal(pool.size, 0);
    fail = false;
    await pool.fill('a', flaky);
    assert.equal(pool.size, 2);
    await pool.close();
  });

  void it('never hands out an entry idle past maxIdleMs and sweeps it away', async () => {
    const { pool, create, removed } = countingPool(1, 100);
    await pool.fill('a', create);
    await new Promise((resolve) => setTimeout(resolve, 150));

    assert.equal(pool.take('a'), undefined);
    // The sweep runs every maxIdleMs / 2.
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(pool.size, 0);
    assert.deepEqual(removed, [{ entry: 1, reason: 'idle too long' }]);
    await pool.close();
  });

  void it('close removes what it holds and what is still being created', async () => {
    const { pool, create, removed } = countingPool(2);
    await pool.fill('a', create);
    pool.take('a');
    let release: (entry: number) => void = () => undefined;
    const slow = (): Promise<number> => new Promise((resolve) => (release = resolve));
    const filling = pool.fill('a', slow);

    const closing = pool.close();
    release(99);
    await Promise.all([closing, filling]);

    assert.deepEqual(removed.map((entry) => entry.entry).sort(), [2, 99]);
    assert.equal(pool.size, 0);
    assert.equal(pool.take('a'), undefined);
    await pool.fill('a', create);
    assert.equal(pool.size, 0, 'a closed pool fills nothing');
  });

  void it('with capacity 0 creates nothing', async () => {
    const { pool, create, created } = countingPool(0);
    await pool.fill('a', create);

    assert.equal(created(), 0);
    assert.equal(pool.take('a'), undefined);
    await pool.close();
  });

  void it('rejects a negative or fractional capacity and a non-positive idle time', () => {
    const options = {
      maxIdleMs: 1000,
      remove: () => Promise.resolve(),
      describe: () => '',
    };
    assert.throws(
      () => new WarmPool('spec', { ...options, capacity: -1 }),
      /capacity must be a whole number of entries, 0 or more; got -1/,
    );
    assert.throws(
      () => new WarmPool('spec', { ...options, capacity: 1.5 }),
      /capacity must be a whole number.*got 1\.5/,
    );
    assert.throws(
      () => new WarmPool('spec', { ...options, capacity: 1, maxIdleMs: 0 }),
      /maxIdleMs must be a positive number of milliseconds; got 0/,
    );
  });
});
