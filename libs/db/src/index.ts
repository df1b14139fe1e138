export * from './data-source';
export * from './entities';
export * from './localized-text';
export * from './migrations';
export * from './database.module';
export * from './database-errors';
export * from './retry-on-database-outage';
