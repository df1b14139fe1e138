import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findRepositoryRoot } from '@dmlg/config';
import { startStack, type RunningStack } from '../support/running-stack';

const repositoryRoot = findRepositoryRoot();
const INSTRUCTOR_PASSWORD = 'instructor-password-0123';
/** Where screenshots go: DMLG_SCREENSHOT_DIR, or a temporary folder removed afterwards. */
const screenshotDir = process.env.DMLG_SCREENSHOT_DIR;

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

describe('web UI end to end', { timeout: 10 * 60 * 1000 }, () => {
  let stack: RunningStack;
  let browser: Browser;
  const passwords = new Map<string, string>();
  let aliceSubmission = '';

  async function loggedIn(
    email: string,
    password: string,
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'en-GB', acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Assignments' }).waitFor();
    return { context, page };
  }

  /** Waits up to 10 s for the tab's title, which names assignments once their list has loaded. */
  async function titleBecomes(page: Page, title: string): Promise<void> {
    for (let poll = 0; poll < 40 && (await page.title()) !== title; poll += 1) {
      await page.waitForTimeout(250);
    }
    assert.equal(await page.title(), title);
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    if (!screenshotDir) return;
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  }

  before(async () => {
    process.env.DMLG_INSTRUCTOR_PASSWORD = INSTRUCTOR_PASSWORD;
    stack = await startStack('e2e_web', 3350, 5);
    const response = await fetch(`${stack.baseUrl}/api/courses/dml/enrolments/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        csv: 'email,name,student_id\nalice@example.edu,Alise Bērziņa,ab10001\nbob@example.edu,Bob Ozols,bo10002\n',
      }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    const result = (await response.json()) as {
      created: { email: string; initialPassword: string }[];
    };
    for (const row of result.created) passwords.set(row.email, row.initialPassword);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      // launch() gives Chromium a fresh temporary --user-data-dir of its own each time.
      args: CHROMIUM_ARGS,
    });
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('student uploads and reads feedback', async () => {
    const { context, page } = await loggedIn(
      'alice@example.edu',
      passwords.get('alice@example.edu') ?? '',
    );
    // The staff-only detail route is never asked for on a student's behalf.
    const detailRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/detail')) detailRequests.push(request.url());
    });
    await screenshot(page, 'student-assignments');
    await page
      .getByRole('link', { name: 'Clustering: K-Means, X-Means and G-Means' })
      .or(page.locator('a[href="#/assignments/kmeans"]'))
      .first()
      .click();
    await page.getByText('Limits: at most').waitFor();
    // The page offers exactly the formats the upload route accepts, and names the page in the tab.
    assert.equal(
      await page.locator('#files').getAttribute('accept'),
      '.py,.ipynb,.zip,.tar.gz,.tgz',
    );
    assert.match(
      (await page.getByTestId('dropzone').textContent()) ?? '',
      /Drop \.py, \.ipynb, \.zip, \.tar\.gz or \.tgz files here/,
    );
    await titleBecomes(page, 'K-Means, X-Means and G-Means – DML Grader');
    // The task text's relative links open the assignment's public files.
    const starterLink = page.locator('.markdown a[href$="starter/kmeans.py"]').first();
    assert.equal(
      await starterLink.getAttribute('href'),
      '/api/assignments/kmeans/files/starter/kmeans.py',
    );
    const starter = await page.request.get(
      `${stack.baseUrl}/api/assignments/kmeans/files/starter/kmeans.py`,
    );
    assert.equal(starter.status(), 200);
    assert.match(await starter.text(), /class KMeans/);
    await page.setInputFiles(
      '#files',
      join(repositoryRoot, 'reference-solutions', '02-kmeans', 'kmeans.py'),
    );
    await screenshot(page, 'student-assignment');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForURL(/#\/submissions\//);
    aliceSubmission = page.url().split('/').pop() ?? '';
    const progress = page.getByTestId('progress');
    const phases = new Set<string>();
    for (let poll = 0; poll < 600; poll += 1) {
      const phase = (await progress.getAttribute('data-phase')) ?? '';
      if (phases.size === 0 || !phases.has(phase)) phases.add(phase);
      if (phase === 'running' && !phases.has('shot')) {
        phases.add('shot');
        await screenshot(page, 'student-progress');
      }
      if (phase === 'graded' || phase === 'failed') break;
      await page.waitForTimeout(250);
    }
    assert.equal(await progress.getAttribute('data-phase'), 'graded', [...phases].join(','));
    await page.getByTestId('total').waitFor();
    assert.match((await page.getByTestId('total').textContent()) ?? '', /100/);
    assert.equal(await page.getByTestId('checks').locator('tbody tr').count(), 7);
    // The page is named for the assignment's title, and its checks follow the manifest's order.
    await page.getByRole('heading', { name: 'Submission: K-Means, X-Means and G-Means' }).waitFor();
    assert.equal(await page.title(), 'Submission: K-Means, X-Means and G-Means – DML Grader');
    const manifest = (await (
      await page.request.get(`${stack.baseUrl}/api/assignments/kmeans`)
    ).json()) as { checks: { title: { en: string } }[] };
    assert.deepEqual(
      await page.getByTestId('checks').locator('tbody tr td:first-child').allTextContents(),
      manifest.checks.map((check) => check.title.en),
    );
    assert.deepEqual(detailRequests, []);
    // K-Means checks keep the manifest's default tolerance of 0.05.
    assert.deepEqual(
      new Set(await page.getByTestId('tolerance').allTextContents()),
      new Set(['5 % (fixed)']),
    );
    await screenshot(page, 'student-feedback');
    await page.goto(`${stack.baseUrl}/#/assignments/kmeans`);
    await page.getByTestId('history').waitFor();
    assert.equal(await page.getByTestId('history').locator('tbody tr').count(), 1);
    await context.close();
  });

  it('student switches to Latvian', async () => {
    const { context, page } = await loggedIn(
      'alice@example.edu',
      passwords.get('alice@example.edu') ?? '',
    );
    await page.getByTestId('language').selectOption('lv');
    await page.getByRole('heading', { name: 'Uzdevumi' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Uzdevumi' }).waitFor();
    await page.getByTestId('assignments').waitFor();
    assert.equal(await page.title(), 'Uzdevumi – DML vērtētājs');

    // The check feedback is Latvian throughout, numbers with a decimal comma.
    await page.goto(`${stack.baseUrl}/#/submissions/${aliceSubmission}`);
    const feedback = (await page.getByTestId('checks').locator('tbody').textContent()) ?? '';
    assert.match(feedback, /vidēji \d+ no \d+ datu kop(as|ām) \(atsauce \d+,\d{3}/);
    assert.doesNotMatch(feedback, /on average|data sets|reference|n\/a|fixed/);
    assert.match(feedback, /5 % \(fiksēta\)/);
    // Measured values take the feedback's form: three decimals or an exponent, decimal comma.
    const measured = await page
      .getByTestId('checks')
      .locator('tbody tr td:nth-child(2)')
      .allTextContents();
    assert.ok(
      measured.every((text) => /^-?\d+,\d{3}(e[+-]\d+)?$/.test(text)),
      measured.join(' | '),
    );
    await screenshot(page, 'student-feedback-lv');
    await screenshot(page, 'student-assignments-lv');

    // The server's own refusal comes back in the chosen language too.
    const wrongName = join(mkdtempSync(join(tmpdir(), 'dmlg-web-')), 'helper.py');
    writeFileSync(wrongName, 'print(1)\n');
    await page.goto(`${stack.baseUrl}/#/assignments/kmeans`);
    assert.match((await page.getByText(/^Ierobežojumi:/).textContent()) ?? '', /kopā \d+,\d MiB/);
    await page.setInputFiles('#files', wrongName);
    await page.getByRole('button', { name: 'Iesniegt', exact: true }).click();
    const refusal = (await page.getByTestId('error').textContent()) ?? '';
    assert.match(refusal, /augšējā līmenī vajadzīgs fails kmeans\.py/);
    await page.getByTestId('language').selectOption('en');
    await context.close();
  });

  it('student creates a token', async () => {
    const { context, page } = await loggedIn(
      'alice@example.edu',
      passwords.get('alice@example.edu') ?? '',
    );
    await page.goto(`${stack.baseUrl}/#/tokens`);
    // The clone addresses name the student's real course and assignments, not placeholders.
    await page.getByTestId('git-instructions').getByText('/git/dml/kmeans.git').waitFor();
    assert.doesNotMatch(
      (await page.getByTestId('git-instructions').textContent()) ?? '',
      /<course>|<assignment>/,
    );
    await page.getByLabel('Name').fill('laptop');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-token').textContent()) ?? '';
    assert.match(token, /^dmlg_/);
    await screenshot(page, 'student-tokens');
    const response = await fetch(`${stack.baseUrl}/api/assignments`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(response.status, 200);
    await context.close();
  });

  it('other student cannot open the submission', async () => {
    const { context, page } = await loggedIn(
      'bob@example.edu',
      passwords.get('bob@example.edu') ?? '',
    );
    await page.goto(`${stack.baseUrl}/#/submissions/${aliceSubmission}`);
    await page.getByTestId('error').waitFor();
    assert.match((await page.getByTestId('error').textContent()) ?? '', /Not found/);
    await screenshot(page, 'other-student-denied');
    await context.close();
  });

  it('task text link to the Latvian README switches the page language', async () => {
    const { context, page } = await loggedIn(
      'alice@example.edu',
      passwords.get('alice@example.edu') ?? '',
    );
    await page.goto(`${stack.baseUrl}/#/assignments/kmeans`);
    await page.getByRole('link', { name: 'README.lv.md' }).click();
    await page.getByRole('heading', { name: 'Iesniegšana' }).waitFor();
    assert.match(page.url(), /#\/assignments\/kmeans$/);
    assert.equal(await page.getByTestId('language').inputValue(), 'lv');
    await page.getByRole('link', { name: 'README.md' }).click();
    await page.getByRole('heading', { name: 'Submitting' }).waitFor();
    await context.close();
  });

  it('join page says a revoked link is invalid, in either language', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/#/join/no-such-invitation-code`);
    await page.getByTestId('error').waitFor();
    assert.match(
      (await page.getByTestId('error').textContent()) ?? '',
      /invalid or was revoked\. Ask your instructor for a new one/,
    );
    await page.getByTestId('language-toggle').click();
    await page.getByRole('heading', { name: 'Ielūguma saite nav derīga' }).waitFor();
    assert.match((await page.getByTestId('error').textContent()) ?? '', /Palūdziet pasniedzējam/);
    await context.close();
  });

  it('serves a favicon', async () => {
    const icon = await fetch(`${stack.baseUrl}/favicon.ico`);
    assert.equal(icon.status, 200);
    assert.match(icon.headers.get('content-type') ?? '', /icon/);
    const svg = await fetch(`${stack.baseUrl}/favicon.svg`);
    assert.equal(svg.status, 200);
    assert.match(
      await (await fetch(`${stack.baseUrl}/`)).text(),
      /rel="icon" href="[^"]*favicon\.svg"/,
    );
  });

  it('instructor reads the similarity page in Latvian', async () => {
    const { context, page } = await loggedIn('instructor@dmlg.local', INSTRUCTOR_PASSWORD);
    await page.getByTestId('language').selectOption('lv');
    await page.goto(`${stack.baseUrl}/#/assignments/kmeans/similarity`);
    await page.getByRole('heading', { name: /^Līdzīgi iesniegumi: / }).waitFor();
    // Only Alise has submitted: Latvian takes the singular after 1 (and 21, but not 11).
    assert.match((await page.locator('main').textContent()) ?? '', /\(kopā 1 students\)/);
    await titleBecomes(
      page,
      'Līdzīgi iesniegumi: K-vidējo, X-vidējo un G-vidējo klasterizācija – DML vērtētājs',
    );
    await page.getByTestId('language').selectOption('en');
    await context.close();
  });

  it('instructor sees histogram and exports CSV', async () => {
    // A staff submission must move neither the charts nor the table: the instructor submits a
    // solution that scores about 0, next to Alise's 100.
    const form = new FormData();
    const randomLabels = join(
      repositoryRoot,
      'test/fixtures/submissions/02-kmeans/random-labels/kmeans.py',
    );
    form.append('files', new Blob([readFileSync(randomLabels)]), 'kmeans.py');
    const receipt = await fetch(`${stack.baseUrl}/api/assignments/kmeans/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.token}` },
      body: form,
    });
    assert.equal(receipt.status, 202, await receipt.clone().text());
    const staffSubmission = ((await receipt.json()) as { id: string }).id;
    let status = 'queued';
    for (let poll = 0; poll < 300 && (status === 'queued' || status === 'running'); poll += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const response = await fetch(`${stack.baseUrl}/api/submissions/${staffSubmission}`, {
        headers: { authorization: `Bearer ${stack.token}` },
      });
      status = ((await response.json()) as { status: string }).status;
    }
    assert.equal(status, 'graded');

    const { context, page } = await loggedIn('instructor@dmlg.local', INSTRUCTOR_PASSWORD);
    await page.goto(`${stack.baseUrl}/#/assignments/kmeans/dashboard`);
    await page.getByTestId('histogram').waitFor();
    assert.equal(await page.getByTestId('students').locator('tbody tr').count(), 2);
    await titleBecomes(page, 'Dashboard: K-Means, X-Means and G-Means – DML Grader');
    assert.deepEqual(await page.getByTestId('counting-score').allTextContents(), ['100', '—']);
    const dashboard = (await (
      await page.request.get(`${stack.baseUrl}/api/assignments/kmeans/dashboard`)
    ).json()) as {
      histogram: { from: number; count: number }[];
      checks: { passRate: number }[];
      perDay: { count: number }[];
    };
    assert.deepEqual(
      dashboard.histogram.filter((bin) => bin.count > 0),
      [{ from: 90, to: 100, count: 1 }],
    );
    assert.equal(
      dashboard.perDay.reduce((sum, day) => sum + day.count, 0),
      1,
    );
    assert.ok(dashboard.checks.every((check) => check.passRate === 1));
    // K-Means has no seed bands: the calibration card states that every tolerance is the manifest's.
    await page.getByTestId('calibration').waitFor();
    assert.match(
      (await page.getByTestId('calibration').textContent()) ?? '',
      /fixed number from its manifest/,
    );
    // Every row has the baseline that scoring used, though no seed bands were run.
    const baselines = await page
      .getByTestId('calibration')
      .locator('tbody td:nth-child(3)')
      .allTextContents();
    assert.ok(baselines.length >= 7, baselines.join(' | '));
    assert.ok(!baselines.includes('—'), baselines.join(' | '));
    // The card words tolerances like the submission page does.
    assert.match((await page.getByTestId('calibration').textContent()) ?? '', /5 % \(fixed\)/);
    // Every check's row keeps room for its title beside the bar.
    const passRates = await page.getByTestId('pass-rates').boundingBox();
    assert.ok((passRates?.height ?? 0) >= 7 * 64, `pass-rate chart ${passRates?.height}px high`);
    await screenshot(page, 'instructor-dashboard');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export').click(),
    ]);
    const csv = readFileSync((await download.path()) ?? '', 'utf8');
    const [header, ...rows] = csv
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
    assert.deepEqual(header.slice(0, 3), ['student_id', 'email', 'name']);
    const alice = rows.find((row) => row[1] === 'alice@example.edu');
    assert.equal(alice?.[header.indexOf('kmeans')], '100.00');
    assert.equal(rows.length, 2);
    await page.goto(`${stack.baseUrl}/#/submissions/${aliceSubmission}`);
    await page.getByTestId('staff-detail').waitFor();
    await screenshot(page, 'instructor-submission');
    // The change-grade form leaves a gap between each label, its field and the button.
    const boxes = await Promise.all(
      [
        'label[for="regrade-score"]',
        '#regrade-score',
        'label[for="regrade-reason"]',
        '#regrade-reason',
      ]
        .map((selector) => page.locator(selector))
        .concat(page.getByRole('button', { name: 'Save' }))
        .map(
          async (control) => (await control.boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 },
        ),
    );
    for (let index = 1; index < boxes.length; index += 1) {
      const before = boxes[index - 1];
      const gap = boxes[index].x - (before.x + before.width);
      assert.ok(
        gap >= 4 || boxes[index].y > before.y + before.height,
        `gap ${gap}px before control ${index}`,
      );
    }
    // In Latvian the run outcome, the placement and the worker's grade reason are Latvian too.
    await page.getByTestId('language').selectOption('lv');
    await page.getByText(/novērtēja vērtēšanas process \S+ palaidienā/).waitFor();
    const staffDetail = (await page.getByTestId('staff-detail').textContent()) ?? '';
    assert.match(staffDetail, /pabeigts/);
    assert.match(staffDetail, /izpildītājs docker/);
    assert.doesNotMatch(staffDetail, /completed|runner|graded by worker/);
    await page.getByTestId('language').selectOption('en');
    await page.goto(`${stack.baseUrl}/#/queue`);
    await page.getByTestId('queue-counts').waitFor();
    await screenshot(page, 'instructor-queue');
    await page.goto(`${stack.baseUrl}/#/courses/dml/enrolment`);
    await page.getByTestId('enrolments').waitFor();
    await screenshot(page, 'instructor-enrolment');
    await context.close();
  });
});
