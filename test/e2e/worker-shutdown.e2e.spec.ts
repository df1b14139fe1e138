import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { findRepositoryRoot } from '@dmlg/config';
import {
  enrolClass,
  readSubmissionTimes,
  submitFile,
  type ClassStudent,
} from '../support/class-submissions';
import { startProcess, startStack, stopProcess, type RunningStack } from '../support/running-stack';

const repositoryRoot = findRepositoryRoot();
const reference = readFileSync(
  join(repositoryRoot, 'reference-solutions', '02-kmeans', 'kmeans.py'),
  'utf8',
);
/**
 * The reference K-Means, whose first fit sleeps 10 s, so that the worker is signalled while the
 * run is in its sandbox. Only the first: X-Means and G-Means fit K-Means many times.
 */
const slowReference = [
  'import time',
  reference,
  '_reference_fit = KMeans.fit',
  '_slept = []',
  '',
  'def _slow_fit(self, X):',
  '    if not _slept:',
  '        _slept.append(True)',
  '        time.sleep(10)',
  '    return _reference_fit(self, X)',
  '',
  'KMeans.fit = _slow_fit',
  '',
].join('\n');

/**
 * Resolves with how `child` ended: `exit 0`, or `SIGTERM` when it re-raised the signal, which is
 * what Nest's shutdown hooks do once the application has closed.
 */
function endOf(child: RunningStack['worker']): Promise<string> {
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)),
  );
}

describe('worker shutdown', { timeout: 10 * 60 * 1000 }, () => {
  let stack: RunningStack;
  let database: Client;
  let students: ClassStudent[];
  let restarted: RunningStack['worker'] | undefined;

  async function statusOf(id: string): Promise<{ status: string; score: number | null }> {
    const [row] = await readSubmissionTimes(database, [id]);
    return row;
  }

  before(async () => {
    // One slot, so a second submission stays queued behind the first.
    stack = await startStack('e2e_worker_shutdown', 3480, 9, {
      env: { DMLG_WORKER_CONCURRENCY: '1' },
    });
    database = new Client({ connectionString: stack.databaseUrl });
    await database.connect();
    students = await enrolClass(stack, 'shutdown', 2);
  });

  after(async () => {
    if (restarted) await stopProcess(restarted);
    await database?.end();
    await stack?.stop();
  });

  it('SIGTERM finishes the run in progress and takes no new job', async () => {
    const first = await submitFile(stack, students[0].token, 'kmeans', 'kmeans.py', slowReference);
    const second = await submitFile(stack, students[1].token, 'kmeans', 'kmeans.py', reference);
    const deadline = Date.now() + 180_000;
    while ((await statusOf(first.id)).status !== 'running' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal((await statusOf(first.id)).status, 'running');

    const ended = endOf(stack.worker);
    stack.worker.kill('SIGTERM');
    const end = await Promise.race([
      ended,
      new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 240_000)),
    ]);

    assert.ok(['exit 0', 'SIGTERM'].includes(end), `worker ended with ${end}`);
    assert.equal((await statusOf(first.id)).status, 'graded');
    assert.equal((await statusOf(first.id)).score, 100);
    assert.equal((await statusOf(second.id)).status, 'queued');
    const runs = await database.query<{ outcome: string }>(
      'select outcome from grading_runs where submission_id = $1',
      [first.id],
    );
    assert.deepEqual(
      runs.rows.map((row) => row.outcome),
      ['completed'],
    );
  });

  it('a new worker grades what was left queued', async () => {
    restarted = startProcess(
      'dist/apps/worker/src/main.js',
      {
        DMLG_DATABASE_URL: stack.databaseUrl,
        DMLG_REDIS_URL: stack.redisUrl,
        DMLG_DATA_DIR: stack.dataDir,
        DMLG_WORKER_NAME: 'e2e_worker_shutdown-worker-2',
      },
      'worker-2',
    );
    const [queued] = (
      await database.query<{ id: string }>(
        "select id from submissions where status in ('queued', 'running')",
      )
    ).rows;
    assert.ok(queued, 'no submission left to grade');
    const deadline = Date.now() + 240_000;
    while (
      !['graded', 'failed'].includes((await statusOf(queued.id)).status) &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    assert.equal((await statusOf(queued.id)).status, 'graded');
    assert.equal((await statusOf(queued.id)).score, 100);
  });
});
