import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNode, startProcess, stopProcess, waitForHealth } from './running-stack';

/** API and several workers on a Postgres and a Redis of the test's own, for fault injection. */
export interface FaultStack {
  name: string;
  baseUrl: string;
  token: string;
  /** Number of workers, each started with concurrency 1. */
  workers: number;
  /** Kills worker `index` with SIGKILL and resolves once it has exited. */
  killWorker(index: number): Promise<void>;
  /** Starts worker `index` again under the same name. */
  startWorker(index: number): void;
  /** Stops the API and the workers and deletes the data folder (uploaded files). */
  stop(): Promise<void>;
}

export interface FaultStackOptions {
  /** Name of the stack, used in the worker names and the data folder. */
  name: string;
  port: number;
  /** An empty database, migrated here. */
  databaseUrl: string;
  /** A Redis database no one else uses; the grading queue in it is emptied first. */
  redisUrl: string;
  workers: number;
}

/** Migrates the database and starts the API on `port` and `workers` workers as real processes. */
export async function startFaultStack(options: FaultStackOptions): Promise<FaultStack> {
  const dataDir = mkdtempSync(join(tmpdir(), `dmlg-${options.name}-`));
  const token = `test-token-${options.name}-0123456789abcdef`;
  const env: NodeJS.ProcessEnv = {
    DMLG_DATABASE_URL: options.databaseUrl,
    DMLG_REDIS_URL: options.redisUrl,
    DMLG_HTTP_PORT: String(options.port),
    DMLG_DATA_DIR: dataDir,
    DMLG_INSTRUCTOR_TOKEN: token,
    DMLG_WORKER_CONCURRENCY: '1',
  };
  const migrated = await runNode('dist/libs/db/src/migrate.js', [], env);
  if (migrated.code !== 0) {
    throw new Error(`migration failed: ${migrated.stderr}${migrated.stdout}`);
  }

  const api = startProcess('dist/apps/api/src/main.js', env, `${options.name}-api`);
  const workers: ChildProcess[] = [];
  const startWorker = (index: number): void => {
    const name = `${options.name}-worker-${index}`;
    workers[index] = startProcess(
      'dist/apps/worker/src/main.js',
      { ...env, DMLG_WORKER_NAME: name },
      name,
    );
  };
  for (let index = 0; index < options.workers; index += 1) startWorker(index);
  const baseUrl = `http://127.0.0.1:${options.port}`;
  await waitForHealth(baseUrl, 60_000);

  return {
    name: options.name,
    baseUrl,
    token,
    workers: options.workers,
    killWorker: (index) => {
      const worker = workers[index];
      if (!worker || worker.exitCode !== null || worker.signalCode !== null) {
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        worker.once('exit', () => resolve());
        worker.kill('SIGKILL');
      });
    },
    startWorker,
    stop: async () => {
      // A worker killed and not started again has exited already; stopProcess waits for an exit.
      const running = [api, ...workers].filter((child) => child.signalCode === null);
      await Promise.all(running.map((child) => stopProcess(child)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
