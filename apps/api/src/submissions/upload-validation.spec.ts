import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateUpload } from './upload-validation';

const limits = { maxBytes: 1000, maxFiles: 3 };
const file = (path: string, text = 'x = 1\n'): { path: string; content: Buffer } => ({
  path,
  content: Buffer.from(text),
});

describe('validateUpload', () => {
  it('accepts the module and a helper', () => {
    assert.doesNotThrow(() =>
      validateUpload([file('kmeans.py'), file('pkg/util.py')], 'kmeans', limits),
    );
  });

  it('rejects an empty upload', () => {
    assert.throws(() => validateUpload([], 'kmeans', limits), /no files uploaded: send kmeans\.py/);
  });

  it('rejects too many files', () => {
    const files = ['kmeans.py', 'a.py', 'b.py', 'c.py'].map((name) => file(name));
    assert.throws(
      () => validateUpload(files, 'kmeans', limits),
      /4 files uploaded; the limit is 3/,
    );
  });

  it('rejects an oversized upload', () => {
    assert.throws(
      () => validateUpload([file('kmeans.py', 'x'.repeat(1001))], 'kmeans', limits),
      /1001 bytes; the limit is 1000/,
    );
  });

  for (const name of [
    '../kmeans.py',
    '/etc/kmeans.py',
    'a/../kmeans.py',
    'k\u0001means.py',
    'a\\b.py',
  ]) {
    it(`rejects path ${JSON.stringify(name)}`, () => {
      assert.throws(
        () => validateUpload([file('kmeans.py'), file(name)], 'kmeans', limits),
        /is not allowed/,
      );
    });
  }

  it('rejects a non-Python file', () => {
    assert.throws(
      () => validateUpload([file('kmeans.py'), file('notes.txt')], 'kmeans', limits),
      /"notes\.txt" is not a Python file/,
    );
  });

  it('rejects invalid UTF-8', () => {
    const bad = { path: 'kmeans.py', content: Buffer.from([0x78, 0xff, 0xfe]) };
    assert.throws(() => validateUpload([bad], 'kmeans', limits), /not valid UTF-8/);
  });

  it('requires the module file', () => {
    assert.throws(
      () => validateUpload([file('solution.py')], 'kmeans', limits),
      /needs a file named kmeans\.py/,
    );
  });
});
