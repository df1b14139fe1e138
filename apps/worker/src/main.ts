import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadAppConfig } from '@dmlg/config';
import { selectTensorflowBackend } from '@dmlg/metrics';
import { WorkerModule } from './worker.module';

/** Starts the grading worker: a Nest application context with BullMQ processors and no HTTP server. */
async function bootstrap(): Promise<void> {
  const config = loadAppConfig();
  // Checks that run networks or large matrix products use TensorFlow.js; pick its fastest backend once.
  await selectTensorflowBackend(new Logger('TensorFlow'));
  const app = await NestFactory.createApplicationContext(WorkerModule, {
    logger: loggerLevels(config.logLevel),
  });
  // SIGTERM and SIGINT close the BullMQ worker, which waits for the job in progress.
  app.enableShutdownHooks();
  Logger.log(`worker started (pid ${process.pid})`, 'Worker');
}

function loggerLevels(level: string): ('error' | 'warn' | 'log' | 'debug' | 'verbose')[] {
  const order = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  return order.slice(0, order.indexOf(level as (typeof order)[number]) + 1);
}

bootstrap().catch((error: unknown) => {
  Logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error), 'Worker');
  process.exit(1);
});
