import type { Dataset } from '../dataset';
import { Xoshiro128 } from '../random/xoshiro128';
import { GeneratorParams } from './params';

/** Bump when the generated values change for the same parameters. */
export const METRIC_UNIT_BATCH_VERSION = 'metric-unit-batch@1';

const PARAM_NAMES = ['pairs', 'dim', 'margin', 'same', 'classes', 'per_class', 'seed'] as const;

/** Which pair labels the `same` array holds. */
export type PairLabelPattern = 'all' | 'none' | 'mixed';
const PATTERNS: readonly PairLabelPattern[] = ['all', 'none', 'mixed'];

/**
 * Pair distances cycle through these multiples of the margin, so every batch holds pairs at
 * distance 0 (identical embeddings: the sqrt trap), inside the margin, exactly on it and beyond.
 */
const DISTANCE_CYCLE = [0, 0.5, 1, 1.5, 0.25, 2];

export interface MetricUnitBatchParams {
  pairs: number;
  dim: number;
  margin: number;
  same: PairLabelPattern;
  classes: number;
  perClass: number;
  seed: number;
}

export function parseMetricUnitBatchParams(params: Record<string, unknown>): MetricUnitBatchParams {
  const read = new GeneratorParams('metric-unit-batch', params, PARAM_NAMES);
  const same = params.same ?? 'mixed';
  if (typeof same !== 'string' || !PATTERNS.includes(same as PairLabelPattern)) {
    throw read.invalid('same', same, `one of ${PATTERNS.join(', ')}`);
  }
  return {
    pairs: read.integer('pairs', 1, 10_000, 12),
    dim: read.integer('dim', 1, 1024, 4),
    margin: read.number('margin', 0, 100, 1),
    same: same as PairLabelPattern,
    classes: read.integer('classes', 2, 1000, 4),
    perClass: read.integer('per_class', 2, 1000, 4),
    seed: read.integer('seed', 0, 0xffffffff),
  };
}

/**
 * Fixed inputs for unit checks of metric-learning losses and miners, the same on every worker.
 *
 * Pair inputs: `emb_a` and `emb_b` of shape (pairs, dim) and `same` of shape (pairs,), 1 for a
 * pair of the same class. Pair i has Euclidean distance `DISTANCE_CYCLE[i % 6] × margin` along a
 * random direction, so identical pairs and pairs exactly at the margin always occur.
 *
 * Batch inputs: `embeddings` of shape (classes × per_class, dim), standard normal, with
 * `labels` of shape (classes × per_class,) in class-major order; they are also `X` and `y`.
 */
export function generateMetricUnitBatch(id: string, rawParams: Record<string, unknown>): Dataset {
  const params = parseMetricUnitBatchParams(rawParams);
  const random = new Xoshiro128(params.seed);
  const { pairs, dim, margin } = params;

  const embA = new Float64Array(pairs * dim);
  const embB = new Float64Array(pairs * dim);
  const same: number[] = [];
  for (let pair = 0; pair < pairs; pair++) {
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
    const distance = DISTANCE_CYCLE[pair % DISTANCE_CYCLE.length] * margin;
    for (let axis = 0; axis < dim; axis++) {
      const a = 0.5 * random.nextNormal();
      embA[pair * dim + axis] = a;
      // distance 0 gives b identical to a, bit for bit.
      embB[pair * dim + axis] = distance === 0 ? a : a + (distance * direction[axis]) / norm;
    }
    const mixed = random.nextDouble() < 0.5 ? 1 : 0;
    same.push(params.same === 'all' ? 1 : params.same === 'none' ? 0 : mixed);
  }
  if (params.same === 'mixed' && pairs >= 2) {
    // A mixed batch needs both labels, whatever the draws were.
    same[0] = 1;
    same[1] = 0;
  }

  const n = params.classes * params.perClass;
  const embeddings = new Float64Array(n * dim);
  for (let index = 0; index < embeddings.length; index++) embeddings[index] = random.nextNormal();
  const labels = Int32Array.from({ length: n }, (_, index) => Math.floor(index / params.perClass));

  return {
    id,
    X: embeddings,
    n,
    d: dim,
    y: labels,
    numClasses: params.classes,
    version: METRIC_UNIT_BATCH_VERSION,
    inputs: {
      emb_a: { dtype: 'float64', shape: [pairs, dim], data: embA },
      emb_b: { dtype: 'float64', shape: [pairs, dim], data: embB },
      same: { dtype: 'int64', shape: [pairs], data: same },
      embeddings: { dtype: 'float64', shape: [n, dim], data: embeddings },
      labels: { dtype: 'int64', shape: [n], data: Array.from(labels) },
    },
  };
}
