import { setTimeout as sleep } from 'node:timers/promises';
import { isDatabaseUnavailableError } from './database-errors';

export interface DatabaseOutageRetryOptions {
  /** Maximum number of tries, the first included (default 5). */
  attempts?: number;
  /** Wait in ms before the second try, doubled before each further try (default 500). */
  firstDelayMs?: number;
  /** Callback before each wait, e.g. to log which record is being retried. */
  onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
}

/**
 * Runs `operation` and, while it fails because Postgres is unreachable
 * (`isDatabaseUnavailableError`), runs it again after an exponential backoff. With the defaults
 * the waits are 0.5, 1, 2 and 4 s, 7.5 s in all, which covers a quick server restart. Any other
 * error, and the outage error of the last try, is rethrown unchanged. `operation` must
 * be safe to repeat, e.g. one transaction that a failed try rolled back.
 */
export async function retryOnDatabaseOutage<T>(
  operation: () => Promise<T>,
  options: DatabaseOutageRetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  const firstDelayMs = options.firstDelayMs ?? 500;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= attempts || !isDatabaseUnavailableError(error)) throw error;
      const delayMs = firstDelayMs * 2 ** (attempt - 1);
      options.onRetry?.(attempt, delayMs, error);
      await sleep(delayMs);
    }
  }
}
