import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { findRepositoryRoot } from '@dmlg/config';

const servicesScript = join(findRepositoryRoot(), 'scripts', 'lib', 'services.sh');

/**
 * Runs ensure_node_modules in `folder` with `npm` replaced by a shell function that logs its
 * arguments and creates node_modules (or fails when `npmFails`), and returns the logged calls.
 */
function ensureNodeModules(folder: string, npmFails = false): string[] {
  const script = [
    `source ${JSON.stringify(servicesScript)}`,
    `npm() { echo "$*" >>npm-calls; ${npmFails ? 'return 1' : 'mkdir -p node_modules'}; }`,
    'ensure_node_modules',
  ].join('\n');
  try {
    execFileSync('bash', ['-c', script], { cwd: folder, stdio: 'pipe' });
  } catch (error) {
    if (!npmFails) throw error;
  }
  try {
    return readFileSync(join(folder, 'npm-calls'), 'utf8').trim().split('\n');
  } catch {
    return [];
  }
}

describe('ensure_node_modules', () => {
  let folder = '';
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'dmlg-lock-'));
    writeFileSync(join(folder, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}\n');
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('installs once, then skips while the lock file is unchanged', () => {
    assert.deepEqual(ensureNodeModules(folder), ['ci --no-audit --no-fund']);
    assert.deepEqual(ensureNodeModules(folder), ['ci --no-audit --no-fund']);
  });

  it('skips on newer lock mtime', () => {
    ensureNodeModules(folder);
    const later = new Date(Date.now() + 3600_000);
    utimesSync(join(folder, 'package-lock.json'), later, later);
    assert.deepEqual(ensureNodeModules(folder), ['ci --no-audit --no-fund']);
  });

  it('installs again when the lock file content changes', () => {
    ensureNodeModules(folder);
    writeFileSync(join(folder, 'package-lock.json'), '{"lockfileVersion":3,"packages":{"x":{}}}\n');
    assert.equal(ensureNodeModules(folder).length, 2);
  });

  it('installs when node_modules exists without a recorded hash', () => {
    mkdirSync(join(folder, 'node_modules'));
    assert.equal(ensureNodeModules(folder).length, 1);
  });

  it('records no hash after a failed install, so the next run retries', () => {
    mkdirSync(join(folder, 'node_modules'));
    ensureNodeModules(folder, true);
    assert.equal(ensureNodeModules(folder, true).length, 2);
  });
});
