import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataset, DatasetFactors, DecodedNpy } from '@dmlg/datasets';
import type { Matrix } from '@dmlg/metrics';
import type { MetricContext } from './check-metric';
import {
  dciDisentanglementMetric,
  dciOfCodes,
  factorVaeMetric,
  factorVaeOfCodes,
  sapMetric,
  sapOfCodes,
} from './disentanglement-metrics';

const NAMES = ['shape', 'scale', 'rotation', 'x', 'y'];

/**
 * `copies` copies of every combination of five binary factors, the last varying fastest, so
 * that each factor is balanced and independent of the others in every copy and in each half of
 * the rows.
 */
function binaryGrid(copies: number): { factors: DatasetFactors; n: number } {
  const n = 32 * copies;
  const values = new Int32Array(n * 5);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < 5; f++) values[i * 5 + f] = ((i % 32) >> (4 - f)) & 1;
  }
  return { factors: { names: NAMES, sizes: [2, 2, 2, 2, 2], values }, n };
}

/** A code whose column c is the sum of the factors listed in `sums[c]`. */
function codeOf(grid: { factors: DatasetFactors; n: number }, sums: string[][]): Matrix {
  const data = new Float64Array(grid.n * sums.length);
  for (let i = 0; i < grid.n; i++) {
    sums.forEach((names, c) => {
      for (const name of names)
        data[i * sums.length + c] += grid.factors.values[i * 5 + NAMES.indexOf(name)];
    });
  }
  return { data, rows: grid.n, cols: sums.length };
}

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

void describe('sapOfCodes', () => {
  const grid = binaryGrid(1);

  void it('one code per ordered factor gives 1', () => {
    close(sapOfCodes(codeOf(grid, [['scale'], ['rotation'], ['x'], ['y']]), grid.factors), 1);
  });

  void it('codes that each sum two independent factors give 1/2', () => {
    // corr(scale + x, scale)² = Var(scale)² / (2 Var(scale) · Var(scale)) = 1/2, and the other
    // code is uncorrelated with scale, so each factor's gap is 1/2 − 0.
    const code = codeOf(grid, [
      ['scale', 'x'],
      ['rotation', 'y'],
    ]);
    close(sapOfCodes(code, grid.factors), 0.5);
  });
});

void describe('dciOfCodes', () => {
  const grid = binaryGrid(2);

  void it('one code per ordered factor is fully disentangled, complete and informative', () => {
    const scores = dciOfCodes(codeOf(grid, [['scale'], ['rotation'], ['x'], ['y']]), grid.factors);
    close(scores.disentanglement, 1);
    close(scores.completeness, 1);
    close(scores.informativenessTest, 1);
  });

  void it('codes that each sum two factors give D = 1/2, C = 1, R² = 1/2', () => {
    // Each factor's standardised least-squares weight on its code is 1/√2 and 0 on the other,
    // so each code row of importances is (a, 0, a, 0): entropy ln 2 / ln 4 = 1/2; each factor
    // column is (a, 0): entropy 0. Half of each factor's variance is explained.
    const scores = dciOfCodes(
      codeOf(grid, [
        ['scale', 'x'],
        ['rotation', 'y'],
      ]),
      grid.factors,
    );
    close(scores.disentanglement, 0.5);
    close(scores.completeness, 1);
    close(scores.informativenessTest, 0.5);
  });

  void it('drops a code that repeats another instead of failing the fit', () => {
    const code = codeOf(grid, [['scale'], ['rotation'], ['scale'], ['x'], ['y']]);
    const scores = dciOfCodes(code, grid.factors);
    close(scores.disentanglement, 1);
    close(scores.informativenessTest, 1);
  });
});

void describe('factorVaeOfCodes', () => {
  // Four copies of the grid: 64 rows per factor value, one full batch each.
  const grid = binaryGrid(4);

  void it('one code per factor, in any order, classifies every batch', () => {
    close(
      factorVaeOfCodes(
        codeOf(grid, [['y'], ['x'], ['rotation'], ['scale'], ['shape']]),
        grid.factors,
      ),
      1,
    );
  });

  void it('a code that merges two factors into one dimension loses one of them', () => {
    // Batches with x or y fixed both vote for the merged dimension (its local variance is halved,
    // the others' unchanged), so the classifier can assign it to only one of the two.
    const score = factorVaeOfCodes(
      codeOf(grid, [['shape'], ['scale'], ['rotation'], ['x', 'y'], []]),
      grid.factors,
    );
    assert.ok(score > 0.7, `score ${score}`);
    assert.ok(score < 0.9, `score ${score}`);
  });
});

void describe('disentanglement check metrics', () => {
  const grid = binaryGrid(4);
  const code = codeOf(grid, [['shape'], ['scale'], ['rotation'], ['x'], ['y'], ['x', 'y']]);
  const mu: DecodedNpy = { dtype: '<f8', kind: 'float', shape: [grid.n, 6], data: code.data };
  const context: MetricContext = {
    task: {
      id: 'beta-vae-sprites',
      driver_params: { z_dim: 6 },
    } as unknown as MetricContext['task'],
    dataset: { id: 'sprites', n: grid.n, factors: grid.factors } as Dataset,
    outputs: new Map([['mu', mu]]),
  };

  for (const metric of [sapMetric, dciDisentanglementMetric, factorVaeMetric]) {
    void it(`${metric.name}: a code built from the factors beats the unrelated-code baseline`, () => {
      assert.ok(metric.measure(context) > metric.baseline(context) + 0.3);
    });
  }

  void it('the baseline needs driver_params.z_dim', () => {
    const withoutDims = {
      ...context,
      task: { id: 'vae', driver_params: {} } as unknown as MetricContext['task'],
    };
    assert.throws(
      () => sapMetric.baseline(withoutDims),
      /driver_params\.z_dim must be an integer >= 2/,
    );
  });
});
