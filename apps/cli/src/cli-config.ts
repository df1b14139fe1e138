import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** What `dmlg login` stores: the server and a personal access token for it. */
export interface StoredLogin {
  url: string;
  email: string;
  token: string;
}

/**
 * `$XDG_CONFIG_HOME/dmlg/config.json`, or `~/.config/dmlg/config.json` when XDG_CONFIG_HOME is
 * unset or not absolute (as the XDG Base Directory specification requires).
 */
export function configFile(environment: NodeJS.ProcessEnv = process.env): string {
  const xdg = environment.XDG_CONFIG_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.config');
  return join(base, 'dmlg', 'config.json');
}

export function readStoredLogin(file: string = configFile()): StoredLogin | null {
  if (!existsSync(file)) return null;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredLogin>;
  if (typeof parsed.url !== 'string' || typeof parsed.token !== 'string') return null;
  return { url: parsed.url, email: parsed.email ?? '', token: parsed.token };
}

/**
 * Writes the login readable by its owner only: the folder 0700 and the file 0600, set again
 * after writing because an existing file keeps its mode and the umask may be loose.
 */
export function storeLogin(login: StoredLogin, file: string = configFile()): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** Removes the stored login; false when there was none. */
export function forgetLogin(file: string = configFile()): boolean {
  if (!existsSync(file)) return false;
  rmSync(file);
  return true;
}
