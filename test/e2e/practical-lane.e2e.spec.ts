import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Docker from 'dockerode';
import { Client } from 'pg';
import { findRepositoryRoot } from '@dmlg/config';
import { WARM_LABEL, WORKER_LABEL } from '@dmlg/sandbox';
import {
  enrolClass,
  readSubmissionTimes,
  submitFile,
  waitUntilFinished,
  type ClassStudent,
  type SubmissionTimes,
} from '../support/class-submissions';
import { startStack, type RunningStack } from '../support/running-stack';

const repositoryRoot = findRepositoryRoot();
const practicalSolution = readFileSync(
  join(repositoryRoot, 'reference-solutions', '21-practical-lloyd', 'lloyd.py'),
  'utf8',
);
/**
 * Homework that holds its grading slot until the 60 s wall limit of assignment 2 stops it,
 * sleeping rather than spinning so that it leaves the shared cores to the practical check.
 */
const slowHomework = [
  'import time',
  '',
  'class KMeans:',
  '    def __init__(self, n_clusters, seed):',
  '        self.n_clusters = n_clusters',
  '',
  '    def fit(self, X):',
  '        time.sleep(600)',
  '',
].join('\n');

/** This stack's worker's pre-created objects, as `container NAME STATE` and `volume NAME`. */
async function warmObjects(): Promise<string[]> {
  const docker = new Docker();
  const filters = { label: [`${WARM_LABEL}=true`, `${WORKER_LABEL}=e2e_practical-worker`] };
  const containers = await docker.listContainers({ all: true, filters });
  const volumes = await docker.listVolumes({ filters });
  return [
    ...containers.map((container) => `container ${container.Names[0]} ${container.State}`),
    ...(volumes.Volumes ?? []).map((volume) => `volume ${volume.Name}`),
  ];
}

describe('practical lane end to end', { timeout: 10 * 60 * 1000 }, () => {
  let stack: RunningStack;
  let database: Client;
  let students: ClassStudent[];
  const homework: string[] = [];
  let practicalId = '';

  async function statusOf(id: string): Promise<SubmissionTimes> {
    const [times] = await readSubmissionTimes(database, [id]);
    return times;
  }

  before(async () => {
    // One grading slot and one practical slot: two homework jobs fill the grading side.
    stack = await startStack('e2e_practical', 3475, 0, {
      env: { DMLG_WORKER_CONCURRENCY: '1', DMLG_WORKER_PRACTICAL_SLOTS: '1' },
    });
    database = new Client({ connectionString: stack.databaseUrl });
    await database.connect();
    students = await enrolClass(stack, 'lane', 3);
  });

  after(async () => {
    // Cancelled runs are killed and their containers removed before the worker stops.
    for (const [index, id] of homework.entries()) {
      await fetch(`${stack.baseUrl}/api/submissions/${id}/cancel`, {
        method: 'POST',
        headers: { authorization: `Bearer ${students[index].token}` },
      });
    }
    if (homework.length) await waitUntilFinished(database, homework, 120_000).catch(() => []);
    await database?.end();
    await stack?.stop();
    // The worker removes its pre-created containers and volumes when it shuts down.
    assert.deepEqual(await warmObjects(), [], 'pre-created objects left after shutdown');
  });

  it('graded past queued homework', async () => {
    for (const student of students.slice(0, 2)) {
      const sent = await submitFile(stack, student.token, 'kmeans', 'kmeans.py', slowHomework);
      homework.push(sent.id);
    }
    const deadline = Date.now() + 120_000;
    while ((await statusOf(homework[0])).status !== 'running' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal((await statusOf(homework[0])).status, 'running');

    const practical = await submitFile(
      stack,
      students[2].token,
      'practical-lloyd',
      'lloyd.py',
      practicalSolution,
    );
    practicalId = practical.id;
    const [graded] = await waitUntilFinished(database, [practical.id], 180_000);
    const waiting = await statusOf(homework[1]);

    assert.equal(graded.status, 'graded');
    assert.equal(graded.score, 100);
    assert.equal(waiting.status, 'queued');
  });

  it('keeps a created, never started container ready for the next check', async () => {
    // The pool refills in the background, during and after the check.
    const deadline = Date.now() + 30_000;
    let containers: string[] = [];
    while (containers.length === 0 && Date.now() < deadline) {
      containers = (await warmObjects()).filter((object) => object.startsWith('container '));
      if (containers.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }

    assert.ok(containers.length >= 1, 'no pre-created container after the practical check');
    assert.ok(
      containers.every((container) => container.endsWith(' created')),
      containers.join(', '),
    );
  });

  it('homework still holds its slot', async () => {
    assert.equal((await statusOf(homework[0])).status, 'running');
  });

  it('rerun of a practical check takes the practical lane', async () => {
    // With the grading slot held by homework, a rerun job put on `grading` would wait there.
    const headers = { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' };
    const created = await fetch(`${stack.baseUrl}/api/assignments/practical-lloyd/reruns`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ scope: 'submission', submissionId: practicalId, reason: 'lane test' }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    let view = (await created.json()) as {
      id: string;
      status: string;
      items: { newScore: number | null }[];
    };
    const deadline = Date.now() + 180_000;
    while (view.status === 'grading' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const response = await fetch(`${stack.baseUrl}/api/reruns/${view.id}`, { headers });
      view = (await response.json()) as typeof view;
    }

    assert.equal(view.status, 'ready');
    assert.equal(view.items[0].newScore, 100);
    assert.equal((await statusOf(homework[0])).status, 'running');
    assert.equal((await statusOf(homework[1])).status, 'queued');
  });
});
