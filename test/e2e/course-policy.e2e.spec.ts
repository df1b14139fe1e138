import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findRepositoryRoot } from '@dmlg/config';
import { startStack, type RunningStack } from '../support/running-stack';

const root = findRepositoryRoot();
const fixtures = join(root, 'test', 'fixtures', 'submissions', '02-kmeans');
const REFERENCE = join(root, 'reference-solutions', '02-kmeans', 'kmeans.py');
const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;
const INSTRUCTOR_PASSWORD = 'policy-instructor-password-01';

/** Debian's Chromium, headless, with every network feature off and only loopback resolvable. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

interface Rejection {
  rule: string;
  at: string | null;
  limit: number | null;
  message: string;
  messages: { en: string; lv: string };
}

interface PolicyView {
  version: number;
  counting: string;
  yours: {
    extensionDeadline: string | null;
    submissionsUsed: number;
    countingScore: number | null;
    countingSubmissionId: string | null;
  };
}

interface RerunSetView {
  id: string;
  status: string;
  counts: Record<string, number>;
  items: {
    submissionId: string;
    status: string;
    previousScore: number | null;
    currentScore: number | null;
    newScore: number | null;
    newRawScore: number | null;
    newPenaltyPercent: number | null;
    extensionDeadline: string | null;
  }[];
}

describe('course policy and reruns', { timeout: 20 * 60 * 1000 }, () => {
  let stack: RunningStack;
  let database: Client;
  const tokens = new Map<string, string>();
  const userIds = new Map<string, string>();
  /** Submission ids by name, in the order the tests make them. */
  const submitted = new Map<string, string>();
  let lateDeadline = '';
  const passwords = new Map<string, string>();
  let appliedSet = '';

  async function request(
    method: string,
    path: string,
    who: string,
    body?: unknown,
  ): Promise<Response> {
    const token = who === 'instructor' ? stack.token : tokens.get(who);
    return fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async function setPolicy(body: Record<string, unknown>): Promise<PolicyView> {
    const response = await request('PUT', '/api/assignments/kmeans/policy', 'instructor', body);
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as PolicyView;
  }

  async function submit(who: string, file: string): Promise<Response> {
    const form = new FormData();
    form.append('files', new Blob([readFileSync(file)]), 'kmeans.py');
    return fetch(`${stack.baseUrl}/api/assignments/kmeans/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get(who)}` },
      body: form,
    });
  }

  async function submitAccepted(who: string, file: string): Promise<string> {
    const response = await submit(who, file);
    assert.equal(response.status, 202, await response.clone().text());
    return ((await response.json()) as { id: string }).id;
  }

  async function waitForGrade(id: string): Promise<number> {
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      const response = await request('GET', `/api/submissions/${id}`, 'instructor');
      const view = (await response.json()) as { status: string; score: number | null };
      if (view.status === 'graded') return view.score ?? Number.NaN;
      assert.notEqual(view.status, 'failed', `submission ${id} failed`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.fail(`submission ${id} was not graded within 300 s`);
  }

  async function gradeRow(submissionId: string): Promise<Record<string, unknown>> {
    const result = await database.query(
      'select id, score, raw_score, penalty_percent, extension_deadline, policy_version, run_id from grades where submission_id = $1',
      [submissionId],
    );
    assert.equal(result.rowCount, 1, `grade of ${submissionId}`);
    return result.rows[0] as Record<string, unknown>;
  }

  before(async () => {
    process.env.DMLG_INSTRUCTOR_PASSWORD = INSTRUCTOR_PASSWORD;
    stack = await startStack('e2e_course_policy', 3440, 15);
    database = new Client({ connectionString: stack.databaseUrl });
    await database.connect();
    const csv = 'email,name,student_id\nalice@example.edu,Alice,p1\nbob@example.edu,Bob,p2\n';
    const imported = await request('POST', '/api/courses/dml/enrolments/import', 'instructor', {
      csv,
    });
    assert.equal(imported.status, 200, await imported.clone().text());
    const { created } = (await imported.json()) as {
      created: { email: string; initialPassword: string }[];
    };
    for (const row of created) {
      passwords.set(row.email, row.initialPassword);
      const login = await fetch(`${stack.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: row.email, password: row.initialPassword }),
      });
      assert.equal(login.status, 200);
      tokens.set(row.email.split('@')[0], ((await login.json()) as { token: string }).token);
    }
    const enrolments = (await (
      await request('GET', '/api/courses/dml/enrolments', 'instructor')
    ).json()) as { userId: string; email: string }[];
    for (const row of enrolments) userIds.set(row.email.split('@')[0], row.userId);
  });

  after(async () => {
    await database?.end();
    await stack?.stop();
  });

  it('invalid policy names the value', async () => {
    const response = await request('PUT', '/api/assignments/kmeans/policy', 'instructor', {
      cutoffAt: 'yesterday',
      maxSubmissions: 0,
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { message: string[] };
    assert.match(body.message[0], /^cutoffAt "yesterday" is invalid; send ISO 8601/);
    assert.match(body.message[1], /^maxSubmissions 0 is invalid; send a whole number/);
  });

  it('rejects before opening', async () => {
    const opensAt = new Date(Date.now() + DAY_MS).toISOString();
    const policy = await setPolicy({ opensAt });
    assert.equal(policy.version, 1);
    const response = await submit('alice', REFERENCE);
    assert.equal(response.status, 403);
    const body = (await response.json()) as Rejection;
    assert.equal(body.rule, 'not-open');
    assert.equal(body.at, opensAt);
    assert.match(body.messages.en, new RegExp(`open at ${opensAt}`));
    assert.match(body.messages.lv, /pieņem no/);
  });

  it('records the late penalty', async () => {
    // 26 hours late is two started days: 2 * 10 % off.
    lateDeadline = new Date(Date.now() - DAY_MS - 2 * HOUR_MS).toISOString();
    const policy = await setPolicy({
      deadline: lateDeadline,
      cutoffAt: new Date(Date.now() + DAY_MS).toISOString(),
      latePenalty: { kind: 'per-day', percentPerDay: 10 },
    });
    assert.equal(policy.version, 2);
    const id = await submitAccepted('alice', REFERENCE);
    submitted.set('late-reference', id);
    const score = await waitForGrade(id);
    const grade = await gradeRow(id);
    assert.equal(grade.raw_score, 100);
    assert.equal(grade.penalty_percent, 20);
    assert.equal(grade.policy_version, 2);
    assert.equal(grade.extension_deadline, null);
    assert.ok(Math.abs(score - 80) < 1e-9, `score ${score}`);
    const audit = await database.query(
      'select new_score, raw_score, penalty_percent, policy_version from grade_changes where grade_id = $1',
      [grade.id],
    );
    assert.equal(audit.rowCount, 1);
    assert.equal(audit.rows[0].penalty_percent, 20);
    assert.equal(audit.rows[0].policy_version, 2);
    const view = (await (await request('GET', `/api/submissions/${id}`, 'alice')).json()) as {
      computation: { rawScore: number; penaltyPercent: number; policyVersion: number };
    };
    assert.deepEqual(view.computation, {
      rawScore: 100,
      penaltyPercent: 20,
      extensionDeadline: null,
      policyVersion: 2,
    });
  });

  it('rejects after the cutoff', async () => {
    await setPolicy({
      deadline: new Date(Date.now() - 2 * DAY_MS).toISOString(),
      cutoffAt: new Date(Date.now() - DAY_MS).toISOString(),
    });
    const response = await submit('bob', REFERENCE);
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as Rejection).rule, 'cutoff-passed');
  });

  it('rejects over the limits', async () => {
    await setPolicy({ maxSubmissions: 3, maxSubmissionsPerHour: 2 });
    const syntaxError = join(fixtures, 'syntax-error', 'kmeans.py');
    submitted.set('bob-1', await submitAccepted('bob', syntaxError));
    submitted.set('bob-2', await submitAccepted('bob', syntaxError));
    const hourly = await submit('bob', syntaxError);
    assert.equal(hourly.status, 429);
    const hourlyBody = (await hourly.json()) as Rejection;
    assert.equal(hourlyBody.rule, 'hourly-limit');
    assert.equal(hourlyBody.limit, 2);
    assert.ok(hourlyBody.at, 'hourly rejection names no time');
    // The two accepted submissions are seconds old, so the next slot is almost an hour away.
    assert.ok(Date.parse(hourlyBody.at) > Date.now() + 50 * 60 * 1000, hourlyBody.at);

    await setPolicy({ maxSubmissions: 2 });
    const total = await submit('bob', syntaxError);
    assert.equal(total.status, 403);
    const totalBody = (await total.json()) as Rejection;
    assert.equal(totalBody.rule, 'total-limit');
    assert.equal(totalBody.limit, 2);
    await waitForGrade(submitted.get('bob-2') ?? '');
  });

  it('counts best or last', async () => {
    await setPolicy({
      deadline: lateDeadline,
      latePenalty: { kind: 'per-day', percentPerDay: 10 },
      counting: 'best',
    });
    const randomId = await submitAccepted('alice', join(fixtures, 'random-labels', 'kmeans.py'));
    submitted.set('late-random', randomId);
    const randomScore = await waitForGrade(randomId);
    assert.ok(randomScore < 10, `random labels scored ${randomScore}`);

    const best = (await (
      await request('GET', '/api/assignments/kmeans/policy', 'alice')
    ).json()) as PolicyView;
    assert.equal(best.yours.countingSubmissionId, submitted.get('late-reference'));
    assert.ok(Math.abs((best.yours.countingScore ?? 0) - 80) < 1e-9);

    await setPolicy({
      deadline: lateDeadline,
      latePenalty: { kind: 'per-day', percentPerDay: 10 },
      counting: 'last',
    });
    const last = (await (
      await request('GET', '/api/assignments/kmeans/policy', 'alice')
    ).json()) as PolicyView;
    assert.equal(last.counting, 'last');
    assert.equal(last.yours.countingSubmissionId, randomId);
    assert.equal(last.yours.countingScore, randomScore);
    const csv = await (await request('GET', '/api/courses/dml/grades.csv', 'instructor')).text();
    const aliceLine = csv.split('\n').find((line) => line.includes('alice@example.edu')) ?? '';
    assert.ok(
      aliceLine.endsWith(randomScore.toFixed(2)) ||
        aliceLine.includes(`,${randomScore.toFixed(2)}`),
      aliceLine,
    );
  });

  it('reruns, reviews and applies', async () => {
    // An extension granted after grading lifts the penalty only once a rerun is applied.
    const extension = new Date(Date.now() + DAY_MS).toISOString();
    const granted = await request(
      'PUT',
      `/api/assignments/kmeans/extensions/${userIds.get('alice')}`,
      'instructor',
      { deadline: extension, reason: 'medical certificate' },
    );
    assert.equal(granted.status, 200, await granted.clone().text());
    const lateId = submitted.get('late-reference') ?? '';
    const before = await gradeRow(lateId);

    const created = await request('POST', '/api/assignments/kmeans/reruns', 'instructor', {
      scope: 'student',
      userId: userIds.get('alice'),
      reason: 'extension granted after grading',
    });
    assert.equal(created.status, 201, await created.clone().text());
    const set = (await created.json()) as RerunSetView;
    assert.equal(set.items.length, 2);
    appliedSet = set.id;

    let view = set;
    const deadline = Date.now() + 300_000;
    while (view.status === 'grading' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      view = (await (
        await request('GET', `/api/reruns/${set.id}`, 'instructor')
      ).json()) as RerunSetView;
    }
    assert.equal(view.status, 'ready');
    const item = view.items.find((entry) => entry.submissionId === lateId);
    assert.ok(item);
    assert.equal(item.status, 'graded');
    assert.ok(Math.abs((item.previousScore ?? 0) - 80) < 1e-9);
    assert.ok(Math.abs((item.currentScore ?? 0) - 80) < 1e-9);
    assert.equal(item.newScore, 100);
    assert.equal(item.newPenaltyPercent, 0);
    assert.equal(item.extensionDeadline, extension);

    // Reviewed but not applied: the grade is what it was.
    const unchanged = await gradeRow(lateId);
    assert.equal(unchanged.score, before.score);
    assert.equal(unchanged.run_id, before.run_id);

    const applied = await request('POST', `/api/reruns/${set.id}/apply`, 'instructor', {
      reason: 'reviewed',
    });
    assert.equal(applied.status, 200, await applied.clone().text());
    assert.deepEqual(await applied.json(), { status: 'applied', applied: 2, skipped: 0 });

    const after = await gradeRow(lateId);
    assert.equal(after.score, 100);
    assert.equal(after.penalty_percent, 0);
    assert.notEqual(after.run_id, before.run_id);
    assert.equal((after.extension_deadline as Date).toISOString(), extension);
    const audit = await database.query(
      'select previous_score, new_score, penalty_percent, changed_by, reason from grade_changes where rerun_set_id = $1 order by created_at',
      [set.id],
    );
    assert.equal(audit.rowCount, 2);
    const row = audit.rows.find(
      (entry: { previous_score: number }) => Math.abs(entry.previous_score - 80) < 1e-9,
    );
    assert.ok(row, JSON.stringify(audit.rows));
    assert.equal(row.new_score, 100);
    assert.equal(row.penalty_percent, 0);
    assert.notEqual(row.changed_by, null);
    assert.match(row.reason, new RegExp(`rerun set ${set.id} applied`));
    const submission = (await (
      await request('GET', `/api/submissions/${lateId}`, 'alice')
    ).json()) as {
      score: number;
    };
    assert.equal(submission.score, 100);

    const again = await request('POST', `/api/reruns/${set.id}/apply`, 'instructor', {});
    assert.equal(again.status, 409);
  });

  it('discarded rerun changes nothing', async () => {
    const bobId = submitted.get('bob-1') ?? '';
    const before = await gradeRow(bobId);
    const created = await request('POST', '/api/assignments/kmeans/reruns', 'instructor', {
      scope: 'submission',
      submissionId: bobId,
      reason: 'check the syntax error message',
    });
    assert.equal(created.status, 201);
    const set = (await created.json()) as RerunSetView;
    const discarded = await request('POST', `/api/reruns/${set.id}/discard`, 'instructor', {});
    assert.equal(discarded.status, 200);
    const after = await gradeRow(bobId);
    assert.deepEqual(after, before);
    const audit = await database.query(
      'select count(*) from grade_changes where rerun_set_id = $1',
      [set.id],
    );
    assert.equal(audit.rows[0].count, '0');
  });

  it('web shows rules and reruns', async () => {
    await setPolicy({
      deadline: lateDeadline,
      latePenalty: { kind: 'per-day', percentPerDay: 10, maxPercent: 50 },
      maxSubmissions: 2,
    });
    const browser: Browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    try {
      const logIn = async (email: string, password: string): Promise<Page> => {
        const context = await browser.newContext({ locale: 'en-GB' });
        const page = await context.newPage();
        await page.goto(`${stack.baseUrl}/`);
        await page.getByLabel('E-mail address').fill(email);
        await page.getByLabel('Password').fill(password);
        await page.getByRole('button', { name: 'Log in' }).click();
        await page.getByRole('heading', { name: 'Assignments' }).waitFor();
        return page;
      };

      const student = await logIn('alice@example.edu', passwords.get('alice@example.edu') ?? '');
      await student.goto(`${stack.baseUrl}/#/assignments/kmeans`);
      const policy = student.getByTestId('policy');
      await policy.waitFor();
      assert.match(await policy.innerText(), /Your deadline \(extended\)/);
      assert.match(await policy.innerText(), /lose 10 % for every started day/);
      assert.match(await student.getByTestId('policy-limits').innerText(), /2 of 2 used/);

      await student.locator('#files').setInputFiles(REFERENCE);
      await student.getByRole('button', { name: 'Submit' }).click();
      const alert = student.getByTestId('error');
      await alert.waitFor();
      assert.match(await alert.innerText(), /you have used all 2 submissions allowed for kmeans/);

      await student.getByTestId('language').selectOption('lv');
      await student.getByRole('heading', { name: 'Noteikumi' }).waitFor();
      assert.match(await policy.innerText(), /Jūsu termiņš \(pagarināts\)/);

      const instructor = await logIn('instructor@dmlg.local', INSTRUCTOR_PASSWORD);
      await instructor.goto(`${stack.baseUrl}/#/reruns/${appliedSet}`);
      await instructor.getByTestId('rerun-items').waitFor();
      assert.equal(await instructor.getByTestId('rerun-items').locator('tbody tr').count(), 2);
      assert.equal(await instructor.getByTestId('rerun-status').innerText(), 'applied');
      await instructor.goto(`${stack.baseUrl}/#/assignments/kmeans/reruns`);
      await instructor.getByTestId('rerun-sets').waitFor();
      assert.equal(await instructor.getByTestId('rerun-sets').locator('tbody tr').count(), 2);
    } finally {
      await browser.close();
    }
  });
});
