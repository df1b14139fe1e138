export * from './app-config';
export * from './repository-root';
export * from './app-config.module';
export * from './hpc-config';
