import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { symmetricSplit } from '../parallel/kernel-jobs';
import { loadNativeKernel } from './native-kernel';

/** Tells whether this is x86-64 Linux with AVX2 in /proc/cpuinfo, which the addon needs. */
function cpuHasAvx2(): boolean {
  if (process.arch !== 'x64' || process.platform !== 'linux') return false;
  return /\bavx2\b/.test(readFileSync('/proc/cpuinfo', 'utf8'));
}

/**
 * Script of a child process that prints a SHA-256 of each result's bytes. The results are a
 * pooled product, an upper product with a triangular factor, column means and a covariance,
 * blocked eigenvalues at an order where the matrix-vector rows are split between threads, a
 * pooled silhouette, and pooled nearest neighbours on data with many tied distances.
 */
const CHILD = `
const dist = ${JSON.stringify(path.resolve(__dirname, '..'))};
const { productRowsTimesRows } = require(dist + '/linalg/dense');
const { symmetricEigenvalues } = require(dist + '/linalg/blocked-tridiagonal');
const { meanAndCovariance } = require(dist + '/generative/mean-covariance');
const { silhouetteScore } = require(dist + '/clustering/silhouette');
const { nearestNeighbours } = require(dist + '/retrieval/nearest-neighbours');
const { loadNativeKernel } = require(dist + '/linalg/native-kernel');
const { mulberry32 } = require(dist + '/random/mulberry32');
const random = mulberry32(5);
const uniform = (length) => Float64Array.from({ length }, () => random() - 0.5);
const [m, n, k] = [61, 47, 2100];
const a = uniform(m * k), b = uniform(n * k);
const product = new Float64Array(m * n);
productRowsTimesRows(a, m, b, n, k, product);
const order = 300;
const triangular = uniform(order * order);
for (let i = 0; i < order; i++) triangular.fill(0, i * order, i * order + i);
const upper = new Float64Array(order * order);
productRowsTimesRows(triangular, order, triangular, order, order, upper, true, true);
const symmetric = new Float64Array(order * order);
for (let i = 0; i < order; i++)
  for (let j = i; j < order; j++) symmetric[i * order + j] = symmetric[j * order + i] = upper[i * order + j];
const values = symmetricEigenvalues(symmetric, order);
const { mean, covariance } = meanAndCovariance({ data: uniform(1200 * 70), rows: 1200, cols: 70 });
const silhouette = Float64Array.of(silhouetteScore(uniform(2003 * 33), 2003, 33, Int32Array.from({ length: 2003 }, (_, i) => i % 6)));
const grid = { data: uniform(3001 * 3).map((x) => Math.round(x * 4)), rows: 3001, cols: 3 };
const neighbours = nearestNeighbours(grid, grid, 9, 'euclidean', true).indices;
const hex = (array) => require('node:crypto').createHash('sha256')
  .update(Buffer.from(array.buffer, array.byteOffset, array.byteLength)).digest('hex');
console.log(JSON.stringify({
  kernel: loadNativeKernel().description,
  product: hex(product), upper: hex(upper), values: hex(values), mean: hex(mean), covariance: hex(covariance),
  silhouette: hex(silhouette), neighbours: hex(neighbours),
}));
`;

/** The keys of the child's results. */
const RESULTS = ['product', 'upper', 'values', 'mean', 'covariance', 'silhouette', 'neighbours'];

