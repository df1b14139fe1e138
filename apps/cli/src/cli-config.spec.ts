import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configFile, forgetLogin, readStoredLogin, storeLogin } from './cli-config';

describe('cli config', () => {
  it('follows XDG_CONFIG_HOME', () => {
    assert.equal(configFile({ XDG_CONFIG_HOME: '/x/conf' }), '/x/conf/dmlg/config.json');
  });

  it('ignores a relative XDG_CONFIG_HOME', () => {
    assert.equal(
      configFile({ XDG_CONFIG_HOME: 'conf' }),
      join(homedir(), '.config', 'dmlg', 'config.json'),
    );
  });

  it('stores the login readable by its owner only', () => {
    const folder = mkdtempSync(join(tmpdir(), 'dmlg-cli-config-'));
    try {
      const file = join(folder, 'dmlg', 'config.json');
      storeLogin({ url: 'http://127.0.0.1:1', email: 'a@b.c', token: 'dmlg_x' }, file);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(statSync(join(folder, 'dmlg')).mode & 0o777, 0o700);
      assert.equal(readStoredLogin(file)?.token, 'dmlg_x');
      assert.equal(forgetLogin(file), true);
      assert.equal(readStoredLogin(file), null);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
