import type { Dataset } from '../dataset';
import { DatasetError } from '../errors';
import { Xoshiro128 } from '../random/xoshiro128';
import { GeneratorParams } from './params';
import { shuffleRows } from './shuffle-rows';

/** Bump when the generated values change for the same parameters. */
export const VARIED_DENSITY_VERSION = 'varied-density@1';

/**
 * Isotropic Gaussian clusters at given centres with their own spread and size, for density
 * clustering: a dense cluster beside a sparse one is where one global density threshold fails.
 * Parameters: `centers` (k points, each an array of d numbers), `cluster_std` (one number or k),
 * `sizes` (k integers >= 1) and `seed`. Cluster c is class c; samples are drawn cluster by
 * cluster, then the rows are shuffled.
 */
export function generateVariedDensity(id: string, raw: Record<string, unknown>): Dataset {
  const params = new GeneratorParams('varied-density', raw, [
    'centers',
    'cluster_std',
    'sizes',
    'seed',
  ]);
  const centers = parseCenters(raw.centers);
  const k = centers.length;
  const d = centers[0].length;
  const std = params.numberOrArray('cluster_std', k, 0, 1e6);
  const sizes = params.numberOrArray('sizes', k, 1, 1_000_000);
  sizes.forEach((size, index) => {
    if (!Number.isInteger(size)) throw params.invalid(`sizes[${index}]`, size, 'an integer');
  });
  const random = new Xoshiro128(params.integer('seed', 0, 0xffffffff));
  const n = sizes.reduce((sum, size) => sum + size, 0);
  const X = new Float64Array(n * d);
  const y = new Int32Array(n);
  let row = 0;
  for (let c = 0; c < k; c++) {
    for (let s = 0; s < sizes[c]; s++, row++) {
      for (let j = 0; j < d; j++) X[row * d + j] = centers[c][j] + std[c] * random.nextNormal();
      y[row] = c;
    }
  }
  shuffleRows(random, X, y, n, d);
  return { id, X, n, d, y, numClasses: k, version: VARIED_DENSITY_VERSION };
}

function parseCenters(value: unknown): number[][] {
  const ok =
    Array.isArray(value) &&
    value.length >= 1 &&
    value.every(
      (centre: unknown) =>
        Array.isArray(centre) &&
        centre.length >= 1 &&
        centre.length === (value[0] as unknown[]).length &&
        centre.every((entry: unknown) => typeof entry === 'number' && Number.isFinite(entry)),
    );
  if (!ok) {
    throw new DatasetError(
      `varied-density: centers must be a non-empty array of points of equal dimension, e.g. [[0, 0], [5, 0]], got ${JSON.stringify(value)}`,
    );
  }
  return value as number[][];
}
