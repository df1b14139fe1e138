import { argon2id, hash, verify } from 'argon2';

/**
 * argon2id with the library's defaults (64 MiB memory, 3 passes, parallelism 4), which meet
 * OWASP's minimum for argon2id; the PHC string stores the parameters, so they can be raised later.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { type: argon2id });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash counts as a wrong password rather than a server error.
    return false;
  }
}

/** Shortest password accepted for an account. */
export const MIN_PASSWORD_LENGTH = 10;
