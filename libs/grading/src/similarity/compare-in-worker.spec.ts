import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findRepositoryRoot } from '@dmlg/config';
import { compareInWorker } from './compare-in-worker';
import { compareSubmissions } from './similarity-report';

const fixtures = join(findRepositoryRoot(), 'libs', 'grading', 'test-fixtures', 'similarity');

describe('compareInWorker', () => {
  it('matches the report computed in place', async () => {
    const submissions = ['original.py', 'renamed.py', 'different.py'].map((name) => ({
      id: name,
      files: [{ path: 'kmeans.py', content: readFileSync(join(fixtures, name), 'utf8') }],
    }));
    const starter = [
      { path: 'kmeans.py', content: readFileSync(join(fixtures, 'starter.py'), 'utf8') },
    ];
    assert.deepEqual(
      await compareInWorker(submissions, starter),
      compareSubmissions(submissions, starter),
    );
  });

  it('rejects invalid options', async () => {
    const options = { k: 0, w: 8, maxPairs: 10, maxRegionsPerPair: 10 };
    await assert.rejects(
      compareInWorker([{ id: 'a', files: [{ path: 'a.py', content: 'x = 1\n' }] }], [], options),
      /similarity worker thread failed: k must be a positive integer, got 0/,
    );
  });
});