function runChild(
  kernel: string,
  threads = '2',
): {
  status: number | null;
  stdout: string;
  stderr: string;
} {
  const result = spawnSync(process.execPath, ['-e', CHILD], {
    env: { ...process.env, DMLG_METRICS_KERNEL: kernel, DMLG_METRICS_THREADS: threads },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

void describe('native kernel', () => {
  void it('loads where the CPU has AVX2', (t) => {
    if (!cpuHasAvx2() || (process.env.DMLG_METRICS_KERNEL ?? 'auto') === 'wasm') {
      t.skip('no AVX2 here, or DMLG_METRICS_KERNEL=wasm');
      return;
    }
    const choice = loadNativeKernel();
    assert.notEqual(choice.kernel, null, choice.description);
    assert.match(choice.description, /^native AVX2/);
  });

  void it('gives the WebAssembly kernel’s values bit for bit', (t) => {
    if (!cpuHasAvx2()) {
      t.skip('no AVX2 here');
      return;
    }
    const native = runChild('native');
    const wasm = runChild('wasm');
    assert.equal(native.status, 0, native.stderr);
    assert.equal(wasm.status, 0, wasm.stderr);
    const nativeValues = JSON.parse(native.stdout) as Record<string, string>;
    const wasmValues = JSON.parse(wasm.stdout) as Record<string, string>;
    assert.match(nativeValues.kernel, /^native AVX2/);
    assert.match(wasmValues.kernel, /^WebAssembly SIMD/);
    for (const key of RESULTS) {
      assert.equal(nativeValues[key], wasmValues[key], `${key} differs between the kernels`);
    }
  });

  void it('gives the same values on 1 and 3 threads', () => {
    const oneThread = runChild('auto', '1');
    const threeThreads = runChild('auto', '3');
    assert.equal(oneThread.status, 0, oneThread.stderr);
    assert.equal(threeThreads.status, 0, threeThreads.stderr);
    const oneValues = JSON.parse(oneThread.stdout) as Record<string, string>;
    const threeValues = JSON.parse(threeThreads.stdout) as Record<string, string>;
    for (const key of RESULTS) {
      assert.equal(oneValues[key], threeValues[key], `${key} differs between 1 and 3 threads`);
    }
  });

  void it('names a wrong argument and a short array', (t) => {
    const { kernel } = loadNativeKernel();
    if (kernel === null) {
      t.skip('the native kernel is not loaded here');
      return;
    }
    const data = new Float64Array(6);
    assert.throws(
      () => kernel.columnMeans(data, 3, 2, [0, 0] as unknown as Float64Array),
      /^TypeError: columnMeans: argument 4 must be a Float64Array$/,
    );
    assert.throws(
      () => kernel.columnMeans(data, 4, 2, new Float64Array(2)),
      /^RangeError: columnMeans: an array is shorter than rows and cols need$/,
    );
    // Two rows of dots, 4 doubles wide, from byte 64 end at byte 128, past the 96-byte view.
    const memory = new Uint8Array(96);
    assert.throws(
      () => kernel.rowDistances(memory, 0, 0, 0, 0, 64, 2, 0, 2, 0, 4, 4),
      /^RangeError: rowDistances: an operand lies outside the memory view$/,
    );
  });

  void it('rejects an unknown DMLG_METRICS_KERNEL by name', () => {
    const child = runChild('gpu');
    assert.notEqual(child.status, 0);
    assert.match(child.stderr, /DMLG_METRICS_KERNEL must be auto, native or wasm, got "gpu"/);
  });
});

void describe('symmetricSplit', () => {
  void it('covers the rows in order with about equal triangle areas', () => {
    const [start, n, units] = [37, 2048, 3];
    const bounds = Array.from({ length: units + 1 }, (_, u) => symmetricSplit(start, n, units, u));
    assert.equal(bounds[0], start);
    assert.equal(bounds[units], n);
    const area = (from: number, to: number): number => {
      let total = 0;
      for (let r = from; r < to; r++) total += n - r;
      return total;
    };
    const whole = area(start, n);
    for (let u = 0; u < units; u++) {
      assert.ok(bounds[u] <= bounds[u + 1], `bounds ${bounds.join(', ')}`);
      const share = area(bounds[u], bounds[u + 1]) / whole;
      assert.ok(Math.abs(share - 1 / units) < 0.01, `unit ${u} has ${share} of the work`);
    }
  });

  void it('one unit takes every row', () => {
    assert.equal(symmetricSplit(5, 9, 1, 0), 5);
    assert.equal(symmetricSplit(5, 9, 1, 1), 9);
  });
});
