import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Queue, QueueEvents } from 'bullmq';
import { Client } from 'pg';
import { findRepositoryRoot } from '@dmlg/config';
import { GRADE_SUBMISSION_JOB, GRADING_QUEUE, redisConnectionOptions } from '@dmlg/grading';
import { runNode, startStack, type RunningStack } from '../support/running-stack';

interface CheckView {
  id: string;
  score: number;
  value: number | null;
  target: number | null;
  message: string;
}

interface SubmissionView {
  id: string;
  status: string;
  score: number | null;
  checks: CheckView[];
}

const repositoryRoot = findRepositoryRoot();
const fixtures = join(repositoryRoot, 'test', 'fixtures', 'submissions', '02-kmeans');

describe('kmeans grading end to end', { timeout: 20 * 60 * 1000 }, () => {
  let stack: RunningStack;
  let database: Client;
  const graded = new Map<string, SubmissionView>();

  async function grade(
    path: string,
    lang = 'en',
  ): Promise<{ code: number; submission: SubmissionView; stderr: string }> {
    const result = await runNode(
      'dist/apps/cli/src/main.js',
      ['grade', 'kmeans', path, '--timeout', '300'],
      {
        DMLG_URL: stack.baseUrl,
        DMLG_TOKEN: stack.token,
        LANG: lang,
      },
    );
    assert.ok(
      result.stdout.trim().startsWith('{'),
      `CLI printed no JSON; stderr: ${result.stderr}`,
    );
    return {
      code: result.code,
      submission: JSON.parse(result.stdout) as SubmissionView,
      stderr: result.stderr,
    };
  }

  function check(submission: SubmissionView, id: string): CheckView {
    const found = submission.checks.find((entry) => entry.id === id);
    assert.ok(
      found,
      `check ${id} missing from ${JSON.stringify(submission.checks.map((entry) => entry.id))}`,
    );
    return found;
  }

  before(async () => {
    stack = await startStack('e2e_kmeans', 3310, 1);
    database = new Client({ connectionString: stack.databaseUrl });
    await database.connect();
  });

  after(async () => {
    await database?.end();
    await stack?.stop();
  });

  it('reference solution scores 100', async () => {
    const { code, submission } = await grade(
      join(repositoryRoot, 'reference-solutions', '02-kmeans'),
    );
    graded.set('reference', submission);
    assert.equal(code, 0);
    assert.equal(submission.status, 'graded');
    assert.equal(submission.score, 100);
    for (const entry of submission.checks) {
      assert.equal(entry.score, 1, `check ${entry.id}: ${entry.message}`);
    }
  });

  it('random labels score at most 10', async () => {
    const { code, submission } = await grade(join(fixtures, 'random-labels'));
    assert.equal(code, 0);
    assert.equal(submission.status, 'graded');
    assert.ok((submission.score ?? 100) <= 10, `score ${submission.score}`);
    for (const id of ['kmeans-ari', 'kmeans-nmi']) {
      const entry = check(submission, id);
      assert.ok(Math.abs(entry.value ?? 1) < 0.05, `${id} value ${entry.value}`);
      assert.match(entry.message, /Near 0 means/);
    }
  });

  it('syntax error scores 0 naming the line', async () => {
    const { code, submission } = await grade(join(fixtures, 'syntax-error'));
    assert.equal(code, 0);
    assert.equal(submission.score, 0);
    for (const entry of submission.checks) {
      assert.match(entry.message, /SyntaxError at kmeans\.py line \d+/);
    }
  });

  it('missing KMeans scores 0 naming the class', async () => {
    const { submission } = await grade(join(fixtures, 'missing-kmeans'));
    assert.equal(submission.score, 0);
    assert.match(check(submission, 'kmeans-ari').message, /KMeans/);
  });

  it('endless loop stops at time limit', async () => {
    // The loop has no iteration cap and a convergence test that can never pass.
    const { submission } = await grade(join(fixtures, 'no-iteration-cap'));
    assert.equal(submission.status, 'graded');
    assert.match(check(submission, 'kmeans-ari').message, /time limit of 60 s/);
    assert.ok(check(submission, 'kmeans-ari').score < 0.5);
  });

  it('NaN centroids named in the message', async () => {
    const { submission } = await grade(join(fixtures, 'empty-cluster-nan'));
    const ari = check(submission, 'kmeans-ari');
    assert.ok(ari.score < 0.5, `kmeans-ari ${ari.score}`);
    assert.match(ari.message, /cluster_centers_ contains NaN/);
  });

  it('arbitrary G-Means labels fail gmeans-ari', async () => {
    const { submission } = await grade(join(fixtures, 'gmeans-arbitrary-labels'));
    const ari = check(submission, 'gmeans-ari');
    assert.ok(ari.score < 0.5, `gmeans-ari ${ari.score}`);
    assert.match(ari.message, /Near 0 means/);
    assert.equal(check(submission, 'gmeans-cluster-count').score, 1);
  });

  it('next submission graded after a timeout', async () => {
    const { submission } = await grade(join(fixtures, 'crash-in-fit'));
    assert.equal(submission.status, 'graded');
    assert.match(check(submission, 'kmeans-ari').message, /ValueError at kmeans\.py line \d+/);
  });

  it('messages in Latvian on request', async () => {
    const reference = graded.get('reference');
    assert.ok(reference);
    const response = await fetch(`${stack.baseUrl}/api/submissions/${reference.id}?lang=lv`, {
      headers: { authorization: `Bearer ${stack.token}` },
    });
    const body = (await response.json()) as SubmissionView;
    assert.match(check(body, 'kmeans-ari').message, /vidēji/);
  });

  it('queue page names the worker', async () => {
    const response = await fetch(`${stack.baseUrl}/api/queue`, {
      headers: { authorization: `Bearer ${stack.token}` },
    });
    const body = (await response.json()) as { workers: { name: string }[] };
    assert.ok(
      body.workers.some((worker) => worker.name === 'e2e_kmeans-worker'),
      JSON.stringify(body.workers),
    );
  });

  it('rows recorded in Postgres', async () => {
    const reference = graded.get('reference');
    assert.ok(reference);
    const runs = await database.query(
      'select worker_name, image_digest, exit_code, outcome, finished_at, placement from grading_runs where submission_id = $1',
      [reference.id],
    );
    assert.equal(runs.rowCount, 1);
    assert.equal(runs.rows[0].worker_name, 'e2e_kmeans-worker');
    assert.match(runs.rows[0].image_digest, /^sha256:/);
    assert.equal(runs.rows[0].exit_code, 0);
    assert.equal(runs.rows[0].outcome, 'completed');
    assert.deepEqual(runs.rows[0].placement, { runner: 'docker' });
    const checks = await database.query(
      'select count(*)::int as count from check_results where submission_id = $1',
      [reference.id],
    );
    assert.equal(checks.rows[0].count, 7);
    const grades = await database.query('select score from grades where submission_id = $1', [
      reference.id,
    ]);
    assert.equal(grades.rows[0].score, 100);
    const changes = await database.query(
      'select count(*)::int as count from grade_changes c join grades g on g.id = c.grade_id where g.submission_id = $1',
      [reference.id],
    );
    assert.equal(changes.rows[0].count, 1);
    const referenceRuns = await database.query(
      "select count(*)::int as count from grading_runs where purpose = 'reference'",
    );
    assert.equal(referenceRuns.rows[0].count, 1);
  });

  it('duplicate enqueue grades once', async () => {
    const reference = graded.get('reference');
    assert.ok(reference);
    const connection = redisConnectionOptions(stack.redisUrl);
    const queue = new Queue(GRADING_QUEUE, { connection });
    const events = new QueueEvents(GRADING_QUEUE, { connection });
    try {
      await events.waitUntilReady();
      // Same job id while the completed job is kept: BullMQ ignores the add.
      const duplicate = await queue.add(
        GRADE_SUBMISSION_JOB,
        { submissionId: reference.id },
        { jobId: reference.id },
      );
      assert.equal(await duplicate.getState(), 'completed');
      // With the old job gone, a new delivery runs, and the worker sees the grade and skips.
      await queue.remove(reference.id);
      const redelivered = await queue.add(
        GRADE_SUBMISSION_JOB,
        { submissionId: reference.id },
        { jobId: reference.id },
      );
      await redelivered.waitUntilFinished(events, 60_000);
    } finally {
      await events.close();
      await queue.close();
    }
    const grades = await database.query(
      'select count(*)::int as count from grades where submission_id = $1',
      [reference.id],
    );
    assert.equal(grades.rows[0].count, 1);
    const runs = await database.query(
      'select count(*)::int as count from grading_runs where submission_id = $1',
      [reference.id],
    );
    assert.equal(runs.rows[0].count, 1);
  });

  it('cancel stops queued and running submissions', async () => {
    const upload = async (): Promise<string> => {
      const form = new FormData();
      form.append(
        'files',
        new Blob([readFileSync(join(fixtures, 'infinite-loop', 'kmeans.py'))]),
        'kmeans.py',
      );
      const receipt = await fetch(`${stack.baseUrl}/api/assignments/kmeans/submissions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.token}` },
        body: form,
      });
      assert.equal(receipt.status, 202);
      return ((await receipt.json()) as { id: string }).id;
    };
    const cancel = (id: string): Promise<Response> =>
      fetch(`${stack.baseUrl}/api/submissions/${id}/cancel`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.token}` },
      });
    const statusOf = async (id: string): Promise<string> => {
      const response = await fetch(`${stack.baseUrl}/api/submissions/${id}`, {
        headers: { authorization: `Bearer ${stack.token}` },
      });
      return ((await response.json()) as SubmissionView).status;
    };
    const waitFor = async (id: string, wanted: string): Promise<string> => {
      let status = await statusOf(id);
      for (let poll = 0; poll < 240 && status !== wanted; poll += 1) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        status = await statusOf(id);
      }
      return status;
    };

    // The worker takes one job at a time, so the second waits in the queue behind the first.
    const running = await upload();
    assert.equal(await waitFor(running, 'running'), 'running');
    const queued = await upload();
    assert.equal(await statusOf(queued), 'queued');

    // BullMQ may already have handed the next job to the worker (locked, not started). The worker
    // then finds the mark when it starts the job and records the submission cancelled without a run.
    const queuedCancel = await cancel(queued);
    assert.equal(queuedCancel.status, 202);
    const queuedAnswer = (await queuedCancel.json()) as { id: string; status: string };
    assert.equal(queuedAnswer.id, queued);
    assert.match(queuedAnswer.status, /^(cancelled|cancelling)$/);

    const runningCancel = await cancel(running);
    assert.equal(runningCancel.status, 202);
    assert.equal(((await runningCancel.json()) as { status: string }).status, 'cancelling');
    // The fixture never ends by itself before the 60 s wall limit, after which it would be graded.
    assert.equal(await waitFor(running, 'cancelled'), 'cancelled');
    assert.equal(await waitFor(queued, 'cancelled'), 'cancelled');

    const again = await cancel(running);
    assert.equal(again.status, 409);
    assert.match(((await again.json()) as { message: string }).message, /already cancelled/);
    const runs = await database.query(
      'select outcome, finished_at from grading_runs where submission_id = $1',
      [running],
    );
    assert.equal(runs.rowCount, 1);
    assert.equal(runs.rows[0].outcome, 'cancelled');
    assert.ok(runs.rows[0].finished_at);
    const grades = await database.query(
      'select count(*)::int as count from grades where submission_id = any($1)',
      [[running, queued]],
    );
    assert.equal(grades.rows[0].count, 0);
    const queuedRuns = await database.query(
      'select count(*)::int as count from grading_runs where submission_id = $1',
      [queued],
    );
    assert.equal(queuedRuns.rows[0].count, 0);
  });

  it('GPU-model job waits on its own queue', async () => {
    // The stack's worker has no GPUs, so a job for a t4 must stay on grading-gpu-t4 untouched.
    await database.query(
      `update assignments set manifest = jsonb_set(manifest, '{runner}', '{"kind": "docker", "gpus": 1, "gpu_model": "t4"}')
        where slug = 'kmeans'`,
    );
    const gpuQueue = new Queue('grading-gpu-t4', {
      connection: redisConnectionOptions(stack.redisUrl),
    });
    try {
      const form = new FormData();
      form.append(
        'files',
        new Blob([
          readFileSync(join(repositoryRoot, 'reference-solutions', '02-kmeans', 'kmeans.py')),
        ]),
        'kmeans.py',
      );
      const receipt = await fetch(`${stack.baseUrl}/api/assignments/kmeans/submissions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.token}` },
        body: form,
      });
      assert.equal(receipt.status, 202);
      const { id } = (await receipt.json()) as { id: string };
      const job = await gpuQueue.getJob(id);
      assert.ok(job, `no job ${id} on grading-gpu-t4`);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      assert.equal(await job.getState(), 'waiting');
      const runs = await database.query(
        'select count(*)::int as count from grading_runs where submission_id = $1',
        [id],
      );
      assert.equal(runs.rows[0].count, 0);

      const cancelled = await fetch(`${stack.baseUrl}/api/submissions/${id}/cancel`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.token}` },
      });
      assert.deepEqual(await cancelled.json(), { id, status: 'cancelled' });
      assert.equal(await gpuQueue.getJob(id), undefined);
    } finally {
      await gpuQueue.close();
      await database.query(
        `update assignments set manifest = manifest - 'runner' where slug = 'kmeans'`,
      );
    }
  });

  it('no sandbox containers or volumes left', () => {
    const containers = execFileSync('docker', ['ps', '-aq', '--filter', 'label=dmlg.run'])
      .toString()
      .trim();
    assert.equal(containers, '');
    const volumes = execFileSync('docker', ['volume', 'ls', '-q', '--filter', 'label=dmlg.run'])
      .toString()
      .trim();
    assert.equal(volumes, '');
  });

  it('CLI rejects an unknown assignment', async () => {
    const result = await runNode(
      'dist/apps/cli/src/main.js',
      ['grade', 'no-such-assignment', join(fixtures, 'random-labels')],
      {
        DMLG_URL: stack.baseUrl,
        DMLG_TOKEN: stack.token,
      },
    );
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /assignment "no-such-assignment" not found; known assignments: .*kmeans/,
    );
  });

  it('API rejects a missing token', async () => {
    const response = await fetch(`${stack.baseUrl}/api/assignments`);
    assert.equal(response.status, 401);
  });
});
