import type { Dataset } from '../dataset';
import { Xoshiro128 } from '../random/xoshiro128';
import { GeneratorParams } from './params';
import { shuffleRows } from './shuffle-rows';

/** Bump when the generated values change for the same parameters. */
export const CIRCLES_VERSION = 'circles@1';

/**
 * Two concentric circles in 2-d, as scikit-learn's `make_circles` draws them: the outer circle
 * has radius 1 (class 0), the inner one radius `factor` (class 1), with angles evenly spaced in
 * [0, 2π) and N(0, noise²) added to each coordinate. Parameters: `n_samples` (integer >= 2, the
 * outer circle gets the odd one), `factor` in (0, 1), `noise` (>= 0) and `seed`.
 */
export function generateCircles(id: string, raw: Record<string, unknown>): Dataset {
  const params = new GeneratorParams('circles', raw, ['n_samples', 'factor', 'noise', 'seed']);
  const n = params.integer('n_samples', 2, 1_000_000);
  const factor = params.number('factor', 1e-6, 1 - 1e-6);
  const noise = params.number('noise', 0, 100);
  const random = new Xoshiro128(params.integer('seed', 0, 0xffffffff));
  const outer = Math.ceil(n / 2);
  const X = new Float64Array(n * 2);
  const y = new Int32Array(n);
  for (let row = 0; row < n; row++) {
    const isOuter = row < outer;
    const count = isOuter ? outer : n - outer;
    const index = isOuter ? row : row - outer;
    const angle = (2 * Math.PI * index) / count;
    const radius = isOuter ? 1 : factor;
    X[row * 2] = radius * Math.cos(angle) + noise * random.nextNormal();
    X[row * 2 + 1] = radius * Math.sin(angle) + noise * random.nextNormal();
    y[row] = isOuter ? 0 : 1;
  }
  shuffleRows(random, X, y, n, 2);
  return { id, X, n, d: 2, y, numClasses: 2, version: CIRCLES_VERSION };
}
