/**
 * Socket error codes Node gives when the Postgres server cannot be reached or drops the
 * connection. ENOTFOUND is left out because a wrong host name is a configuration error, not an outage.
 */
const UNREACHABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * Messages of node-postgres (`pg`, `pg-pool`) for a connection that closed or never opened.
 * These errors carry no code.
 */
const UNREACHABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /server closed the connection unexpectedly/i,
  // A pooled client whose connection broke, queried again inside the same transaction.
  /client has encountered a connection error and is not queryable/i,
  /client was closed and is not queryable/i,
];

/**
 * SQLSTATE codes that mean the server is not serving this connection now. These are class 08
 * (connection exception) except 08P01 (protocol violation, a client bug), and class 57P (admin
 * or crash shutdown, cannot connect now, database dropped, idle session timeout). 57014 (query
 * cancelled) is not an outage. Source: src/backend/utils/errcodes.txt of PostgreSQL 15.
 */
function isOutageSqlState(code: string): boolean {
  if (code === '08P01') return false;
  return /^08[0-9A-Z]{3}$/.test(code) || /^57P[0-9A-Z]{2}$/.test(code);
}

function ownCode(error: object): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** Collects TypeORM's `driverError`, the `cause` and the members of an AggregateError. */
function relatedErrors(error: object): unknown[] {
  const related: unknown[] = [];
  const { driverError, cause } = error as { driverError?: unknown; cause?: unknown };
  if (driverError !== undefined) related.push(driverError);
  if (cause !== undefined) related.push(cause);
  if (error instanceof AggregateError) related.push(...(error.errors as unknown[]));
  return related;
}

/**
 * True when `error` (as thrown by TypeORM or `pg`) shows that Postgres is unreachable or shutting
 * down, so that the same operation may succeed once the server is back. False for every other
 * error, including SQL errors, constraint violations and bugs.
 */
export function isDatabaseUnavailableError(error: unknown, depth = 0): boolean {
  // Cause chains are short, so the depth bound only guards against a cycle.
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const code = ownCode(error);
  if (code !== undefined && (UNREACHABLE_SOCKET_CODES.has(code) || isOutageSqlState(code))) {
    return true;
  }
  const message = (error as { message?: unknown }).message;
  if (
    typeof message === 'string' &&
    UNREACHABLE_MESSAGES.some((pattern) => pattern.test(message))
  ) {
    return true;
  }
  return relatedErrors(error).some((related) => isDatabaseUnavailableError(related, depth + 1));
}
