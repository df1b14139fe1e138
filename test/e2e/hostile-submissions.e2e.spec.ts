import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Docker from 'dockerode';
import { Client } from 'pg';
import { findRepositoryRoot } from '@dmlg/config';
import { HOSTILE_CASES, type HostileCase } from '../hostile/hostile-cases';
import { collectFiles } from '../../apps/cli/src/collect-files';
import { startStack, type RunningStack } from '../support/running-stack';

interface SubmissionView {
  id: string;
  status: string;
  score: number | null;
  failureReason: string | null;
  checks: { id: string; score: number; message: string }[];
}

const repositoryRoot = findRepositoryRoot();
const hostileRoot = join(repositoryRoot, 'test', 'hostile');
/** Upload file names tried in each case folder, in this order. */
const SUBMISSION_FILES = ['submission.zip', 'submission.tar.gz', 'kmeans.ipynb', 'kmeans.py'];
/** All graded cases run one after another on one worker; the busy loop alone takes 60 s. */
const GRADING_DEADLINE_MS = 15 * 60 * 1000;

describe('hostile submissions', { timeout: 25 * 60 * 1000 }, () => {
  let stack: RunningStack;
  let database: Client;
  const uploads = new Map<string, { status: number; body: Record<string, unknown> }>();
  const finished = new Map<string, SubmissionView>();
  let reference: SubmissionView | undefined;

  async function upload(files: { name: string; content: Buffer }[], encodedName?: string) {
    let body: FormData | Buffer;
    const headers: Record<string, string> = { authorization: `Bearer ${stack.token}` };
    if (encodedName === undefined) {
      body = new FormData();
      for (const file of files)
        body.append('files', new Blob([new Uint8Array(file.content)]), file.name);
    } else {
      // Hand-built, because FormData has no way to send `filename*`.
      const boundary = 'dmlg-hostile-boundary';
      headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
      body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename*=UTF-8''${encodeURIComponent(encodedName)}\r\nContent-Type: text/x-python\r\n\r\n`,
        ),
        files[0]?.content ?? Buffer.alloc(0),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
    }
    const response = await fetch(`${stack.baseUrl}/api/assignments/kmeans/submissions`, {
      method: 'POST',
      headers,
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  function caseFile(entry: HostileCase): { name: string; content: Buffer } {
    const folder = join(hostileRoot, entry.folder);
    const name = SUBMISSION_FILES.find((file) => existsSync(join(folder, file)));
    assert.ok(name, `no submission file in ${folder}`);
    return { name, content: readFileSync(join(folder, name)) };
  }

  async function waitFor(id: string): Promise<SubmissionView> {
    const deadline = Date.now() + GRADING_DEADLINE_MS;
    for (;;) {
      const response = await fetch(`${stack.baseUrl}/api/submissions/${id}`, {
        headers: { authorization: `Bearer ${stack.token}` },
      });
      const body = (await response.json()) as SubmissionView;
      if (body.status === 'graded' || body.status === 'failed') return body;
      assert.ok(Date.now() < deadline, `submission ${id} still ${body.status}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  before(async () => {
    stack = await startStack('e2e_hostile', 3320, 2);
    database = new Client({ connectionString: stack.databaseUrl });
    await database.connect();
    // Everything is queued at once, so each hostile run is followed by the next job on the same
    // worker; the reference solution goes last and must still score 100.
    for (const entry of HOSTILE_CASES) {
      uploads.set(entry.folder, await upload([caseFile(entry)], entry.uploadName));
    }
    const referenceUpload = await upload(
      collectFiles(join(repositoryRoot, 'reference-solutions', '02-kmeans')).map((file) => ({
        name: file.path,
        content: file.content,
      })),
    );
    for (const entry of HOSTILE_CASES) {
      const answer = uploads.get(entry.folder);
      if (entry.expect.kind === 'graded' && answer?.status === 202) {
        finished.set(entry.folder, await waitFor(String(answer.body.id)));
      }
    }
    reference = await waitFor(String(referenceUpload.body.id));
  });

  after(async () => {
    await database?.end();
    await stack?.stop();
  });

  for (const entry of HOSTILE_CASES) {
    const { expect } = entry;
    if (expect.kind === 'rejected') {
      it(`${entry.folder} rejected at upload`, () => {
        const answer = uploads.get(entry.folder);
        assert.equal(answer?.status, expect.status, JSON.stringify(answer?.body));
        assert.match(String(answer?.body.message), expect.message);
      });
      continue;
    }
    it(`${entry.folder} graded with its cause`, async () => {
      const submission = finished.get(entry.folder);
      assert.ok(
        submission,
        `not graded; upload answered ${JSON.stringify(uploads.get(entry.folder))}`,
      );
      assert.equal(submission.status, 'graded', submission.failureReason ?? '');
      assert.ok((submission.score ?? 100) <= (expect.maxScore ?? 0), `score ${submission.score}`);
      if (expect.inLog) {
        const runs = await database.query<{ log_tail: string }>(
          'select log_tail from grading_runs where submission_id = $1',
          [submission.id],
        );
        assert.match(runs.rows[0]?.log_tail ?? '', expect.message);
        return;
      }
      const messages = submission.checks.map((check) => check.message).join('\n');
      assert.match(messages, expect.message);
    });
  }

  it('no hostile run retried as a grader fault', async () => {
    const runs = await database.query<{ count: string }>(
      "select count(*) from grading_runs where outcome = 'infrastructure-error'",
    );
    assert.equal(runs.rows[0]?.count, '0');
  });

  it('reference graded 100 after them', () => {
    assert.equal(reference?.status, 'graded');
    assert.equal(reference?.score, 100);
  });

  it('no container or volume left', async () => {
    const runs = await database.query<{ id: string }>('select id from grading_runs');
    const docker = new Docker();
    const leftovers: string[] = [];
    for (const { id } of runs.rows) {
      const filters = { label: [`dmlg.run=${id}`] };
      const containers = await docker.listContainers({ all: true, filters });
      const volumes = await docker.listVolumes({ filters });
      leftovers.push(...containers.map((container) => container.Id));
      leftovers.push(...(volumes.Volumes ?? []).map((volume) => volume.Name));
    }
    assert.deepEqual(leftovers, []);
  });
});
