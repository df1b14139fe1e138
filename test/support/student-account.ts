import assert from 'node:assert/strict';
import type { RunningStack } from './running-stack';

/** A student enrolled in a course through the API, with a password and an access token. */
export interface StudentAccount {
  email: string;
  password: string;
  /** Personal access token with the given scopes. */
  token: string;
}

async function json<T>(response: Response, what: string): Promise<T> {
  assert.ok(response.ok, `${what}: ${response.status} ${await response.clone().text()}`);
  return (await response.json()) as T;
}

/**
 * Enrols `email` in `course` by CSV import (as the stack's instructor), logs in with the
 * initial password, and creates a personal access token with `scopes`.
 */
export async function createStudent(
  stack: RunningStack,
  email: string,
  scopes: string[] = ['read', 'submit'],
  course = 'dml',
): Promise<StudentAccount> {
  const imported = await json<{ created: { email: string; initialPassword: string }[] }>(
    await fetch(`${stack.baseUrl}/api/courses/${course}/enrolments/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ csv: `email,name,student_id\n${email},Student,${email.length}\n` }),
    }),
    `import of ${email}`,
  );
  const password = imported.created.find((row) => row.email === email)?.initialPassword ?? '';
  const session = await json<{ token: string }>(
    await fetch(`${stack.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    }),
    `login of ${email}`,
  );
  const created = await json<{ token: string }>(
    await fetch(`${stack.baseUrl}/api/me/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'e2e', scopes }),
    }),
    `token of ${email}`,
  );
  return { email, password, token: created.token };
}
