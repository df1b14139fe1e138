import assert from 'node:assert/strict';
import { runNode, type RunningStack } from './running-stack';

export interface CheckView {
  id: string;
  score: number;
  value: number | null;
  target: number | null;
  message: string;
}

export interface SubmissionView {
  id: string;
  status: string;
  score: number | null;
  checks: CheckView[];
}

/** Submits `path` for assignment `slug` with the dmlg CLI and waits for the grade. */
export async function gradeWithCli(
  stack: RunningStack,
  slug: string,
  path: string,
): Promise<{ code: number; submission: SubmissionView }> {
  const result = await runNode(
    'dist/apps/cli/src/main.js',
    ['grade', slug, path, '--timeout', '600'],
    {
      DMLG_URL: stack.baseUrl,
      DMLG_TOKEN: stack.token,
    },
  );
  assert.ok(result.stdout.trim().startsWith('{'), `CLI printed no JSON; stderr: ${result.stderr}`);
  return { code: result.code, submission: JSON.parse(result.stdout) as SubmissionView };
}

/** The check `id` of a graded submission; fails the test with the known ids when it is missing. */
export function findCheck(submission: SubmissionView, id: string): CheckView {
  const found = submission.checks.find((entry) => entry.id === id);
  assert.ok(
    found,
    `check ${id} missing from ${JSON.stringify(submission.checks.map((entry) => entry.id))}`,
  );
  return found;
}
