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
  /**
   * Returns the last LOG_LINES_KEPT log lines of the API and the workers, oldest first, each
   * prefixed with its process's name. With `containing`, only the lines that contain that text.
   */
  logLines(containing?: string): string[];
}

/** Log lines kept for the report of a failed run; a 12-submission run writes a few hundred. */
const LOG_LINES_KEPT = 20_000;

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
    // Plain lines, for the report of a failed run; Nest's logger leaves out colours under NO_COLOR.
    NO_COLOR: '1',
    // The recovery services and the processor log what they leave alone at debug level.
    DMLG_LOG_LEVEL: 'debug',
  };
  const migrated = await runNode('dist/libs/db/src/migrate.js', [], env);
  if (migrated.code !== 0) {
    throw new Error(`migration failed: ${migrated.stderr}${migrated.stdout}`);
  }

  const lines: string[] = [];
  const keepLines = (child: ChildProcess, name: string): ChildProcess => {
    for (const stream of [child.stdout, child.stderr]) {
      // A chunk may end inside a line, so the unfinished part waits for the next chunk.
      let partial = '';
      stream?.on('data', (chunk: Buffer) => {
        const parts = (partial + chunk.toString()).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) {
          if (line.trim()) lines.push(`[${name}] ${line}`);
        }
        if (lines.length > LOG_LINES_KEPT) lines.splice(0, lines.length - LOG_LINES_KEPT);
      });
    }
    return child;
  };

  const apiName = `${options.name}-api`;
  const api = keepLines(startProcess('dist/apps/api/src/main.js', env, apiName), apiName);
  const workers: ChildProcess[] = [];
  const startWorker = (index: number): void => {
    const name = `${options.name}-worker-${index}`;
    workers[index] = keepLines(
      startProcess('dist/apps/worker/src/main.js', { ...env, DMLG_WORKER_NAME: name }, name),
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
    logLines: (containing) =>
      containing === undefined ? [...lines] : lines.filter((line) => line.includes(containing)),
  };
}
