import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailableError } from './database-errors';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('isDatabaseUnavailableError', () => {
  it('refused connection', () => {
    assert.equal(
      isDatabaseUnavailableError(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')),
      true,
    );
  });

  it('refused connection inside an AggregateError', () => {
    const refused = withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED');
    assert.equal(isDatabaseUnavailableError(new AggregateError([refused], 'connect')), true);
  });

  // node-postgres's words for a client whose connection broke earlier in the same transaction.
  it('client not queryable after a connection error', () => {
    const error = new Error('Client has encountered a connection error and is not queryable');
    assert.equal(isDatabaseUnavailableError(error), true);
  });

  it('closed client not queryable', () => {
    const error = new Error('Client was closed and is not queryable');
    assert.equal(isDatabaseUnavailableError(error), true);
  });

  it('connection terminated unexpectedly', () => {
    assert.equal(isDatabaseUnavailableError(new Error('Connection terminated unexpectedly')), true);
  });

  it('pool connect timeout', () => {
    assert.equal(
      isDatabaseUnavailableError(new Error('timeout exceeded when trying to connect')),
      true,
    );
  });

  it('admin shutdown wrapped by TypeORM', () => {
    const driverError = withCode('terminating connection due to administrator command', '57P01');
    const wrapped = new QueryFailedError('select 1', [], driverError);
    assert.equal(isDatabaseUnavailableError(wrapped), true);
  });

  it('connection exception class 08', () => {
    assert.equal(isDatabaseUnavailableError(withCode('connection failure', '08006')), true);
  });

  it('protocol violation is not an outage', () => {
    assert.equal(isDatabaseUnavailableError(withCode('invalid message format', '08P01')), false);
  });

  it('unique violation is not an outage', () => {
    const driverError = withCode('duplicate key value violates unique constraint', '23505');
    const wrapped = new QueryFailedError('insert', [], driverError);
    assert.equal(isDatabaseUnavailableError(wrapped), false);
  });

  it('cancelled query is not an outage', () => {
    assert.equal(
      isDatabaseUnavailableError(withCode('canceling statement due to user request', '57014')),
      false,
    );
  });

  it('plain bug is not an outage', () => {
    assert.equal(isDatabaseUnavailableError(new TypeError('x is undefined')), false);
  });

  it('non-error value', () => {
    assert.equal(isDatabaseUnavailableError('ECONNREFUSED'), false);
  });
});
