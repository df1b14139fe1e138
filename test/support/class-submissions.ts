import assert from 'node:assert/strict';
import { Client } from 'pg';
import type { RunningStack } from './running-stack';

/** How long a login keeps trying through the API's login rate limit, in milliseconds. */
const LOGIN_PATIENCE_MS = 5 * 60 * 1000;

/** A student of a simulated class: e-mail and a session token from their own login. */
export interface ClassStudent {
  email: string;
  token: string;
}

/** A submission as the client saw it: id, when the upload started and how long the API took. */
export interface SentSubmission {
  id: string;
  sentAt: number;
  receiptMs: number;
}

/** Timestamps and run timings of a submission, read from Postgres. */
export interface SubmissionTimes {
  id: string;
  status: string;
  score: number | null;
  createdAt: Date;
  startedAt: Date | null;
  gradedAt: Date | null;
  /** Milliseconds per phase of the last run: prepareMs, runMs, collectMs, cleanupMs, scoreMs. */
  timings: Record<string, number>;
  logTail: string;
}

/**
 * Enrols `count` students `<prefix>-<i>@example.edu` in `course` with one CSV import as the
 * instructor, then logs each in, so every student submits with a token of their own.
 */
export async function enrolClass(
  stack: RunningStack,
  prefix: string,
  count: number,
  course = 'dml',
): Promise<ClassStudent[]> {
  const rows = Array.from(
    { length: count },
    (_, index) => `${prefix}-${index}@example.edu,Student ${index},${prefix}${index}`,
  );
  const imported = await fetch(`${stack.baseUrl}/api/courses/${course}/enrolments/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ csv: `email,name,student_id\n${rows.join('\n')}\n` }),
  });
  assert.ok(imported.ok, `enrolment import: ${imported.status} ${await imported.clone().text()}`);
  const { created } = (await imported.json()) as {
    created: { email: string; initialPassword: string }[];
  };
  assert.equal(created.length, count, 'every student of the class is new');
  const students: ClassStudent[] = [];
  for (const row of created) {
    students.push({ email: row.email, token: await login(stack, row.email, row.initialPassword) });
  }
  return students;
}

/**
 * Logs in and returns the session token. The API allows 20 logins a minute from one address
 * (api.module.ts), so a class larger than that waits out the window on 429 and tries again.
 */
async function login(stack: RunningStack, email: string, password: string): Promise<string> {
  const deadline = Date.now() + LOGIN_PATIENCE_MS;
  for (;;) {
    const response = await fetch(`${stack.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (response.status !== 429 || Date.now() > deadline) {
      assert.ok(response.ok, `login of ${email}: ${response.status}`);
      return ((await response.json()) as { token: string }).token;
    }
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
}

/** Uploads one file as `token` to assignment `slug` and returns the submission id and timing. */
export async function submitFile(
  stack: RunningStack,
  token: string,
  slug: string,
  fileName: string,
  content: string,
): Promise<SentSubmission> {
  const form = new FormData();
  form.append('files', new Blob([content]), fileName);
  const sentAt = Date.now();
  const response = await fetch(`${stack.baseUrl}/api/assignments/${slug}/submissions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const receiptMs = Date.now() - sentAt;
  assert.equal(response.status, 202, `submission to ${slug}: ${await response.clone().text()}`);
  const { id } = (await response.json()) as { id: string };
  return { id, sentAt, receiptMs };
}

/** Reads the submissions' statuses, timestamps and their latest run's timings. */
export async function readSubmissionTimes(
  database: Client,
  ids: readonly string[],
): Promise<SubmissionTimes[]> {
  const { rows } = await database.query<{
    id: string;
    status: string;
    score: string | null;
    created_at: Date;
    started_at: Date | null;
    graded_at: Date | null;
    timings: Record<string, number> | null;
    log_tail: string | null;
  }>(
    `select s.id, s.status, s.score, s.created_at, s.started_at, s.graded_at,
            r.timings, r.log_tail
       from submissions s
       left join lateral (
         select timings, log_tail from grading_runs
          where submission_id = s.id order by started_at desc limit 1
       ) r on true
      where s.id = any($1::uuid[])`,
    [ids],
  );
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    score: row.score === null ? null : Number(row.score),
    createdAt: row.created_at,
    startedAt: row.started_at,
    gradedAt: row.graded_at,
    timings: row.timings ?? {},
    logTail: row.log_tail ?? '',
  }));
}

/** Polls until every submission is graded, failed or cancelled; throws after `timeoutMs`. */
export async function waitUntilFinished(
  database: Client,
  ids: readonly string[],
  timeoutMs: number,
): Promise<SubmissionTimes[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const times = await readSubmissionTimes(database, ids);
    const open = times.filter((row) => row.status === 'queued' || row.status === 'running');
    if (times.length === ids.length && open.length === 0) return times;
    if (Date.now() > deadline) {
      throw new Error(
        `${open.length} of ${ids.length} submissions not finished within ${timeoutMs} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Seconds the harness reports for the student's own code (import plus every task), from the
 * run log's `imported ... in X s` and `task ... in X s` lines; 0 when the log has none.
 */
export function studentComputeSeconds(logTail: string): number {
  let seconds = 0;
  for (const match of logTail.matchAll(/(?:imported \S+|task \S+ \S+) in ([0-9.]+) s/g)) {
    seconds += Number(match[1]);
  }
  return seconds;
}
