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
  };
}

/** Default export for the TypeORM CLI (`npm run migration:generate`). */
export default new DataSource(
  dataSourceOptions(process.env.DMLG_DATABASE_URL ?? 'postgres://dmlg:dmlg@127.0.0.1:55432/dmlg'),
);
