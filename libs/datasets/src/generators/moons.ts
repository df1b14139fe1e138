import type { Dataset } from '../dataset';
import { Xoshiro128 } from '../random/xoshiro128';
import { GeneratorParams } from './params';
import { shuffleRows } from './shuffle-rows';

/** Bump when the generated values change for the same parameters. */
export const MOONS_VERSION = 'moons@1';

/**
 * Two interleaving half circles in 2-d, as scikit-learn's `make_moons` draws them: the outer
 * moon is (cos t, sin t) and the inner one (1 − cos t, 0.5 − sin t) for t evenly spaced in
 * [0, π], plus N(0, noise²) on each coordinate. Parameters: `n_samples` (integer >= 2, the outer
 * moon gets the odd one), `noise` (standard deviation >= 0) and `seed`. Random numbers are drawn
 * in the order: all noise values row by row, then the row shuffle.
 */
export function generateMoons(id: string, raw: Record<string, unknown>): Dataset {
  const params = new GeneratorParams('moons', raw, ['n_samples', 'noise', 'seed']);
  const n = params.integer('n_samples', 2, 1_000_000);
  const noise = params.number('noise', 0, 100);
  const random = new Xoshiro128(params.integer('seed', 0, 0xffffffff));
  const outer = Math.ceil(n / 2);
  const inner = n - outer;
  const X = new Float64Array(n * 2);
  const y = new Int32Array(n);
  for (let row = 0; row < n; row++) {
    const isOuter = row < outer;
    const count = isOuter ? outer : inner;
    const index = isOuter ? row : row - outer;
    const t = count > 1 ? (Math.PI * index) / (count - 1) : 0;
    X[row * 2] = (isOuter ? Math.cos(t) : 1 - Math.cos(t)) + noise * random.nextNormal();
    X[row * 2 + 1] = (isOuter ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * random.nextNormal();
    y[row] = isOuter ? 0 : 1;
  }
  shuffleRows(random, X, y, n, 2);
  return { id, X, n, d: 2, y, numClasses: 2, version: MOONS_VERSION };
}
