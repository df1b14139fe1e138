import { Client } from 'pg';

/**
 * URL of the Postgres server the tests use: `DMLG_TEST_DATABASE_URL`, which `npm test` sets to
 * the server it starts.
 */
export function testDatabaseUrl(): string {
  const url = process.env.DMLG_TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      'DMLG_TEST_DATABASE_URL is not set: run the tests with npm test, which starts Postgres',
    );
  }
  return url;
}

/** Drops and creates database `dmlg_test_<name>` and returns its URL. */
export async function freshTestDatabase(name: string): Promise<string> {
  const serverUrl = new URL(testDatabaseUrl());
  const databaseName = `dmlg_test_${name}`;
  const client = new Client({ connectionString: serverUrl.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists ${databaseName} with (force)`);
    await client.query(`create database ${databaseName}`);
  } finally {
    await client.end();
  }
  serverUrl.pathname = `/${databaseName}`;
  return serverUrl.toString();
}
