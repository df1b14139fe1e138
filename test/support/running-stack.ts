import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepositoryRoot } from '@dmlg/config';
import { freshTestDatabase } from './test-database';

/** API, worker and their configuration, started as real processes from `dist/`. */
export interface RunningStack {
  baseUrl: string;
  token: string;
  databaseUrl: string;
  redisUrl: string;
  dataDir: string;
  /** The worker process, for tests that signal it; `stop` ends it too. */
  worker: ChildProcess;
  stop(): Promise<void>;
}

const repositoryRoot = findRepositoryRoot();

function testRedisUrl(database: number): string {
  const url = process.env.DMLG_TEST_REDIS_URL;
  if (!url) {
    throw new Error(
      'DMLG_TEST_REDIS_URL is not set: run the tests with npm test, which starts Redis',
    );
  }
  return `${url.replace(/\/\d*$/, '')}/${database}`;
}

/** Runs `node <script>` from the repository root and resolves with its exit code and output. */
export function runNode(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repositoryRoot, script), ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export function startProcess(script: string, env: NodeJS.ProcessEnv, name: string): ChildProcess {
  const child = spawn(process.execPath, [join(repositoryRoot, script)], {
    cwd: repositoryRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${name}] `;
  const forward = (chunk: Buffer): void => {
    if (process.env.DMLG_TEST_VERBOSE) process.stderr.write(prefix + chunk.toString());
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  return child;
}

export async function waitForHealth(baseUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
      lastError = `status ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`API at ${baseUrl} not healthy within ${timeoutMs} ms: ${lastError}`);
}

export function stopProcess(child: ChildProcess): Promise<void> {
  // A process that ended by a signal has a null exit code and its signal code set.
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Optional settings of `startStack`. */
export interface StackOptions {
  /** An existing, empty database to migrate and use instead of a fresh one on the test server. */
  databaseUrl?: string;
  /** Further environment of the API and the worker, e.g. DMLG_WORKER_CONCURRENCY. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts a fresh database, migrates it, and starts the API on `port` and one worker, all against
 * the Postgres and Redis that `npm test` started.
 */
export async function startStack(
  name: string,
  port: number,
  redisDatabase: number,
  options: StackOptions = {},
): Promise<RunningStack> {
  const databaseUrl = options.databaseUrl ?? (await freshTestDatabase(name));
  const redisUrl = testRedisUrl(redisDatabase);
  const dataDir = mkdtempSync(join(tmpdir(), `dmlg-${name}-`));
  const token = `test-token-${name}-0123456789abcdef`;
  const env: NodeJS.ProcessEnv = {
    DMLG_DATABASE_URL: databaseUrl,
    DMLG_REDIS_URL: redisUrl,
    DMLG_HTTP_PORT: String(port),
    DMLG_DATA_DIR: dataDir,
    DMLG_INSTRUCTOR_TOKEN: token,
    DMLG_WORKER_NAME: `${name}-worker`,
    ...options.env,
  };

  const migrated = await runNode('dist/libs/db/src/migrate.js', [], env);
  if (migrated.code !== 0) {
    throw new Error(`migration failed: ${migrated.stderr}${migrated.stdout}`);
  }
  const { Queue } = await import('bullmq');
  const { redisConnectionOptions, GRADING_QUEUE, PRACTICAL_QUEUE } = await import('@dmlg/grading');
  for (const queueName of [GRADING_QUEUE, PRACTICAL_QUEUE]) {
    const queue = new Queue(queueName, { connection: redisConnectionOptions(redisUrl) });
    await queue.obliterate({ force: true });
    await queue.close();
  }

  const api = startProcess('dist/apps/api/src/main.js', env, `${name}-api`);
  const worker = startProcess('dist/apps/worker/src/main.js', env, `${name}-worker`);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, 60_000);
  return {
    baseUrl,
    token,
    databaseUrl,
    redisUrl,
    dataDir,
    worker,
    stop: async () => {
      await Promise.all([stopProcess(api), stopProcess(worker)]);
    },
  };
}
