import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { Client } from 'pg';
import { findRepositoryRoot } from '@dmlg/config';
import { startStack, type RunningStack } from '../support/running-stack';

interface SimilarityView {
  students: number;
  pairs: {
    left: { email: string; submissionId: string };
    right: { email: string; submissionId: string };
    jaccard: number;
    regions: { left: { path: string; startLine: number; endLine: number } }[];
  }[];
}

const root = findRepositoryRoot();
/** Where screenshots of the page go when set; none are taken otherwise. */
const screenshotDir = process.env.DMLG_SCREENSHOT_DIR;
const INSTRUCTOR_PASSWORD = 'similarity-instructor-password-01';
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
const fixtures = join(root, 'libs', 'grading', 'test-fixtures', 'similarity');
/** Student to the fixture they submit: two near-copies with renames and one own solution. */
const SUBMITTED = new Map([
  ['ada', 'original.py'],
  ['ben', 'renamed.py'],
  ['cai', 'different.py'],
]);

describe('similarity report end to end', { timeout: 10 * 60 * 1000 }, () => {
  let stack: RunningStack;
  const tokens = new Map<string, string>();
  const submissionIds: string[] = [];

  async function get(path: string, token: string): Promise<Response> {
    return fetch(`${stack.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  }

  before(async () => {
    process.env.DMLG_INSTRUCTOR_PASSWORD = INSTRUCTOR_PASSWORD;
    stack = await startStack('e2e_similarity', 3445, 2);
    const csv = [
      'email,name,student_id',
      ...[...SUBMITTED.keys()].map((name, index) => `${name}@example.edu,${name},s${index}`),
    ].join('\n');
    const imported = await fetch(`${stack.baseUrl}/api/courses/dml/enrolments/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ csv }),
    });
    assert.ok(imported.ok, `import: ${imported.status} ${await imported.clone().text()}`);
    const created = (
      (await imported.json()) as {
        created: { email: string; initialPassword: string }[];
      }
    ).created;

    for (const account of created) {
      const login = await fetch(`${stack.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: account.email, password: account.initialPassword }),
      });
      assert.equal(login.status, 200, `login of ${account.email}`);
      tokens.set(account.email.split('@')[0], ((await login.json()) as { token: string }).token);
    }

    for (const [name, fixture] of SUBMITTED) {
      const form = new FormData();
      form.append('files', new Blob([readFileSync(join(fixtures, fixture))]), 'kmeans.py');
      const receipt = await fetch(`${stack.baseUrl}/api/assignments/kmeans/submissions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.get(name)}` },
        body: form,
      });
      assert.equal(receipt.status, 202, `upload of ${name}: ${await receipt.clone().text()}`);
      submissionIds.push(((await receipt.json()) as { id: string }).id);
    }

    // The instructor's test upload of the same code as ada's is not a student's submission.
    const form = new FormData();
    form.append('files', new Blob([readFileSync(join(fixtures, 'original.py'))]), 'kmeans.py');
    const receipt = await fetch(`${stack.baseUrl}/api/assignments/kmeans/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.token}` },
      body: form,
    });
    assert.equal(receipt.status, 202, `instructor upload: ${await receipt.clone().text()}`);
    submissionIds.push(((await receipt.json()) as { id: string }).id);
  });

  after(async () => {
    // Let the worker finish grading, so that stopping it leaves no sandbox container behind.
    const deadline = Date.now() + 300_000;
    for (const id of submissionIds) {
      let status = 'queued';
      while ((status === 'queued' || status === 'running') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const response = await get(`/api/submissions/${id}`, stack.token);
        status = ((await response.json()) as { status: string }).status;
      }
    }
    await stack?.stop();
  });

  it('leaves out a staff submission', async () => {
    const response = await get('/api/assignments/kmeans/similarity', stack.token);
    assert.equal(response.status, 200, await response.clone().text());
    const report = (await response.json()) as SimilarityView;
    assert.equal(report.students, SUBMITTED.size);
    const emails = report.pairs.flatMap((pair) => [pair.left.email, pair.right.email]);
    assert.ok(!emails.includes('instructor@dmlg.local'), `pairs name ${emails.join(', ')}`);
  });

  it('ranks the renamed copy first', async () => {
    const response = await get('/api/assignments/kmeans/similarity', stack.token);
    assert.equal(response.status, 200, await response.clone().text());
    const report = (await response.json()) as SimilarityView;
    assert.equal(report.students, 3);
    const top = report.pairs[0];
    const emails = [top.left.email, top.right.email].sort();
    assert.deepEqual(emails, ['ada@example.edu', 'ben@example.edu']);
    assert.ok(top.jaccard > 0.8, `top pair Jaccard ${top.jaccard}`);
    for (const pair of report.pairs.slice(1)) {
      assert.ok(pair.jaccard < 0.2, `${pair.left.email} vs ${pair.right.email}: ${pair.jaccard}`);
    }
  });

  it('returns matched line ranges', async () => {
    const report = (await (
      await get('/api/assignments/kmeans/similarity?limit=1', stack.token)
    ).json()) as SimilarityView;
    assert.equal(report.pairs.length, 1);
    // The longest region is the Lloyd loop and fit: lines 22-49 of original.py, 25-49 of
    // renamed.py, whichever is on the left. The starter's __init__ above it is excluded.
    const region = report.pairs[0].regions[0];
    assert.equal(region.left.path, 'kmeans.py');
    assert.ok(region.left.startLine <= 26, `region starts at ${region.left.startLine}`);
    assert.ok(region.left.endLine >= 48, `region ends at ${region.left.endLine}`);
  });

  it('page shows the pair side by side', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    try {
      const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
      await page.goto(`${stack.baseUrl}/`);
      await page.getByLabel('E-mail address').fill('instructor@dmlg.local');
      await page.getByLabel('Password').fill(INSTRUCTOR_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Assignments' }).waitFor();

      await page.goto(`${stack.baseUrl}/#/assignments/kmeans/dashboard`);
      await page.getByTestId('similarity').click();
      await page.getByTestId('pairs').waitFor();
      const firstPair = await page.getByTestId('pairs').locator('tbody tr').first().innerText();
      assert.match(firstPair, /ada@example\.edu/);
      assert.match(firstPair, /ben@example\.edu/);

      // Both sides load their code and highlight the copied lines.
      const left = page.getByTestId('left-code');
      const right = page.getByTestId('right-code');
      await left.locator('code.matched').first().waitFor();
      await right.locator('code.matched').first().waitFor();
      assert.ok((await left.locator('code.matched').count()) >= 25);
      assert.ok((await right.locator('code.matched').count()) >= 25);
      assert.ok((await page.getByTestId('region').count()) >= 1);
      if (screenshotDir) {
        mkdirSync(screenshotDir, { recursive: true });
        await page.screenshot({ path: join(screenshotDir, 'similarity.png'), fullPage: true });
      }

      await page.getByTestId('language').selectOption('lv');
      await page.getByRole('heading', { name: /^Līdzīgi iesniegumi: / }).waitFor();
      assert.match(await page.getByTestId('pairs').locator('thead').innerText(), /Līdzība/);
    } finally {
      await browser.close();
    }
  });

  it('counts only the latest submission', async () => {
    const form = new FormData();
    form.append('files', new Blob([readFileSync(join(fixtures, 'different.py'))]), 'kmeans.py');
    const receipt = await fetch(`${stack.baseUrl}/api/assignments/kmeans/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get('ben')}` },
      body: form,
    });
    assert.equal(receipt.status, 202);
    submissionIds.push(((await receipt.json()) as { id: string }).id);

    const report = (await (
      await get('/api/assignments/kmeans/similarity', stack.token)
    ).json()) as SimilarityView;
    const emails = [report.pairs[0].left.email, report.pairs[0].right.email].sort();
    assert.equal(report.students, 3);
    assert.deepEqual(emails, ['ben@example.edu', 'cai@example.edu']);
    assert.equal(report.pairs[0].jaccard, 1);
  });

  it('rejects an invalid limit', async () => {
    const response = await get('/api/assignments/kmeans/similarity?limit=0', stack.token);
    assert.equal(response.status, 400);
    assert.match(await response.text(), /send an integer from 1 to 100/);
  });

  it('hides the report from students', async () => {
    const response = await get('/api/assignments/kmeans/similarity', tokens.get('ada') ?? '');
    assert.equal(response.status, 403);
  });

  it('returns no pairs without submissions', async () => {
    const response = await get('/api/assignments/dimension-reduction/similarity', stack.token);
    assert.equal(response.status, 200, await response.clone().text());
    const report = (await response.json()) as SimilarityView;
    assert.equal(report.students, 0);
    assert.deepEqual(report.pairs, []);
  });

  it('rejects more than 300 students', async () => {
    // Rows straight in the database: the cap is checked before any file is read. Status
    // `failed` keeps the worker's recovery of queued submissions away from them.
    const database = new Client({ connectionString: stack.databaseUrl });
    await database.connect();
    try {
      await database.query(
        `insert into users (email, display_name, role)
         select 'crowd' || n || '@example.edu', 'Crowd ' || n, 'student'
         from generate_series(1, 301) as n`,
      );
      await database.query(
        `insert into enrolments (course_id, user_id, role)
         select c.id, u.id, 'student'
         from users u, (select id from courses where slug = 'dml') c
         where u.email like 'crowd%'`,
      );
      await database.query(
        `insert into submissions (assignment_id, user_id, status, files)
         select a.id, u.id, 'failed', '[]'::jsonb
         from users u, (select id from assignments where slug = 'density-clustering'
                        order by version desc limit 1) a
         where u.email like 'crowd%'`,
      );
    } finally {
      await database.end();
    }
    const response = await get('/api/assignments/density-clustering/similarity', stack.token);
    assert.equal(response.status, 422);
    assert.match(await response.text(), /from 301 students.*at most 300/);
  });
});
