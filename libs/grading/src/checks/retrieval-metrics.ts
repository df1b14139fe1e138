import { Xoshiro128 } from '@dmlg/datasets';
import { normalizedMutualInfo } from '@dmlg/metrics';
import type { CheckMetric, MetricContext } from './check-metric';
import { clusterEmbeddings } from './embedding-kmeans';
import { retrievalScores, type RetrievalScores } from './retrieval';

/**
 * Retrieval and clustering quality of the embeddings a metric-learning task writes (output
 * `embeddings`, shape (n, embedding_dim), rows in the order of the scored split `X`), measured
 * against the hidden labels of classes the network never trained on.
 */

const RECALL_KS = [1, 2, 4, 8] as const;
/** Dimension of the random embeddings that make the baseline; retrieval by chance barely depends on it. */
const BASELINE_DIM = 8;
const RANDOM_EMBEDDINGS = { en: 'random embeddings', lv: 'nejauši iegultņi' };

const ADVICE = {
  en: 'Embeddings of unseen classes retrieve their own class poorly: check the loss and miner unit checks first, then that EmbeddingNet ends with L2 normalisation and that forward returns one row per input row in the same order.',
  lv: 'Neredzēto klašu iegultņi slikti atrod savas klases paraugus: vispirms pārbaudiet zaudējumu funkcijas un kalnraču (mineru) vienībpārbaudes, tad to, vai EmbeddingNet beidzas ar L2 normalizāciju un vai forward atgriež pa vienai rindai katrai ievades rindai tajā pašā secībā.',
};

const cache = new WeakMap<Float64Array, RetrievalScores>();

function embeddingsOf(context: MetricContext): { data: Float64Array; dim: number } {
  const embeddings = context.outputs.get('embeddings');
  if (!embeddings || embeddings.shape.length !== 2) {
    throw new Error(`task ${context.task.id} has no embeddings output of shape (n, dim)`);
  }
  return { data: embeddings.data, dim: embeddings.shape[1] };
}

function scoresOf(
  data: Float64Array,
  dim: number,
  context: Omit<MetricContext, 'outputs'>,
): RetrievalScores {
  let scores = cache.get(data);
  if (!scores) {
    scores = retrievalScores(data, context.dataset.n, dim, context.dataset.y, RECALL_KS);
    cache.set(data, scores);
  }
  return scores;
}

/** Seeded standard normal embeddings, the same for a task on every worker. */
function randomEmbeddings(context: Omit<MetricContext, 'outputs'>): Float64Array {
  const data = new Float64Array(context.dataset.n * BASELINE_DIM);
  const random = new Xoshiro128(hashText(context.task.id));
  for (let index = 0; index < data.length; index++) data[index] = random.nextNormal();
  return data;
}

const baselineCache = new Map<string, Float64Array>();
function baselineEmbeddings(context: Omit<MetricContext, 'outputs'>): Float64Array {
  const key = `${context.task.id}#${context.dataset.version}#${context.dataset.n}`;
  let data = baselineCache.get(key);
  if (!data) {
    data = randomEmbeddings(context);
    baselineCache.set(key, data);
  }
  return data;
}

function recallMetric(k: (typeof RECALL_KS)[number]): CheckMetric {
  return {
    name: `recall-at-${k}`,
    label: { en: `recall@${k}`, lv: `atsaukums@${k}` },
    higherIsBetter: true,
    baselineLabel: RANDOM_EMBEDDINGS,
    requires: ['embeddings'],
    measure: (context) => {
      const { data, dim } = embeddingsOf(context);
      return scoresOf(data, dim, context).recallAt.get(k) ?? 0;
    },
    baseline: (context) =>
      scoresOf(baselineEmbeddings(context), BASELINE_DIM, context).recallAt.get(k) ?? 0,
    advice: ADVICE,
  };
}

export const recallAt1Metric = recallMetric(1);
export const recallAt2Metric = recallMetric(2);
export const recallAt4Metric = recallMetric(4);
export const recallAt8Metric = recallMetric(8);

export const mapAtRMetric: CheckMetric = {
  name: 'map-at-r',
  label: { en: 'MAP@R', lv: 'MAP@R' },
  higherIsBetter: true,
  baselineLabel: RANDOM_EMBEDDINGS,
  requires: ['embeddings'],
  measure: (context) => {
    const { data, dim } = embeddingsOf(context);
    return scoresOf(data, dim, context).mapAtR;
  },
  baseline: (context) => scoresOf(baselineEmbeddings(context), BASELINE_DIM, context).mapAtR,
  advice: ADVICE,
};

/** Seed of the grader's K-Means on embeddings; fixed so a submission clusters the same twice. */
const KMEANS_SEED = 20240;

function kmeansNmi(
  data: Float64Array,
  dim: number,
  context: Omit<MetricContext, 'outputs'>,
): number {
  const { n, numClasses, y } = context.dataset;
  return normalizedMutualInfo(y, clusterEmbeddings(data, n, dim, numClasses, KMEANS_SEED));
}

export const embeddingKmeansNmiMetric: CheckMetric = {
  name: 'embedding-kmeans-nmi',
  label: { en: 'NMI of K-Means on the embeddings', lv: 'K-vidējo NMI iegultņiem' },
  higherIsBetter: true,
  baselineLabel: RANDOM_EMBEDDINGS,
  requires: ['embeddings'],
  measure: (context) => {
    const { data, dim } = embeddingsOf(context);
    return kmeansNmi(data, dim, context);
  },
  baseline: (context) => kmeansNmi(baselineEmbeddings(context), BASELINE_DIM, context),
  advice: ADVICE,
};

/** FNV-1a hash of a string, as a 32-bit seed. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
