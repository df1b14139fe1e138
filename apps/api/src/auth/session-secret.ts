import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '@dmlg/config';

/** Name of the httpOnly cookie that carries the web session's JWT. */
export const SESSION_COOKIE = 'dmlg_session';

/**
 * The key that signs session JWTs: `DMLG_JWT_SECRET` when set, else `<data dir>/jwt-secret`,
 * created with 48 random bytes (mode 0600) on first start so sessions survive a restart.
 * Never logged.
 */
export function resolveSessionSecret(config: AppConfig): string {
  if (config.auth.jwtSecret) return config.auth.jwtSecret;
  const file = join(config.dataDir, 'jwt-secret');
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
  }
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
