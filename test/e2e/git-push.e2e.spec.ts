import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findRepositoryRoot } from '@dmlg/config';
import { startStack, type RunningStack } from '../support/running-stack';
import { createStudent, type StudentAccount } from '../support/student-account';

const root = findRepositoryRoot();
const PORT = 3430;
const SUBMISSION_LINE = /submission ([0-9a-f-]{36}) received for kmeans/;

interface GitResult {
  code: number;
  output: string;
}

describe('git push', { timeout: 15 * 60 * 1000 }, () => {
  let stack: RunningStack;
  let student: StudentAccount;
  let home: string;

  /** Runs the real git client; output is stdout and stderr together (push progress is stderr). */
  function git(cwd: string, args: string[]): Promise<GitResult> {
    return new Promise((resolve) => {
      execFile(
        'git',
        ['-c', 'user.name=Student', '-c', 'user.email=student@example.edu', ...args],
        {
          cwd,
          env: {
            PATH: process.env.PATH,
            HOME: home,
            GIT_CONFIG_NOSYSTEM: '1',
            GIT_TERMINAL_PROMPT: '0',
            LANG: 'C',
          },
        },
        (error, stdout, stderr) =>
          resolve({
            code: error ? ((error as { code?: number }).code ?? 1) : 0,
            output: `${stdout}${stderr}`,
          }),
      );
    });
  }

  function remote(account: { email: string; token: string }): string {
    return `http://${encodeURIComponent(account.email)}:${account.token}@127.0.0.1:${PORT}/git/dml/kmeans.git`;
  }

  /** A fresh work tree whose origin is the student's repository. */
  async function workTree(account: { email: string; token: string }): Promise<string> {
    const folder = mkdtempSync(join(home, 'work-'));
    assert.equal((await git(folder, ['init', '--quiet', '--initial-branch=main'])).code, 0);
    assert.equal((await git(folder, ['remote', 'add', 'origin', remote(account)])).code, 0);
    return folder;
  }

  async function commitAll(folder: string, message: string): Promise<void> {
    assert.equal((await git(folder, ['add', '--all'])).code, 0);
    const committed = await git(folder, ['commit', '--quiet', '-m', message]);
    assert.equal(committed.code, 0, committed.output);
  }

  async function remoteMain(account: StudentAccount): Promise<string> {
    const listed = await git(home, ['ls-remote', remote(account), 'refs/heads/main']);
    assert.equal(listed.code, 0, listed.output);
    return listed.output.split(/\s/)[0];
  }

  before(async () => {
    // Wait long enough in the push for the grade to show; small uploads keep the oversized push small.
    process.env.DMLG_GIT_WAIT_SECONDS = '300';
    process.env.DMLG_UPLOAD_MAX_BYTES = String(256 * 1024);
    stack = await startStack('e2e_git_push', PORT, 14);
    home = mkdtempSync(join(tmpdir(), 'dmlg-git-push-'));
    student = await createStudent(stack, 'pusher@example.edu');
  });

  after(async () => {
    await stack?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  let gradedCommit = '';

  it('grades a push of the reference solution', async () => {
    const folder = await workTree(student);
    copyFileSync(
      join(root, 'reference-solutions', '02-kmeans', 'kmeans.py'),
      join(folder, 'kmeans.py'),
    );
    writeFileSync(join(folder, 'NOTES.md'), 'my notes are not graded\n');
    await commitAll(folder, 'K-Means, X-Means and G-Means');
    const pushed = await git(folder, ['push', 'origin', 'main']);
    process.stderr.write(`--- output of the graded push ---\n${pushed.output}---\n`);
    assert.equal(pushed.code, 0, pushed.output);
    const id = SUBMISSION_LINE.exec(pushed.output)?.[1];
    assert.ok(id, `no submission id in: ${pushed.output}`);
    assert.match(
      pushed.output,
      new RegExp(`remote: +details: http://127\\.0\\.0\\.1:${PORT}/#/submissions/${id}`),
    );
    assert.match(pushed.output, /remote: +graded: score 100\.0 \/ 100/);

    const response = await fetch(`${stack.baseUrl}/api/submissions/${id}`, {
      headers: { authorization: `Bearer ${student.token}` },
    });
    const submission = (await response.json()) as {
      status: string;
      score: number;
      files: string[];
    };
    assert.equal(submission.status, 'graded');
    assert.equal(submission.score, 100);
    assert.deepEqual(submission.files, ['kmeans.py']);
    gradedCommit = (await git(folder, ['rev-parse', 'HEAD'])).output.trim();
    assert.equal(await remoteMain(student), gradedCommit);
  });

  it('refuses a wrong token', async () => {
    const folder = await workTree({ email: student.email, token: 'dmlg_wrong-token-0123456789' });
    writeFileSync(join(folder, 'kmeans.py'), 'print("hi")\n');
    await commitAll(folder, 'wrong token');
    const pushed = await git(folder, ['push', 'origin', 'main']);
    assert.notEqual(pushed.code, 0);
    assert.match(pushed.output, /Authentication failed/);
  });

  it('refuses a token of another account', async () => {
    const other = await createStudent(stack, 'other-pusher@example.edu');
    const folder = await workTree({ email: student.email, token: other.token });
    writeFileSync(join(folder, 'kmeans.py'), 'print("hi")\n');
    await commitAll(folder, 'borrowed token');
    const pushed = await git(folder, ['push', 'origin', 'main']);
    assert.match(pushed.output, /Authentication failed/);
  });

  it('refuses a push with a link in it', async () => {
    const folder = await workTree(student);
    copyFileSync(
      join(root, 'reference-solutions', '02-kmeans', 'kmeans.py'),
      join(folder, 'kmeans.py'),
    );
    symlinkSync('/etc/passwd', join(folder, 'secrets.py'));
    await commitAll(folder, 'with a link');
    const pushed = await git(folder, ['push', '--force', 'origin', 'main']);
    assert.notEqual(pushed.code, 0);
    assert.match(
      pushed.output,
      /remote: DML Grader rejected this push: commit [0-9a-f]+: file "secrets\.py" is a symlink/,
    );
    assert.match(pushed.output, /pre-receive hook declined/);
    assert.equal(await remoteMain(student), gradedCommit);
  });

  it('refuses an oversized push', async () => {
    const folder = await workTree(student);
    copyFileSync(
      join(root, 'reference-solutions', '02-kmeans', 'kmeans.py'),
      join(folder, 'kmeans.py'),
    );
    // Random hex compresses about 2:1, so the tree is well over the 256 KiB limit.
    writeFileSync(join(folder, 'weights.py'), `W = "${randomBytes(400 * 1024).toString('hex')}"\n`);
    await commitAll(folder, 'too large');
    const pushed = await git(folder, ['push', '--force', 'origin', 'main']);
    assert.notEqual(pushed.code, 0);
    assert.match(pushed.output, /remote: DML Grader rejected this push: .*limit/);
    assert.equal(await remoteMain(student), gradedCommit);
  });

  it('refuses a push without the module', async () => {
    const folder = await workTree(student);
    writeFileSync(join(folder, 'kmeans_draft.py'), 'x = 1\n');
    await commitAll(folder, 'no kmeans.py');
    const pushed = await git(folder, ['push', '--force', 'origin', 'main']);
    assert.notEqual(pushed.code, 0);
    assert.match(pushed.output, /remote: DML Grader rejected this push: .*kmeans\.py/);
  });

  it('refuses to delete main', async () => {
    const folder = await workTree(student);
    const pushed = await git(folder, ['push', 'origin', ':main']);
    assert.notEqual(pushed.code, 0);
    assert.match(pushed.output, /remote: DML Grader rejected this push: main cannot be deleted/);
    assert.equal(await remoteMain(student), gradedCommit);
  });

  it('answers in the account language', async () => {
    const latvian = await createStudent(stack, 'latviete@example.edu', [
      'read',
      'submit',
      'manage',
    ]);
    const changed = await fetch(`${stack.baseUrl}/api/me`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${latvian.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ locale: 'lv' }),
    });
    assert.equal(changed.status, 200, await changed.clone().text());
    const folder = await workTree(latvian);
    writeFileSync(join(folder, 'draft.py'), 'x = 1\n');
    await commitAll(folder, 'no kmeans.py');
    const pushed = await git(folder, ['push', 'origin', 'main']);
    assert.notEqual(pushed.code, 0);
    assert.match(pushed.output, /remote: DML Grader noraidīja šo push: /);
  });

  it('refuses a push with a read-only token', async () => {
    const reader = await createStudent(stack, 'reader@example.edu', ['read']);
    const folder = await workTree(reader);
    writeFileSync(join(folder, 'kmeans.py'), 'x = 1\n');
    await commitAll(folder, 'read only');
    const pushed = await git(folder, ['push', 'origin', 'main']);
    assert.notEqual(pushed.code, 0);
    assert.match(pushed.output, /403/);
  });

  it('clones the starter code the instructor seeded', async () => {
    const newcomer = await createStudent(stack, 'newcomer@example.edu');
    const response = await fetch(
      `${stack.baseUrl}/api/courses/dml/assignments/kmeans/git-repositories`,
      { method: 'POST', headers: { authorization: `Bearer ${stack.token}` } },
    );
    const body = (await response.json()) as { seeded: number; unchanged: number };
    assert.equal(response.status, 200);
    // The pusher's repository already has main; the others get the starter.
    assert.ok(body.unchanged >= 1, JSON.stringify(body));
    assert.ok(body.seeded >= 1, JSON.stringify(body));
    const clone = join(home, 'newcomer-clone');
    const cloned = await git(home, ['clone', '--quiet', remote(newcomer), clone]);
    assert.equal(cloned.code, 0, cloned.output);
    assert.equal(
      readFileSync(join(clone, 'kmeans.py'), 'utf8'),
      readFileSync(join(root, 'assignments', '02-kmeans', 'starter', 'kmeans.py'), 'utf8'),
    );
  });

  it('hides the repository from non-members', async () => {
    const created = await fetch(`${stack.baseUrl}/api/courses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slug: 'other-course', titleEn: 'Other', titleLv: 'Cits' }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const outsider = await createStudent(
      stack,
      'outsider@example.edu',
      ['read', 'submit'],
      'other-course',
    );
    const listed = await git(home, ['ls-remote', remote(outsider)]);
    assert.notEqual(listed.code, 0);
    assert.match(listed.output, /remote: repository dml\/kmeans\.git not found/);
  });

  it('keeps each student in their own repository', async () => {
    const other = await createStudent(stack, 'neighbour@example.edu');
    const listed = await git(home, ['ls-remote', remote(other)]);
    assert.equal(listed.code, 0, listed.output);
    assert.doesNotMatch(listed.output, new RegExp(gradedCommit));
  });
});
