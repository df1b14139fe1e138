import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, type QueryRunner } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { dataSourceOptions } from './data-source';
import { isDatabaseUnavailableError } from './database-errors';
import { freshTestDatabase } from '../../../test/support/test-database';

/**
 * Checks on the test server the limits in dataSourceOptions that keep a worker from waiting on
 * Postgres forever. The server-side limits are read from the session, the pool's by starving it.
 */
describe('dataSourceOptions connection limits', () => {
  let url: string;
  let dataSource: DataSource;

  before(async () => {
    url = await freshTestDatabase('connection_limits');
    dataSource = new DataSource(dataSourceOptions(url));
    await dataSource.initialize();
  });

  after(async () => {
    await dataSource.destroy();
  });

  it('sets session lock and idle timeouts', async () => {
    const rows: { lock: string; idle: string }[] = await dataSource.query(
      `select current_setting('lock_timeout') as lock,
              current_setting('idle_in_transaction_session_timeout') as idle`,
    );
    assert.deepEqual(rows, [{ lock: '30s', idle: '1min' }]);
  });

  it('rejects a query on a starved pool', async () => {
    // One connection, held by a runner that never releases it, as a leak would hold it.
    const options = dataSourceOptions(url) as PostgresConnectionOptions;
    const starved = new DataSource({ ...options, poolSize: 1 });
    await starved.initialize();
    const holder: QueryRunner = starved.createQueryRunner();
    try {
      await holder.connect();
      const started = Date.now();
      // Without the limit the query waits for as long as the holder keeps its connection.
      const outcome = await Promise.race([
        starved.query('select 1').then(
          () => 'answered',
          (error: unknown) => error,
        ),
        sleep(20_000).then(() => 'still waiting after 20 s'),
      ]);
      assert.ok(isDatabaseUnavailableError(outcome), String(outcome));
      // The pool waits connectTimeoutMS (10 s) before it gives up: a bound, not a speed target.
      assert.ok(Date.now() - started >= 9_000, `gave up after ${Date.now() - started} ms`);
    } finally {
      // Releasing lets a query still waiting finish, so that destroy does not wait for it.
      await holder.release();
      await starved.destroy();
    }
  });
});
