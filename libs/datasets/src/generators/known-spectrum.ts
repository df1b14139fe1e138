import type { Dataset } from '../dataset';
import { Xoshiro128 } from '../random/xoshiro128';
import { GeneratorParams } from './params';
import { randomOrthogonal } from './shuffle-rows';

/** Bump when the generated values change for the same parameters. */
export const KNOWN_SPECTRUM_VERSION = 'known-spectrum@1';

/**
 * Gaussian data whose population covariance has the given eigenvalues, for PCA:
 * x = μ + Q · diag(√λ) · z with z ~ N(0, I), Q a random orthogonal matrix and μ a random mean
 * with entries uniform in [−mean_scale, mean_scale). A large mean makes uncentred PCA fail.
 * Parameters: `n_samples`, `spectrum` (the d eigenvalues λ, each >= 0), `mean_scale` (>= 0) and
 * `seed`. Draws, in order: Q (d² normals), μ (d uniforms), then z row by row. All samples are
 * class 0.
 */
export function generateKnownSpectrum(id: string, raw: Record<string, unknown>): Dataset {
  const params = new GeneratorParams('known-spectrum', raw, [
    'n_samples',
    'spectrum',
    'mean_scale',
    'seed',
  ]);
  const n = params.integer('n_samples', 2, 1_000_000);
  const spectrumLength = Array.isArray(raw.spectrum) ? raw.spectrum.length : 0;
  if (spectrumLength < 1) throw params.invalid('spectrum', raw.spectrum, 'an array of numbers');
  const spectrum = params.numberOrArray('spectrum', spectrumLength, 0, 1e12);
  const meanScale = params.number('mean_scale', 0, 1e6, 0);
  const random = new Xoshiro128(params.integer('seed', 0, 0xffffffff));
  const d = spectrum.length;
  const Q = randomOrthogonal(random, d);
  const mean = Array.from({ length: d }, () => (2 * random.nextDouble() - 1) * meanScale);
  const scales = spectrum.map(Math.sqrt);
  const X = new Float64Array(n * d);
  const z = new Float64Array(d);
  for (let row = 0; row < n; row++) {
    for (let j = 0; j < d; j++) z[j] = scales[j] * random.nextNormal();
    for (let i = 0; i < d; i++) {
      let value = mean[i];
      for (let j = 0; j < d; j++) value += Q[i * d + j] * z[j];
      X[row * d + i] = value;
    }
  }
  return { id, X, n, d, y: new Int32Array(n), numClasses: 1, version: KNOWN_SPECTRUM_VERSION };
}
