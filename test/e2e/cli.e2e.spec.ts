import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findRepositoryRoot } from '@dmlg/config';
import { startStack, type RunningStack } from '../support/running-stack';
import { createStudent, type StudentAccount } from '../support/student-account';

const root = findRepositoryRoot();
const reference = join(root, 'reference-solutions', '02-kmeans');
const syntaxError = join(root, 'test', 'fixtures', 'submissions', '02-kmeans', 'syntax-error');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

interface SubmissionJson {
  id: string;
  status: string;
  score: number | null;
  checks: { id: string; message: string }[];
}

describe('dmlg command-line client', { timeout: 15 * 60 * 1000 }, () => {
  let stack: RunningStack;
  let student: StudentAccount;
  let configHome: string;
  let submissionId = '';

  /** Runs `bin/dmlg.js` (what npm links as `dmlg`) as the student would, in a clean environment. */
  function dmlg(
    args: string[],
    options: { input?: string; lang?: string } = {},
  ): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(root, 'bin', 'dmlg.js'), ...args], {
        cwd: configHome,
        env: {
          PATH: process.env.PATH,
          HOME: configHome,
          XDG_CONFIG_HOME: join(configHome, 'xdg'),
          LANG: options.lang ?? 'en_GB.UTF-8',
          DMLG_URL: stack.baseUrl,
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      child.stdin.end(options.input ?? '');
    });
  }

  before(async () => {
    stack = await startStack('e2e_cli', 3435, 4);
    configHome = mkdtempSync(join(tmpdir(), 'dmlg-cli-'));
    student = await createStudent(stack, 'terminal@example.edu');
  });

  after(async () => {
    await stack?.stop();
    if (configHome) rmSync(configHome, { recursive: true, force: true });
  });

  it('asks to log in first', async () => {
    const result = await dmlg(['assignments']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /not logged in: run dmlg login/);
  });

  it('refuses a wrong password', async () => {
    const result = await dmlg(['login', '--email', student.email], { input: 'wrong-password\n' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /401: wrong e-mail address or password/);
  });

  it('refuses a wrong token', async () => {
    const result = await dmlg(['login', '--token', 'dmlg_not-a-real-token-000000']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /the server refused the token/);
  });

  it('logs in with a password from stdin', async () => {
    const result = await dmlg(['login', '--email', student.email, '--json'], {
      input: `${student.password}\n`,
    });
    assert.equal(result.code, 0, result.stderr);
    const file = join(configHome, 'xdg', 'dmlg', 'config.json');
    assert.deepEqual(JSON.parse(result.stdout), {
      url: stack.baseUrl,
      email: student.email,
      configFile: file,
    });
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it('lists assignments', async () => {
    const result = await dmlg(['assignments']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^assignment +title +deadline +best +submissions/);
    assert.match(result.stdout, /\nkmeans +2\. /);
  });

  it('lists assignments as JSON', async () => {
    const result = await dmlg(['assignments', '--json']);
    const slugs = (JSON.parse(result.stdout) as { slug: string }[]).map((item) => item.slug);
    assert.ok(slugs.includes('kmeans'), slugs.join(', '));
  });

  it('submits and shows the checks in Latvian', async () => {
    const result = await dmlg(['submit', 'kmeans', reference], { lang: 'lv_LV.UTF-8' });
    assert.equal(result.code, 0, result.stderr);
    const id = /iesniegums ([0-9a-f-]{36}): novērtēts, vērtējums 100 \/ 100/.exec(
      result.stdout,
    )?.[1];
    assert.ok(id, result.stdout);
    submissionId = id;
    assert.match(result.stderr, /gaida vērtējumu/);
    assert.match(result.stdout, /pārbaude +svars +punkti % +vērtība +atsauce/);
  });

  it('submits with JSON output', async () => {
    const result = await dmlg(['submit', 'kmeans', syntaxError, '--json']);
    const submission = JSON.parse(result.stdout) as SubmissionJson;
    assert.equal(submission.status, 'graded', result.stderr);
    assert.equal(result.code, 0);
    assert.equal(submission.score, 0);
    assert.match(submission.checks[0]?.message ?? '', /SyntaxError at kmeans\.py line \d+/);
  });

  it('shows one submission', async () => {
    const result = await dmlg(['status', submissionId, '--json']);
    assert.equal(result.code, 0, result.stderr);
    const submission = JSON.parse(result.stdout) as SubmissionJson;
    assert.equal(submission.score, 100);
  });

  it('shows the latest submission of each assignment', async () => {
    const result = await dmlg(['status']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /\nkmeans +[0-9a-f-]{36} +graded +\d/);
  });

  it('refuses a path that does not exist', async () => {
    const result = await dmlg(['submit', 'kmeans', join(configHome, 'nothing.py')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /does not exist/);
  });

  it('passes the public tests of the reference solution', async () => {
    const result = await dmlg(['check', 'kmeans', reference, '--json']);
    assert.equal(result.code, 0, result.stdout);
    assert.equal((JSON.parse(result.stdout) as { passed: boolean }).passed, true);
  });

  it('fails the public tests of a broken file', async () => {
    const result = await dmlg(['check', 'kmeans', syntaxError]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /public tests of kmeans failed/);
  });

  it('names a missing Python', async () => {
    const result = await dmlg(['check', 'kmeans', reference, '--python', '/nonexistent/python3']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /cannot run \/nonexistent\/python3/);
  });

  it('keeps grade printing the submission as JSON', async () => {
    const result = await dmlg(['grade', 'kmeans', join(reference, 'kmeans.py')]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as SubmissionJson).score, 100);
  });

  it('logs out', async () => {
    const result = await dmlg(['logout']);
    assert.equal(result.code, 0);
    assert.equal(existsSync(join(configHome, 'xdg', 'dmlg', 'config.json')), false);
  });
});
