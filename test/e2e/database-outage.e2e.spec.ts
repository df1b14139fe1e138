import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres';
import { startStack, type RunningStack } from '../support/running-stack';

/**
 * The API against a Postgres of its own that the test stops and starts: 503 with Retry-After
 * while it is down, 200 again once it is back, without restarting the API.
 */
describe('database outage', { timeout: 3 * 60 * 1000 }, () => {
  let postgres: PrivatePostgres;
  let stack: RunningStack;

  function listAssignments(): Promise<Response> {
    return fetch(`${stack.baseUrl}/api/assignments`, {
      headers: { authorization: `Bearer ${stack.token}` },
    });
  }

  before(async () => {
    postgres = startPrivatePostgres(55470);
    stack = await startStack('e2e_database_outage', 3400, 10, { databaseUrl: postgres.url });
  });

  after(async () => {
    await stack?.stop();
    postgres?.remove();
  });

  it('answers 200 with Postgres up', async () => {
    const response = await listAssignments();
    assert.equal(response.status, 200);
  });

  it('leaves other errors to Nest', async () => {
    const response = await fetch(`${stack.baseUrl}/api/assignments`);
    assert.equal(response.status, 401);
  });

  describe('Postgres stopped', () => {
    let response: Response;
    let body: { message?: string };

    before(async () => {
      postgres.stop();
      response = await listAssignments();
      body = (await response.json()) as { message?: string };
    });

    it('status 503', () => {
      assert.equal(response.status, 503);
    });

    it('Retry-After in seconds', () => {
      assert.match(response.headers.get('retry-after') ?? '', /^\d+$/);
    });

    it('message', () => {
      assert.match(body.message ?? '', /^the database is unavailable; retry in \d+ seconds$/);
    });

    it('Latvian message', async () => {
      const latvian = await fetch(`${stack.baseUrl}/api/assignments?lang=lv`, {
        headers: { authorization: `Bearer ${stack.token}` },
      });
      const latvianBody = (await latvian.json()) as { message?: string };
      assert.match(latvianBody.message ?? '', /^datubāze nav pieejama/);
    });
  });

  it('answers 200 after Postgres restarts', async () => {
    postgres.start();
    const response = await listAssignments();
    assert.equal(response.status, 200);
  });
});
