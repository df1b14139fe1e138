import type { Dataset } from '../dataset';
import { Xoshiro128 } from '../random/xoshiro128';
import { GeneratorParams } from './params';

/** Bump when the generated values change for the same parameters. */
export const PROXY_UNIT_BATCH_VERSION = 'proxy-unit-batch@1';

const PARAM_NAMES = ['batch', 'classes', 'dim', 'noise', 'seed'] as const;

/**
 * Row norms are drawn uniformly from [MIN_NORM, MAX_NORM], so a loss that skips the L2
 * normalisation of its embeddings or of its proxies gets a different value.
 */
const MIN_NORM = 0.5;
const MAX_NORM = 2;

export interface ProxyUnitBatchParams {
  batch: number;
  classes: number;
  dim: number;
  /** Standard deviation of the offset of each embedding's direction from its class proxy's. */
  noise: number;
  seed: number;
}

export function parseProxyUnitBatchParams(params: Record<string, unknown>): ProxyUnitBatchParams {
  const read = new GeneratorParams('proxy-unit-batch', params, PARAM_NAMES);
  return {
    batch: read.integer('batch', 1, 10_000, 12),
    classes: read.integer('classes', 2, 1000, 5),
    dim: read.integer('dim', 2, 1024, 4),
    noise: read.number('noise', 0, 100, 1),
    seed: read.integer('seed', 0, 0xffffffff),
  };
}

function unitDirection(random: Xoshiro128, dim: number): Float64Array {
  const direction = new Float64Array(dim);
  let norm = 0;
  while (norm < 1e-6) {
    norm = 0;
    for (let axis = 0; axis < dim; axis++) {
      direction[axis] = random.nextNormal();
      norm += direction[axis] ** 2;
    }
    norm = Math.sqrt(norm);
  }
  return direction.map((value) => value / norm);
}

/**
 * Fixed inputs for unit checks of proxy losses (assignment 6), the same on every worker.
 *
 * `proxies` (classes, dim): random directions with norms in [0.5, 2]. `labels` (batch,): row i
 * has class i mod classes, so every proxy is a positive at least once when batch ≥ classes.
 * `embeddings` (batch, dim): the direction of the row's proxy plus `noise` × a standard normal
 * offset, rescaled to a norm in [0.5, 2]; small noise puts each embedding next to its proxy (a
 * confident batch), large noise spreads them. `embeddings` and `labels` are also `X` and `y`.
 */
export function generateProxyUnitBatch(id: string, rawParams: Record<string, unknown>): Dataset {
  const { batch, classes, dim, noise, seed } = parseProxyUnitBatchParams(rawParams);
  const random = new Xoshiro128(seed);
  const norm = (): number => MIN_NORM + (MAX_NORM - MIN_NORM) * random.nextDouble();

  const directions = Array.from({ length: classes }, () => unitDirection(random, dim));
  const proxies = new Float64Array(classes * dim);
  directions.forEach((direction, label) => {
    const length = norm();
    for (let axis = 0; axis < dim; axis++) proxies[label * dim + axis] = length * direction[axis];
  });

  const labels = Int32Array.from({ length: batch }, (_, row) => row % classes);
  const embeddings = new Float64Array(batch * dim);
  for (let row = 0; row < batch; row++) {
    const direction = directions[labels[row]];
    const point = direction.map((value) => value + noise * random.nextNormal());
    let length = Math.sqrt(point.reduce((sum, value) => sum + value * value, 0));
    if (length < 1e-6) {
      point.set(direction);
      length = 1;
    }
    const target = norm();
    for (let axis = 0; axis < dim; axis++) {
      embeddings[row * dim + axis] = (target * point[axis]) / length;
    }
  }

  return {
    id,
    X: embeddings,
    n: batch,
    d: dim,
    y: labels,
    numClasses: classes,
    version: PROXY_UNIT_BATCH_VERSION,
    inputs: {
      embeddings: { dtype: 'float64', shape: [batch, dim], data: embeddings },
      labels: { dtype: 'int64', shape: [batch], data: Array.from(labels) },
      proxies: { dtype: 'float64', shape: [classes, dim], data: proxies },
    },
  };
}
