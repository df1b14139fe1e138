import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silhouetteScore } from '../clustering/silhouette';
import { meanAndCovariance, scaledCenteredColumns } from '../generative/mean-covariance';
import { productRowsTimesRows, productRowsTimesRowsInJavaScript } from '../linalg/dense';
import { nearestNeighbours } from '../retrieval/nearest-neighbours';
import { mulberry32 } from '../random/mulberry32';
import { KernelPool, MAX_THREADS, threadCount } from './kernel-pool';

// Every input here is above POOL_MIN_MULTIPLY_ADDS, so it runs on the pool's threads.
function uniform(seed: number, length: number): Float64Array {
  const random = mulberry32(seed);
  return Float64Array.from({ length }, () => random() - 0.5);
}

void describe('threadCount', () => {
  void it('reads DMLG_METRICS_THREADS and rejects bad values by name', () => {
    const saved = process.env.DMLG_METRICS_THREADS;
    try {
      process.env.DMLG_METRICS_THREADS = '3';
      assert.equal(threadCount(), 3);
      process.env.DMLG_METRICS_THREADS = String(MAX_THREADS);
      assert.equal(threadCount(), MAX_THREADS);
      for (const bad of ['0', '-1', '1.5', '1e1', 'abc', String(MAX_THREADS + 1)]) {
        process.env.DMLG_METRICS_THREADS = bad;
        assert.throws(() => threadCount(), new RegExp(`got "${bad.replace('.', '\\.')}"`));
      }
    } finally {
      if (saved === undefined) delete process.env.DMLG_METRICS_THREADS;
      else process.env.DMLG_METRICS_THREADS = saved;
    }
  });
});

void describe('kernel pool', () => {
  void it('starts', () => {
    assert.notEqual(KernelPool.get(), null);
  });

  void it('product matches JavaScript bit for bit', () => {
    const [m, n, k] = [37, 45, 3001];
    const a = uniform(1, m * k);
    const b = uniform(2, n * k);
    const pooled = new Float64Array(m * n);
    const plain = new Float64Array(m * n);
    productRowsTimesRows(a, m, b, n, k, pooled);
    productRowsTimesRowsInJavaScript(a, m, b, n, k, plain);
    assert.deepEqual(pooled, plain);
  });

  void it('product with a triangular left factor matches JavaScript bit for bit', () => {
    // 1100 columns span three K blocks of 512, so units past row 512 skip whole blocks.
    const [m, n, k] = [1100, 9, 1100];
    const a = uniform(7, m * k);
    for (let i = 0; i < m; i++) a.fill(0, i * k, i * k + Math.min(i, k));
    const b = uniform(8, n * k);
    const pooled = new Float64Array(m * n);
    const plain = new Float64Array(m * n);
    productRowsTimesRows(a, m, b, n, k, pooled, false, true);
    productRowsTimesRowsInJavaScript(a, m, b, n, k, plain);
    assert.deepEqual(pooled, plain);
  });

  void it('upper product matches JavaScript bit for bit', () => {
    const [m, k] = [43, 2503];
    const a = uniform(3, m * k);
    const pooled = new Float64Array(m * m);
    const plain = new Float64Array(m * m);
    productRowsTimesRows(a, m, a, m, k, pooled, true);
    productRowsTimesRowsInJavaScript(a, m, a, m, k, plain, true);
    assert.deepEqual(pooled, plain);
  });

  void it('covariance matches JavaScript bit for bit', () => {
    const [rows, cols] = [1500, 61];
    const features = { data: uniform(4, rows * cols), rows, cols };
    const { mean, covariance } = meanAndCovariance(features);
    const plain = new Float64Array(cols * cols);
    const columns = scaledCenteredColumns(features, mean);
    productRowsTimesRowsInJavaScript(columns, cols, columns, cols, rows, plain);
    assert.deepEqual(covariance, plain);
  });

  void it('silhouette matches a direct sum', () => {
    const [n, d, clusters] = [1003, 17, 5];
    const X = uniform(5, n * d);
    const labels = Int32Array.from({ length: n }, (_, i) => i % clusters);
    for (let i = 0; i < n; i++) X[i * d] += labels[i];
    let total = 0;
    for (let i = 0; i < n; i++) {
      const sums = new Float64Array(clusters);
      const sizes = new Float64Array(clusters);
      for (let j = 0; j < n; j++) {
        sizes[labels[j]]++;
        if (j === i) continue;
        let squared = 0;
        for (let p = 0; p < d; p++) squared += (X[i * d + p] - X[j * d + p]) ** 2;
        sums[labels[j]] += Math.sqrt(squared);
      }
      const own = labels[i];
      const a = sums[own] / (sizes[own] - 1);
      let b = Infinity;
      for (let c = 0; c < clusters; c++) if (c !== own) b = Math.min(b, sums[c] / sizes[c]);
      total += (b - a) / Math.max(a, b);
    }
    assert.ok(Math.abs(silhouetteScore(X, n, d, labels) - total / n) < 1e-12);
  });

  void it('neighbours match a full sort', () => {
    const [n, d, k] = [1201, 9, 7];
    const data = uniform(6, n * d);
    const found = nearestNeighbours({ data, rows: n, cols: d }, { data, rows: n, cols: d }, k, 'euclidean', true); // prettier-ignore
    const expected = new Int32Array(n * k);
    for (let q = 0; q < n; q++) {
      const distance = (j: number): number => {
        let squared = 0;
        for (let p = 0; p < d; p++) squared += (data[q * d + p] - data[j * d + p]) ** 2;
        return squared;
      };
      const order = Array.from({ length: n }, (_, j) => j).filter((j) => j !== q);
      order.sort((x, y) => distance(x) - distance(y) || x - y);
      expected.set(order.slice(0, k), q * k);
    }
    assert.deepEqual(found.indices, expected);
  });
});
