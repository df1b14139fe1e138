import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { mulberry32 } from '../random/mulberry32';
import { codeClustering } from './cluster-geometry';
import { orderByCluster, sampleSilhouettesInJavaScript, silhouetteScore } from './silhouette';

function uniform(seed: number, length: number): Float64Array {
  const random = mulberry32(seed);
  return Float64Array.from({ length }, () => random() - 0.5);
}

/** Script of a child process that prints the silhouette of a clustering with n / 2 clusters. */
const MANY_CLUSTERS = `
const { silhouetteScore } = require(${JSON.stringify(path.resolve(__dirname, 'silhouette'))});
const { mulberry32 } = require(${JSON.stringify(path.resolve(__dirname, '..', 'random', 'mulberry32'))});
const [n, d] = [6000, 4];
const random = mulberry32(11);
const X = Float64Array.from({ length: n * d }, () => random() - 0.5);
const labels = Int32Array.from({ length: n }, (_, i) => i % (n / 2));
console.log(JSON.stringify(silhouetteScore(X, n, d, labels)));
`;

void describe('silhouetteScore', () => {
  void it('two clusters match hand values', () => {
    // Points 0, 1 | 4, 5: a = 1 for all; b = 4.5, 3.5, 3.5, 4.5; s = 7/9, 5/7, 5/7, 7/9.
    const value = silhouetteScore(new Float64Array([0, 1, 4, 5]), 4, 1, [0, 0, 1, 1]);
    assert.ok(Math.abs(value - (7 / 9 + 5 / 7) / 2) < 1e-15, `got ${value}`);
  });

  void it('singleton counts as 0', () => {
    // Points 0, 1 | 10: s = (10 − 1) / 10, (9 − 1) / 9 and 0 for the singleton.
    const value = silhouetteScore(new Float64Array([0, 1, 10]), 3, 1, ['a', 'a', 'b']);
    assert.ok(Math.abs(value - (0.9 + 8 / 9) / 3) < 1e-15, `got ${value}`);
  });

  void it('pool equals the JavaScript route', () => {
    // 3001² · 64 multiply-adds are far above the pool's threshold.
    const [n, d, k] = [3001, 64, 11];
    const X = uniform(3, n * d);
    const labels = Int32Array.from({ length: n }, (_, i) => (i * 7) % k);
    for (let i = 0; i < n; i++) X[i * d] += labels[i] / 4;

    const ordered = orderByCluster(codeClustering('silhouette', X, n, d, labels));
    const silhouettes = new Float64Array(n);
    sampleSilhouettesInJavaScript(ordered).forEach((s, row) => (silhouettes[ordered.original[row]] = s)); // prettier-ignore
    let total = 0;
    for (let i = 0; i < n; i++) total += silhouettes[i];

    assert.equal(silhouetteScore(X, n, d, labels), total / n);
  });

  void it('many clusters on 48 threads', () => {
    // Per-thread sums over all n × k would take 48 × 6000 × 3000 × 8 bytes = 6.9 GB, over the
    // 4 GiB of a WebAssembly memory. Row blocks take 48 × 32 × 3000 doubles.
    const child = spawnSync(process.execPath, ['-e', MANY_CLUSTERS], {
      env: { ...process.env, DMLG_METRICS_THREADS: '48' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(child.status, 0, child.stderr);

    const random = mulberry32(11);
    const [n, d] = [6000, 4];
    const X = Float64Array.from({ length: n * d }, () => random() - 0.5);
    const labels = Int32Array.from({ length: n }, (_, i) => i % (n / 2));
    assert.equal(JSON.parse(child.stdout) as number, silhouetteScore(X, n, d, labels));
  });
});
