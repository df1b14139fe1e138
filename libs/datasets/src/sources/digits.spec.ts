import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { resolveRepoPath } from '../repo-path';
import { DIGITS_FILE, DIGITS_SHA256, loadDigits, readDigitsFile } from './digits';

void describe('loadDigits', () => {
  void it('has 1797 samples of 64 pixels', () => {
    const digits = loadDigits();
    assert.equal(digits.n, 1797);
    assert.equal(digits.d, 64);
    assert.equal(digits.X.length, 1797 * 64);
    assert.equal(digits.y.length, 1797);
    assert.equal(digits.numClasses, 10);
    assert.equal(digits.version, 'digits@sha256:46abec6b1248');
  });

  void it('matches sklearn load_digits', () => {
    const digits = loadDigits();
    // load_digits().data[0, :8] and target[:10] in scikit-learn 1.2.1.
    assert.deepEqual([...digits.X.subarray(0, 8)], [0, 0, 5, 13, 9, 1, 0, 0]);
    assert.deepEqual([...digits.y.subarray(0, 10)], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Class sizes of the UCI test part: 178, 182, 177, 183, 181, 182, 181, 179, 174, 180.
    const sizes = new Array<number>(10).fill(0);
    digits.y.forEach((label) => sizes[label]++);
    assert.deepEqual(sizes, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
  });

  void it('pixels lie in 0..16', () => {
    const digits = loadDigits();
    assert.equal(Math.min(...digits.X), 0);
    assert.equal(Math.max(...digits.X), 16);
  });

  void it('file matches the recorded sha256', () => {
    const digest = createHash('sha256')
      .update(readFileSync(resolveRepoPath(DIGITS_FILE)))
      .digest('hex');
    assert.equal(digest, DIGITS_SHA256);
  });

  void it('returns fresh arrays', () => {
    const first = loadDigits();
    first.X[0] = 99;
    assert.equal(loadDigits().X[0], 0);
  });

  void describe('checksum', () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'digits-'));
    after(() => rmSync(scratch, { recursive: true, force: true }));

    void it('rejects a changed file', () => {
      const csv = gunzipSync(readFileSync(resolveRepoPath(DIGITS_FILE))).toString('ascii');
      const tampered = path.join(scratch, 'tampered.csv.gz');
      writeFileSync(tampered, gzipSync(csv.replace('0,0,5,13', '0,0,5,14')));
      assert.throws(() => readDigitsFile(tampered), {
        name: 'DatasetError',
        message: new RegExp(
          `^digits: ${tampered.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} has sha256 [0-9a-f]{64}, expected ${DIGITS_SHA256}; restore`,
        ),
      });
    });

    void it('accepts an exact copy', () => {
      const copy = path.join(scratch, 'copy.csv.gz');
      copyFileSync(resolveRepoPath(DIGITS_FILE), copy);
      assert.equal(readDigitsFile(copy).y.length, 1797);
    });
  });
});
