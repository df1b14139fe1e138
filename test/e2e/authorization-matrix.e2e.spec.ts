import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { findRepositoryRoot } from '@dmlg/config';
import { startStack, type RunningStack } from '../support/running-stack';

const root = findRepositoryRoot();
const INSTRUCTOR_PASSWORD = 'matrix-instructor-password-01';

const ROLES = ['anonymous', 'owner', 'otherStudent', 'ta', 'instructor', 'admin'] as const;
type Role = (typeof ROLES)[number];

/** `ok` is any 2xx status; numbers are exact statuses. */
type Expected = 'ok' | 401 | 403 | 404 | 409;

interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path, or a function of the role for routes whose target must differ per role. */
  path: string | ((role: Role) => string);
  body?: (role: Role) => unknown;
  multipart?: boolean;
  /** Expected outcome for each role, in the order of ROLES. */
  expect: [Expected, Expected, Expected, Expected, Expected, Expected];
}

describe('authorization matrix', { timeout: 10 * 60 * 1000 }, () => {
  let stack: RunningStack;
  const tokens = new Map<Role, string>();
  const userIds = new Map<string, string>();
  let ownerSubmission = ':id';
  /** Each signed-in role's password, for the password-change route. */
  const passwordsByRole = new Map<Role, string>();
  let invitationCode = ':code';
  let ownerTokenId = ':id';
  /** Rerun sets made in `before`: two to discard and two (graded) to apply, one per role. */
  const rerunSets = { discardA: ':id', discardB: ':id', applyA: ':id', applyB: ':id' };

  async function call(route: RouteCase, role: Role): Promise<number> {
    const path = typeof route.path === 'function' ? route.path(role) : route.path;
    const headers: Record<string, string> = {};
    const token = tokens.get(role);
    if (token) headers.authorization = `Bearer ${token}`;
    let body: RequestInit['body'];
    if (route.multipart) {
      const form = new FormData();
      form.append(
        'files',
        new Blob([readFileSync(join(root, 'reference-solutions', '02-kmeans', 'kmeans.py'))]),
        'kmeans.py',
      );
      body = form;
    } else if (route.body) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(route.body(role));
    }
    const controller = new AbortController();
    const response = await fetch(`${stack.baseUrl}${path}`, {
      method: route.method,
      headers,
      body,
      signal: controller.signal,
    });
    // Server-sent event streams stay open: the status is all this test needs.
    controller.abort();
    return response.status;
  }

  async function login(email: string, password: string): Promise<string> {
    const response = await fetch(`${stack.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    assert.equal(response.status, 200, `login of ${email}: ${await response.clone().text()}`);
    return ((await response.json()) as { token: string }).token;
  }

  async function asInstructor(method: string, path: string, body: unknown): Promise<Response> {
    const response = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.ok(
      response.ok,
      `${method} ${path}: ${response.status} ${await response.clone().text()}`,
    );
    return response;
  }

  before(async () => {
    process.env.DMLG_INSTRUCTOR_PASSWORD = INSTRUCTOR_PASSWORD;
    stack = await startStack('e2e_authz', 3360, 6);

    const people = ['owner', 'other', 'tara', 'admin', 'erin', 'frank', 'gina'];
    const csv = [
      'email,name,student_id',
      ...people.map((name, index) => `${name}@example.edu,${name},m${index}`),
    ].join('\n');
    const imported = (await (
      await asInstructor('POST', '/api/courses/dml/enrolments/import', { csv })
    ).json()) as {
      created: { email: string; initialPassword: string }[];
    };
    const passwords = new Map(imported.created.map((row) => [row.email, row.initialPassword]));
    const enrolments = (await (
      await fetch(`${stack.baseUrl}/api/courses/dml/enrolments`, {
        headers: { authorization: `Bearer ${stack.token}` },
      })
    ).json()) as {
      userId: string;
      email: string;
    }[];
    for (const enrolment of enrolments)
      userIds.set(enrolment.email.split('@')[0], enrolment.userId);

    await asInstructor('PATCH', `/api/courses/dml/enrolments/${userIds.get('tara')}`, {
      role: 'ta',
    });
    const database = new Client({ connectionString: stack.databaseUrl });
    await database.connect();
    await database.query("update users set role = 'admin' where email = 'admin@example.edu'");
    await database.end();

    tokens.set('owner', await login('owner@example.edu', passwords.get('owner@example.edu') ?? ''));
    tokens.set(
      'otherStudent',
      await login('other@example.edu', passwords.get('other@example.edu') ?? ''),
    );
    tokens.set('ta', await login('tara@example.edu', passwords.get('tara@example.edu') ?? ''));
    tokens.set('instructor', await login('instructor@dmlg.local', INSTRUCTOR_PASSWORD));
    tokens.set('admin', await login('admin@example.edu', passwords.get('admin@example.edu') ?? ''));
    passwordsByRole.set('owner', passwords.get('owner@example.edu') ?? '');
    passwordsByRole.set('otherStudent', passwords.get('other@example.edu') ?? '');
    passwordsByRole.set('ta', passwords.get('tara@example.edu') ?? '');
    passwordsByRole.set('instructor', INSTRUCTOR_PASSWORD);
    passwordsByRole.set('admin', passwords.get('admin@example.edu') ?? '');

    const invitation = await asInstructor('POST', '/api/courses/dml/invitation', {});
    invitationCode = ((await invitation.json()) as { code: string }).code;
    const ownerToken = await fetch(`${stack.baseUrl}/api/me/tokens`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.get('owner')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'matrix-revoke', scopes: ['read'] }),
    });
    assert.equal(ownerToken.status, 201);
    ownerTokenId = ((await ownerToken.json()) as { id: string }).id;

    const form = new FormData();
    form.append(
      'files',
      new Blob([readFileSync(join(root, 'reference-solutions', '02-kmeans', 'kmeans.py'))]),
      'kmeans.py',
    );
    const receipt = await fetch(`${stack.baseUrl}/api/assignments/kmeans/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get('owner')}` },
      body: form,
    });
    assert.equal(receipt.status, 202);
    ownerSubmission = ((await receipt.json()) as { id: string }).id;

    // Changing a grade needs one, so wait until the worker has graded the submission.
    const deadline = Date.now() + 180_000;
    let status = '';
    while (status !== 'graded' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const response = await fetch(`${stack.baseUrl}/api/submissions/${ownerSubmission}`, {
        headers: { authorization: `Bearer ${tokens.get('owner')}` },
      });
      status = ((await response.json()) as { status: string }).status;
    }
    assert.equal(status, 'graded', `submission ${ownerSubmission} was not graded within 180 s`);

    for (const key of Object.keys(rerunSets) as (keyof typeof rerunSets)[]) {
      const created = await asInstructor('POST', '/api/assignments/kmeans/reruns', {
        scope: 'submission',
        submissionId: ownerSubmission,
        reason: `authorization matrix ${key}`,
      });
      rerunSets[key] = ((await created.json()) as { id: string }).id;
    }
    // Applying needs a graded set; the two discarded ones may still be grading.
    for (const id of [rerunSets.applyA, rerunSets.applyB]) {
      const setDeadline = Date.now() + 300_000;
      let setStatus = 'grading';
      while (setStatus === 'grading' && Date.now() < setDeadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const response = await fetch(`${stack.baseUrl}/api/reruns/${id}`, {
          headers: { authorization: `Bearer ${stack.token}` },
        });
        setStatus = ((await response.json()) as { status: string }).status;
      }
      assert.equal(setStatus, 'ready', `rerun set ${id} was not graded within 300 s`);
    }
  });

  after(async () => {
    await stack?.stop();
  });

  const routes: RouteCase[] = [
    { method: 'GET', path: '/api/health', expect: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'] },
    // Logging in is public: every role sends the owner's valid credentials.
    {
      method: 'POST',
      path: '/api/auth/login',
      body: () => ({ email: 'owner@example.edu', password: passwordsByRole.get('owner') }),
      expect: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
    },
    // Logging out only clears the cookie; a bearer session stays valid until it expires.
    { method: 'POST', path: '/api/auth/logout', expect: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'] },
    {
      method: 'GET',
      path: () => `/api/invitations/${invitationCode}`,
      expect: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
    },
    // Signed-in users join as themselves (members keep their role); an anonymous caller makes
    // a new student account.
    {
      method: 'POST',
      path: () => `/api/invitations/${invitationCode}`,
      body: () => ({
        email: 'joiner@example.edu',
        displayName: 'Joiner',
        password: 'joiner-password-01',
      }),
      expect: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
    },
    {
      method: 'GET',
      path: '/api/invitations/not-a-code',
      expect: [404, 404, 404, 404, 404, 404],
    },
    // Each role sets its password to the same value, so later logins still work.
    {
      method: 'PUT',
      path: '/api/me/password',
      body: (role) => ({
        currentPassword: passwordsByRole.get(role) ?? 'anonymous-password',
        newPassword: passwordsByRole.get(role) ?? 'anonymous-password',
      }),
      expect: [401, 'ok', 'ok', 'ok', 'ok', 'ok'],
    },
    // Only the owner may revoke the owner's token; to everyone else it does not exist.
    {
      method: 'DELETE',
      path: () => `/api/me/tokens/${ownerTokenId}`,
      expect: [401, 'ok', 404, 404, 404, 404],
    },
    { method: 'GET', path: '/api/me', expect: [401, 'ok', 'ok', 'ok', 'ok', 'ok'] },
    {
      method: 'PATCH',
      path: '/api/me',
      body: () => ({ locale: 'en' }),
      expect: [401, 'ok', 'ok', 'ok', 'ok', 'ok'],
    },
    { method: 'GET', path: '/api/me/tokens', expect: [401, 'ok', 'ok', 'ok', 'ok', 'ok'] },
    {
      method: 'POST',
      path: '/api/me/tokens',
      body: () => ({ name: 'matrix', scopes: ['read'] }),
      expect: [401, 'ok', 'ok', 'ok', 'ok', 'ok'],
    },
    { method: 'GET', path: '/api/assignments', expect: [401, 'ok', 'ok', 'ok', 'ok', 'ok'] },
    { method: 'GET', path: '/api/assignments/kmeans', expect: [401, 'ok', 'ok', 'ok', 'ok', 'ok'] },
    {
      method: 'GET',
      path: '/api/assignments/kmeans/files/starter/kmeans.py',
      expect: [401, 'ok', 'ok', 'ok', 'ok', 'ok'],
    },
    {
      method: 'GET',
      path: '/api/assignments/kmeans/files/assignment.yaml',
      expect: [401, 404, 404, 404, 404, 404],
    },
    {
      method: 'GET',
      path: '/api/assignments/kmeans/submissions',
      expect: [401, 'ok', 'ok', 'ok', 'ok', 'ok'],
    },
    {
      method: 'POST',
      path: '/api/assignments/kmeans/submissions',
      multipart: true,
      expect: [401, 'ok', 'ok', 'ok', 'ok', 'ok'],
    },
    {
      method: 'GET',
      path: '/api/assignments/kmeans/dashboard',
      expect: [401, 403, 403, 'ok', 'ok', 'ok'],
    },
    {
      method: 'GET',
      path: '/api/assignments/kmeans/similarity',
      expect: [401, 403, 403, 'ok', 'ok', 'ok'],
    },
    {
      method: 'GET',
      path: '/api/assignments/kmeans/calibration',
      expect: [401, 403, 403, 'ok', 'ok', 'ok'],
    },
    {
      method: 'PUT',
      path: '/api/assignments/kmeans/deadline',
      body: () => ({ deadline: null }),
      expect: [401, 403, 403, 403, 'ok', 'ok'],
    },
    {
      method: 'GET',
      path: '/api/assignments/kmeans/policy',
      expect: [401, 'ok', 'ok', 'ok', 'ok', 'ok'],
    },
    {
      method: 'PUT',
      path: '/api/assignments/kmeans/policy',
      body: () => ({ deadline: '2031-01-01T00:00:00Z', reason: 'authorization matrix' }),
      expect: [401, 403, 403, 403, 'ok', 'ok'],
    },
    {
      method: 'GET',
      path: '/api/assignments/kmeans/policy/history',
      expect: [401, 403, 403, 'ok', 'ok', 'ok'],
    },
    {
      method: 'GET',
      path: '/api/assignments/kmeans/extensions',
      expect: [401, 403, 403, 'ok', 'ok', 'ok'],
    },
    // Instructor and admin each grant, then remove, a different student's extension.
    {
      method: 'PUT',
      path: (role) =>
        `/api/assignments/kmeans/extensions/${userIds.get(role === 'admin' ? 'owner' : 'erin')}`,
      body: () => ({ deadline: '2031-02-01T00:00:00Z', reason: 'authorization matrix' }),
      expect: [401, 403, 403, 403, 'ok', 'ok'],
    },
    {
      method: 'DELETE',
      path: (role) =>
        `/api/assignments/kmeans/extensions/${userIds.get(role === 'admin' ? 'owner' : 'erin')}`,
      expect: [401, 403, 403, 403, 'ok', 'ok'],
    },
    {
      method: 'POST',
      path: '/api/assignments/kmeans/reruns',
      body: () => ({
        scope: 'submission',
        submissionId: ownerSubmission,
        reason: 'authorization matrix',
      }),
      expect: [401, 403, 403, 403, 'ok', 'ok'],
    },
    {
      method: 'GET',
      path: '/api/assignments/kmeans/reruns',
      expect: [401, 403, 403, 'ok', 'ok', 'ok'],
    },
    {
      method: 'GET',
      path: () => `/api/reruns/${rerunSets.applyA}`,
      expect: [401, 403, 403, 'ok', 'ok', 'ok'],
    },
    {
      method: 'POST',
      path: (role) =>
        `/api/reruns/${role === 'admin' ? rerunSets.discardB : rerunSets.discardA}/discard`,
      expect: [401, 403, 403, 403, 'ok', 'ok'],
    },
    {
      method: 'POST',
      path: (role) => `/api/reruns/${role === 'admin' ? rerunSets.applyB : rerunSets.applyA}/apply`,
      expect: [401, 403, 403, 403, 'ok', 'ok'],
    },
    {
      method: 'GET',
      path: '/api/reruns/00000000-0000-4000-8000-000000000000',
      expect: [401, 404, 404, 404, 404, 404],
    },
    {
      method: 'GET',
      path: () => `/api/submissions/${ownerSubmission}`,
      expect: [401, 'ok', 404, 'ok', 'ok', 'ok'],
    },
    {
      method: 'GET',
      path: () => `/api/submissions/${ownerSubmission}/events`,
      expect: [401, 'ok', 404, 'ok', 'ok', 'ok'],
    },
    {
      method: 'GET',
      path: () => `/api/submissions/${ownerSubmission}/detail`,
      expect: [401, 403, 404, 'ok', 'ok', 'ok'],
    },
    {
      method: 'PUT',
      path: () => `/api/submissions/${ownerSubmission}/grade`,
      body: () => ({ score: 90, reason: 'authorization matrix' }),
      expect: [401, 403, 404, 403, 'ok', 'ok'],
    },
    // The owner's submission is graded, so those who may cancel it get 409, not a cancellation.
    {
      method: 'POST',
      path: () => `/api/submissions/${ownerSubmission}/cancel`,
      expect: [401, 409, 404, 409, 409, 409],
    },
    { method: 'GET', path: '/api/queue', expect: [401, 403, 403, 'ok', 'ok', 'ok'] },
    { method: 'GET', path: '/api/courses', expect: [401, 'ok', 'ok', 'ok', 'ok', 'ok'] },
    {
      method: 'POST',
      path: '/api/courses',
      body: (role) => ({
        slug: `matrix-${role.toLowerCase()}`,
        titleEn: 'Matrix',
        titleLv: 'Matrica',
      }),
      expect: [401, 403, 403, 403, 'ok', 'ok'],
    },
    {
      method: 'GET',
      path: '/api/courses/dml/enrolments',
      expect: [401, 403, 403, 'ok', 'ok', 'ok'],
    },
    {
      method: 'POST',
      path: '/api/courses/dml/enrolments/import',
      body: (role) => ({
        csv: `email,name,student_id\nnew-${role.toLowerCase()}@example.edu,New,n1\n`,
      }),
      expect: [401, 403, 403, 403, 'ok', 'ok'],
    },
    {
      method: 'PATCH',
      path: () => `/api/courses/dml/enrolments/${userIds.get('erin')}`,
      body: () => ({ role: 'student' }),
      expect: [401, 403, 403, 403, 'ok', 'ok'],
    },
    {
      method: 'POST',
      path: () => `/api/courses/dml/users/${userIds.get('erin')}/password-reset`,
      expect: [401, 403, 403, 403, 'ok', 'ok'],
    },
    // Each role that may unenrol removes a different student, so the next role still has a target.
    {
      method: 'DELETE',
      path: (role) =>
        `/api/courses/dml/enrolments/${userIds.get(role === 'admin' ? 'gina' : 'frank')}`,
      expect: [401, 403, 403, 403, 'ok', 'ok'],
    },
    {
      method: 'POST',
      path: '/api/courses/dml/invitation',
      expect: [401, 403, 403, 403, 'ok', 'ok'],
    },
    {
      method: 'DELETE',
      path: '/api/courses/dml/invitation',
      expect: [401, 403, 403, 403, 'ok', 'ok'],
    },
    {
      method: 'GET',
      path: '/api/courses/dml/grades.csv',
      expect: [401, 403, 403, 'ok', 'ok', 'ok'],
    },
    // Git over smart HTTP: every member reaches their own repository (basic auth or bearer).
    {
      method: 'GET',
      path: '/git/dml/kmeans.git/info/refs?service=git-upload-pack',
      expect: [401, 'ok', 'ok', 'ok', 'ok', 'ok'],
    },
    {
      method: 'GET',
      path: '/git/dml/kmeans.git/info/refs?service=git-receive-pack',
      expect: [401, 'ok', 'ok', 'ok', 'ok', 'ok'],
    },
    {
      method: 'POST',
      path: '/api/courses/dml/assignments/kmeans/git-repositories',
      expect: [401, 403, 403, 403, 'ok', 'ok'],
    },
    // Called only by this server's own receive hooks, which carry a per-process secret.
    { method: 'POST', path: '/git-hook/receive', expect: [403, 403, 403, 403, 403, 403] },
    {
      method: 'GET',
      path: () => `/git-hook/submissions/${ownerSubmission}/wait`,
      expect: [403, 403, 403, 403, 403, 403],
    },
    {
      method: 'GET',
      path: '/api/submissions/00000000-0000-4000-8000-000000000000',
      expect: [401, 404, 404, 404, 404, 404],
    },
  ];

  for (const route of routes) {
    const name =
      typeof route.path === 'function'
        ? route.path('anonymous').replace(/undefined/g, ':userId')
        : route.path;
    it(`${route.method} ${name}`, async () => {
      for (const [index, role] of ROLES.entries()) {
        const status = await call(route, role);
        const expected = route.expect[index];
        if (expected === 'ok') {
          assert.ok(status >= 200 && status < 300, `${role}: expected 2xx, got ${status}`);
        } else {
          assert.equal(status, expected, `${role}: expected ${expected}, got ${status}`);
        }
      }
    });
  }
});
