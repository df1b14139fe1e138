import { Logger } from '@nestjs/common';
import { loadAppConfig } from '@dmlg/config';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';

/** Applies pending migrations (`npm run migrate`). Exits non-zero with the error on failure. */
async function main(): Promise<void> {
  const logger = new Logger('Migrate');
  const config = loadAppConfig();
  const dataSource = new DataSource(dataSourceOptions(config.databaseUrl));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    logger.log(
      `applied ${applied.length} migration(s)${applied.length ? ': ' + applied.map((m) => m.name).join(', ') : ''}`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  new Logger('Migrate').error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
