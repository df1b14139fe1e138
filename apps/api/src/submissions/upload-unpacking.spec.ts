import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { pack } from 'tar-stream';
import { findRepositoryRoot } from '@dmlg/config';
import { notebookToPython } from './notebook-code';
import { unpackUpload } from './upload-unpacking';

const limits = { maxBytes: 5 * 1024 * 1024, maxFiles: 50 };
const hostile = join(findRepositoryRoot(), 'test', 'hostile');
const fixture = (folder: string, file: string): { path: string; content: Buffer } => ({
  path: file,
  content: readFileSync(join(hostile, folder, file)),
});

async function tarGz(entries: { name: string; text: string }[]): Promise<Buffer> {
  const archive = pack();
  for (const entry of entries) archive.entry({ name: entry.name }, entry.text);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

describe('unpackUpload', () => {
  it('passes .py files through', async () => {
    const files = [{ path: 'kmeans.py', content: Buffer.from('x = 1\n') }];
    assert.deepEqual(await unpackUpload(files, 'kmeans', limits), files);
  });

  it('rejects a zip bomb by ratio', async () => {
    await assert.rejects(
      unpackUpload([fixture('zip-bomb', 'submission.zip')], 'kmeans', limits),
      /"data\.py" has a compression ratio of \d+:1 .*the limit is 100:1/,
    );
  });

  it('rejects an entry past the byte cap', async () => {
    const text = Array.from({ length: 40_000 }, (_, index) => `${(index * 7919) % 104729}`).join(
      ',',
    );
    const archive = await tarGz([{ name: 'kmeans.py', text }]);
    await assert.rejects(
      unpackUpload([{ path: 'sub.tar.gz', content: archive }], 'kmeans', {
        maxBytes: 100_000,
        maxFiles: 50,
      }),
      /"kmeans\.py" expands to \d+ bytes, \d+ bytes in all; the limit is 100000 bytes/,
    );
  });

  it('rejects a zip entry with ../', async () => {
    await assert.rejects(
      unpackUpload([fixture('zip-slip', 'submission.zip')], 'kmeans', limits),
      /file name "\.\.\/\.\.\/evil\.py" is not allowed/,
    );
  });

  it('rejects a zip symlink', async () => {
    await assert.rejects(
      unpackUpload([fixture('zip-symlink', 'submission.zip')], 'kmeans', limits),
      /"shadow\.py" is a symbolic link, not a regular file/,
    );
  });

  it('rejects a tar symlink', async () => {
    await assert.rejects(
      unpackUpload([fixture('tar-symlink', 'submission.tar.gz')], 'kmeans', limits),
      /"helper\.py" is a symlink to "\/etc\/shadow"/,
    );
  });

  it('rejects a tar.gz past the ratio', async () => {
    const archive = await tarGz([{ name: 'kmeans.py', text: ' '.repeat(4 * 1024 * 1024) }]);
    await assert.rejects(
      unpackUpload([{ path: 'sub.tar.gz', content: archive }], 'kmeans', limits),
      /"sub\.tar\.gz" expands past \d+ bytes/,
    );
  });

  it('unwraps a tar.gz folder', async () => {
    const archive = await tarGz([
      { name: 'homework/kmeans.py', text: 'x = 1\n' },
      { name: 'homework/README.md', text: '# notes\n' },
    ]);
    const files = await unpackUpload([{ path: 'sub.tgz', content: archive }], 'kmeans', limits);
    assert.deepEqual(
      files.map((file) => file.path),
      ['kmeans.py'],
    );
  });

  it('rejects an unknown extension', async () => {
    await assert.rejects(
      unpackUpload([{ path: 'kmeans.rar', content: Buffer.from('x') }], 'kmeans', limits),
      /"kmeans\.rar" cannot be graded; upload \.py, \.ipynb, \.zip, \.tar\.gz, \.tgz files only/,
    );
  });

  it('converts a notebook', async () => {
    const [file] = await unpackUpload(
      [fixture('notebook-magics', 'kmeans.ipynb')],
      'kmeans',
      limits,
    );
    assert.equal(file?.path, 'kmeans.py');
  });
});

describe('notebookToPython', () => {
  const notebook = (sources: string[]): Buffer =>
    Buffer.from(
      JSON.stringify({
        cells: sources.map((source) => ({ cell_type: 'code', source })),
      }),
    );

  it('removes shell escapes', () => {
    const python = notebookToPython('n.ipynb', notebook(['!pip install x\nimport os']));
    assert.equal(python.split('\n')[2], 'pass');
  });

  it('keeps indentation of removed magics', () => {
    const python = notebookToPython('n.ipynb', notebook(['if True:\n    %time f()\n']));
    assert.equal(python.split('\n')[3], '    pass');
  });

  it('empties a cell magic', () => {
    const python = notebookToPython('n.ipynb', notebook(['%%bash\nrm -rf /\n']));
    assert.doesNotMatch(python, /rm -rf/);
  });

  it('marks cell numbers', () => {
    const python = notebookToPython('n.ipynb', notebook(['a = 1', 'b = 2']));
    assert.match(python, /# dmlg: cell 2\nb = 2/);
  });

  it('rejects invalid JSON', () => {
    assert.throws(
      () => notebookToPython('n.ipynb', Buffer.from('{')),
      /notebook "n\.ipynb" is not valid JSON/,
    );
  });
});
