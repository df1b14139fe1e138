import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateCircles } from './circles';
import { generateKnownSpectrum } from './known-spectrum';
import { generateMoons } from './moons';
import { generateVariedDensity } from './varied-density';

void describe('moons', () => {
  void it('noise-free points lie on the half circles', () => {
    const data = generateMoons('m', { n_samples: 11, noise: 0, seed: 1 });
    for (let i = 0; i < data.n; i++) {
      const [x, y] = [data.X[2 * i], data.X[2 * i + 1]];
      // Outer moon: unit circle at (0, 0); inner: unit circle at (1, 0.5).
      const radius = data.y[i] === 0 ? Math.hypot(x, y) : Math.hypot(x - 1, y - 0.5);
      assert.ok(Math.abs(radius - 1) < 1e-12);
    }
  });

  void it('same seed same data', () => {
    const first = generateMoons('m', { n_samples: 50, noise: 0.1, seed: 2 });
    const second = generateMoons('m', { n_samples: 50, noise: 0.1, seed: 2 });
    assert.deepEqual(first.X, second.X);
  });
});

void describe('circles', () => {
  void it('radii 1 and factor', () => {
    const data = generateCircles('c', { n_samples: 10, factor: 0.5, noise: 0, seed: 1 });
    for (let i = 0; i < data.n; i++) {
      const radius = Math.hypot(data.X[2 * i], data.X[2 * i + 1]);
      assert.ok(Math.abs(radius - (data.y[i] === 0 ? 1 : 0.5)) < 1e-12);
    }
  });
});

void describe('varied-density', () => {
  void it('sizes per cluster', () => {
    const data = generateVariedDensity('v', {
      centers: [
        [0, 0],
        [5, 5],
      ],
      cluster_std: [0.1, 1],
      sizes: [3, 7],
      seed: 1,
    });
    assert.equal(data.n, 10);
    assert.equal(data.y.filter((label) => label === 1).length, 7);
  });

  void it('rejects ragged centres', () => {
    assert.throws(
      () =>
        generateVariedDensity('v', { centers: [[0, 0], [1]], cluster_std: 1, sizes: 1, seed: 1 }),
      /centers must be/,
    );
  });
});

void describe('known-spectrum', () => {
  void it('sample variance near the spectrum', () => {
    // Total variance is rotation invariant: trace ≈ 4 + 1 = 5 with 4000 samples (sd ≈ 0.1).
    const data = generateKnownSpectrum('s', {
      n_samples: 4000,
      spectrum: [4, 1],
      mean_scale: 0,
      seed: 3,
    });
    let trace = 0;
    for (let j = 0; j < 2; j++) {
      let mean = 0;
      for (let i = 0; i < data.n; i++) mean += data.X[2 * i + j] / data.n;
      for (let i = 0; i < data.n; i++) trace += (data.X[2 * i + j] - mean) ** 2 / (data.n - 1);
    }
    assert.ok(Math.abs(trace - 5) < 0.4, `trace ${trace}`);
  });
});
