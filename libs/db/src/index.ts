export * from './data-source';
export * from './entities';
export * from './localized-text';
export * from './migrations';
export * from './database.module';
