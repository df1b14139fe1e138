import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** TypeORM options shared by the api, the worker, the migration command and the tests. */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    // Schema changes go through reviewed migrations only.
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    // Milliseconds a caller waits for a pooled connection, or for a new one to open. After that it
    // gets an error that isDatabaseUnavailableError recognises, and a worker delays its job.
    connectTimeoutMS: 10_000,
    extra: {
      // Server-side limits, in milliseconds. A session left idle inside a transaction (a leaked
      // query runner) is ended, so it cannot hold the row lock of a submission until a restart.
      idle_in_transaction_session_timeout: 60_000,
      // A statement that waits longer than this for a row lock fails. The longest wait expected
      // is for the grade transaction of a duplicate delivery, which takes under a second.
      lock_timeout: 30_000,
    },
  };
}

/** Default export for the TypeORM CLI (`npm run migration:generate`). */
export default new DataSource(
  dataSourceOptions(process.env.DMLG_DATABASE_URL ?? 'postgres://dmlg:dmlg@127.0.0.1:55432/dmlg'),
);
