/**
 * The receive hooks of every student repository, run by git (`receive-pack`, started by the API
 * through `git http-backend`) as `node git-receive-hook.js pre-receive|post-receive`. Whatever
 * it writes to stderr reaches the pusher as `remote: ` lines.
 *
 * pre-receive: for an update of `main`, packs the pushed tree with `git archive` (the pushed
 * objects are still in git's quarantine, which this process can read through the environment
 * git set) and posts it to the API on loopback, which validates and stores it exactly like an
 * uploaded `.tar.gz` and enqueues it. A refusal exits non-zero, so git rejects the push and
 * `main` stays as it was. Other branches are stored without grading.
 *
 * post-receive: once `main` has moved, waits (at most DMLG_GIT_WAIT_SECONDS, asked of the API)
 * for the grade of the submission the pre-receive hook created and prints it.
 *
 * Environment, set by the API for each request: DMLG_HOOK_URL, DMLG_HOOK_SECRET,
 * DMLG_GIT_USER_ID, DMLG_GIT_COURSE, DMLG_GIT_ASSIGNMENT, DMLG_GIT_LOCALE. GIT_DIR is set by git.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GitHookAnswer } from './git-hook-answer';
import { GIT_PUSH_MESSAGES } from './git-push-messages';

const ZERO_ID = /^0+$/;
const MAIN = 'refs/heads/main';
/** File, named for the pushed commit, in which pre-receive leaves the submission id for post-receive. */
const pendingFile = (gitDir: string, commit: string): string =>
  join(gitDir, `dmlg-pending-${commit}`);

const text = GIT_PUSH_MESSAGES[process.env.DMLG_GIT_LOCALE === 'lv' ? 'lv' : 'en'];

function say(lines: string[]): void {
  for (const line of lines) process.stderr.write(`${line}\n`);
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; this hook runs only under the DML Grader API`);
  return value;
}

async function callApi(path: string, init: RequestInit): Promise<GitHookAnswer> {
  const response = await fetch(`${required('DMLG_HOOK_URL')}${path}`, {
    ...init,
    headers: {
      ...(init.headers as Record<string, string> | undefined),
      'x-dmlg-hook-secret': required('DMLG_HOOK_SECRET'),
      'x-dmlg-user': required('DMLG_GIT_USER_ID'),
      'x-dmlg-course': required('DMLG_GIT_COURSE'),
      'x-dmlg-assignment': required('DMLG_GIT_ASSIGNMENT'),
    },
  });
  if (!response.ok) {
    throw new Error(`the grader returned ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as GitHookAnswer;
}

function readUpdates(): { oldId: string; newId: string; ref: string }[] {
  return readFileSync(0, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [oldId, newId, ref] = line.trim().split(/\s+/);
      return { oldId, newId, ref };
    });
}

async function preReceive(gitDir: string): Promise<number> {
  const main = readUpdates().find((update) => update.ref === MAIN);
  if (!main) return 0;
  if (ZERO_ID.test(main.newId)) {
    say([text.mainDeleted()]);
    return 1;
  }
  // A tree id (not the commit id) keeps git from adding a pax header with the commit id, which
  // the upload path would refuse as a special entry.
  const archive = execFileSync('git', ['archive', '--format=tar.gz', `${main.newId}^{tree}`], {
    maxBuffer: 512 * 1024 * 1024,
  });
  const answer = await callApi(`/git-hook/receive?commit=${main.newId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/gzip' },
    body: archive,
  });
  say(answer.lines);
  if (!answer.accepted || !answer.submissionId) return 1;
  writeFileSync(pendingFile(gitDir, main.newId), answer.submissionId);
  return 0;
}

async function postReceive(gitDir: string): Promise<number> {
  const main = readUpdates().find((update) => update.ref === MAIN);
  if (!main) return 0;
  const pending = pendingFile(gitDir, main.newId);
  if (!existsSync(pending)) return 0;
  const submissionId = readFileSync(pending, 'utf8').trim();
  rmSync(pending, { force: true });
  const answer = await callApi(`/git-hook/submissions/${submissionId}/wait`, { method: 'GET' });
  say(answer.lines);
  return 0;
}

async function main(): Promise<number> {
  const phase = process.argv[2];
  const gitDir = process.env.GIT_DIR ?? process.cwd();
  if (phase === 'pre-receive') return preReceive(gitDir);
  if (phase === 'post-receive') return postReceive(gitDir);
  throw new Error(`unknown hook ${phase}; expected pre-receive or post-receive`);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    say([text.unreachable(error instanceof Error ? error.message : String(error))]);
    // Refuse in pre-receive so that main never holds code without a submission.
    process.exitCode = process.argv[2] === 'pre-receive' ? 1 : 0;
  },
);
