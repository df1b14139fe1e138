import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepositoryRoot } from '@dmlg/config';
import { collectFiles } from './collect-files';

/**
 * `dmlg grade <assignment> <file-or-folder>`: submits through the running API and waits for the
 * grade. Prints the submission as JSON on stdout. Exit codes: 0 graded, 1 grading failed or timed
 * out, 2 usage or connection error.
 */
const USAGE = `usage: dmlg grade <assignment-slug> <file-or-folder> [--timeout <seconds>] [--table]

  --timeout   seconds to wait for the grade (default 600)
  --table     print the checks as a table instead of JSON

Environment:
  DMLG_URL     API base URL (default http://127.0.0.1:3000)
  DMLG_TOKEN   API token (default: the instructor token in .data/instructor-token)`;

class UsageError extends Error {}

interface SubmissionView {
  id: string;
  status: 'queued' | 'running' | 'graded' | 'failed';
  [key: string]: unknown;
}

function readToken(): string {
  if (process.env.DMLG_TOKEN) return process.env.DMLG_TOKEN.trim();
  const dataDir = process.env.DMLG_DATA_DIR ?? join(findRepositoryRoot(), '.data');
  const tokenFile = join(dataDir, 'instructor-token');
  if (existsSync(tokenFile)) return readFileSync(tokenFile, 'utf8').trim();
  throw new UsageError(
    `no API token: set DMLG_TOKEN or start the server once so that ${tokenFile} exists`,
  );
}

async function request<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new UsageError(
      `cannot reach ${url}: ${(error as Error).cause ?? (error as Error).message}. Is the API running (npm run quickstart)?`,
    );
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      const body = JSON.parse(text) as { message?: unknown };
      if (body.message)
        message = Array.isArray(body.message) ? body.message.join('; ') : String(body.message);
    } catch {
      // Not JSON: show the text as it came.
    }
    throw new UsageError(
      `${init.method ?? 'GET'} ${url} failed with ${response.status}: ${message}`,
    );
  }
  return JSON.parse(text) as T;
}

async function grade(
  slug: string,
  target: string,
  timeoutSeconds: number,
  table: boolean,
): Promise<number> {
  const base = (process.env.DMLG_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const headers = { authorization: `Bearer ${readToken()}` };
  const files = collectFiles(target);

  const form = new FormData();
  for (const file of files) {
    form.append('files', new Blob([file.content]), file.path);
  }
  const receipt = await request<{ id: string }>(
    `${base}/api/assignments/${encodeURIComponent(slug)}/submissions`,
    { method: 'POST', body: form, headers },
  );
  process.stderr.write(
    `submitted ${files.length} file(s) as ${receipt.id}; waiting for the grade\n`,
  );

  const deadline = Date.now() + timeoutSeconds * 1000;
  let delay = 200;
  for (;;) {
    const submission = await request<SubmissionView>(`${base}/api/submissions/${receipt.id}`, {
      headers,
    });
    if (submission.status === 'graded' || submission.status === 'failed') {
      process.stdout.write(
        table ? formatTable(submission) : `${JSON.stringify(submission, null, 2)}\n`,
      );
      return submission.status === 'graded' ? 0 : 1;
    }
    if (Date.now() > deadline) {
      process.stdout.write(`${JSON.stringify(submission, null, 2)}\n`);
      process.stderr.write(
        `not graded within ${timeoutSeconds} s (status ${submission.status}); check again with GET ${base}/api/submissions/${receipt.id}\n`,
      );
      return 1;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(1000, delay * 1.5);
  }
}

/** Plain-text table of a submission's checks, for people rather than scripts. */
function formatTable(submission: SubmissionView): string {
  const checks =
    (submission.checks as {
      id: string;
      score: number;
      weight: number;
      value: number | null;
      target: number | null;
      message: string;
    }[]) ?? [];
  const number = (value: number | null): string => (value === null ? '-' : value.toFixed(3));
  const rows = checks.map((check) => [
    check.id,
    String(check.weight),
    (100 * check.score).toFixed(1),
    number(check.value),
    number(check.target),
  ]);
  const header = ['check', 'weight', 'score %', 'value', 'reference'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]): string =>
    cells.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  const lines = [
    `submission ${submission.id}: ${submission.status}, score ${submission.score ?? '-'} / 100`,
    line(header),
    ...rows.map(line),
  ];
  for (const check of checks) lines.push(`- ${check.id}: ${check.message}`);
  if (submission.failureReason) lines.push(`failure: ${String(submission.failureReason)}`);
  return `${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [command, slug, target, ...rest] = argv;
  if (command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command !== 'grade' || !slug || !target) {
    throw new UsageError(USAGE);
  }
  let timeoutSeconds = 600;
  let table = false;
  for (let index = 0; index < rest.length; index++) {
    if (rest[index] === '--table') {
      table = true;
    } else if (rest[index] === '--timeout') {
      timeoutSeconds = Number(rest[++index]);
      if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
        throw new UsageError(`--timeout must be a positive number of seconds, got ${rest[index]}`);
      }
    } else {
      throw new UsageError(`unexpected argument ${rest[index]}\n${USAGE}`);
    }
  }
  if (!existsSync(target)) {
    throw new UsageError(
      `${target} does not exist: give the path of your .py file or of the folder that contains it`,
    );
  }
  return grade(slug, target, timeoutSeconds, table);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`dmlg: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
