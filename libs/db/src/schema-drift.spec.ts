import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { MIGRATIONS } from './migrations';
import { freshTestDatabase } from '../../../test/support/test-database';

describe('migrations', () => {
  let dataSource: DataSource;

  before(async () => {
    dataSource = new DataSource(dataSourceOptions(await freshTestDatabase('schema_drift')));
    await dataSource.initialize();
    await dataSource.runMigrations();
  });

  after(async () => {
    await dataSource.destroy();
  });

  it('match the entities', async () => {
    // An entity change without a generated migration shows up as pending schema statements.
    const pending = await dataSource.driver.createSchemaBuilder().log();
    const statements = pending.upQueries.map((query) => query.query);
    assert.deepEqual(statements, [], 'run npm run migration:generate and commit the migration');
  });

  it('revert cleanly', async () => {
    for (let remaining = MIGRATIONS.length; remaining > 0; remaining -= 1) {
      await dataSource.undoLastMigration();
    }
    const tables: { count: string }[] = await dataSource.query(
      "select count(*) from information_schema.tables where table_schema = 'public' and table_name <> 'migrations'",
    );
    assert.equal(tables[0].count, '0');
    await dataSource.runMigrations();
  });
});
