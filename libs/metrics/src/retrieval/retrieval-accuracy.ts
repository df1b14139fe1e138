import { checkLabels, describeValue, type LabelArray } from '../check-input';
import { encodeLabels } from '../clustering/encode-labels';
import { MetricInputError } from '../errors';
import { checkMatrix, checkSameColumns, type Matrix } from '../matrix';
import {
  nearestNeighbours,
  RETRIEVAL_DISTANCES,
  type RetrievalDistance,
} from './nearest-neighbours';

const METRIC = 'retrieval';

export interface RetrievalOptions {
  /** Separate reference set; when absent the query set is the reference set. */
  reference?: { embeddings: Matrix; labels: LabelArray };
  /** Neighbours retrieved per query; default (null) all reference items except the query. */
  k?: number | null;
  /** Cut-offs reported for recall@k and precision@k; default [1]. */
  ks?: readonly number[];
  /** Default 'euclidean'. */
  distance?: RetrievalDistance;
  /** Average per query class first, then over classes. Default false. */
  avgOfAvgs?: boolean;
}

export interface RetrievalScores {
  precisionAt1: number;
  rPrecision: number;
  mapAtR: number;
  /** Hit rate at each cut-off k (the "Recall@K" of metric-learning papers), keyed by k. */
  recallAtK: Record<string, number>;
  /** Matches among the first k divided by k, keyed by k. */
  precisionAtK: Record<string, number>;
}

/**
 * Retrieval accuracy of embeddings as pytorch-metric-learning 2.x's AccuracyCalculator
 * computes it: precision@1, R-precision and MAP@R (Musgrave, Belongie and Lim, "A Metric
 * Learning Reality Check", ECCV 2020), recall@k in the sense of metric-learning papers (the
 * share of queries with at least one match among the first k) and precision@k.
 *
 * Definitions, per query q with label y and R(q) reference items labelled y (minus 1 when the
 * query set is the reference set): P@1 = [label of the nearest neighbour = y];
 * R-precision = (matches among the first R) / R; MAP@R = (1/R) Σ_{i ≤ R} P(i)·rel(i), where
 * P(i) is the precision among the first i and rel(i) whether neighbour i matches;
 * recall@k = [any match among the first k]; precision@k = (matches among the first k) / k.
 *
 * Conventions: exact neighbours by Euclidean or cosine distance (see `nearestNeighbours`);
 * when the query set is the reference set, the query is excluded from its own neighbours by
 * index; ties go to the lower reference index. Queries with R = 0 (lone queries) are left out
 * of every average. When k < R, only k neighbours exist, yet R-precision and MAP@R still divide
 * by R, so they are underestimated as in pytorch-metric-learning. precision@k divides by k
 * even when k > R. With `avgOfAvgs`, each query class is averaged first.
 *
 * Range: every score in [0, 1]. Best value: 1.
 *
 * Edge cases: NaN for every score when all queries are lone.
 *
 * @throws MetricInputError for non-finite or mismatched embeddings or labels, fewer than 2
 * samples in a shared set, k outside [1, number of candidates], a cut-off above k, or an
 * unknown distance.
 */
export function retrievalScores(
  embeddings: Matrix,
  labels: LabelArray,
  options: RetrievalOptions = {},
): RetrievalScores {
  const sameSet = options.reference === undefined;
  const query = checkMatrix(METRIC, 'query', embeddings, sameSet ? 2 : 1);
  const queryLabels = checkLabelsFor('query_labels', labels, query.rows);
  const reference = sameSet
    ? query
    : checkMatrix(METRIC, 'reference', options.reference?.embeddings, 1);
  const referenceLabels = sameSet
    ? queryLabels
    : checkLabelsFor('reference_labels', options.reference?.labels, reference.rows);
  checkSameColumns(METRIC, ['query', query], ['reference', reference]);

  const distance = options.distance ?? 'euclidean';
  if (!RETRIEVAL_DISTANCES.includes(distance)) {
    throw new MetricInputError(
      `${METRIC}: distance must be one of ${RETRIEVAL_DISTANCES.join(', ')}, got ${describeValue(distance)}`,
    );
  }
  const candidates = reference.rows - (sameSet ? 1 : 0);
  const k = options.k ?? candidates;
  if (!Number.isSafeInteger(k) || k < 1 || k > candidates) {
    throw new MetricInputError(
      `${METRIC}: k must be an integer in [1, ${candidates}] (the reference items other than the query), got ${describeValue(k)}`,
    );
  }
  const ks = options.ks ?? [1];
  for (const cutoff of ks) {
    if (!Number.isSafeInteger(cutoff) || cutoff < 1 || cutoff > k) {
      throw new MetricInputError(
        `${METRIC}: each of ks must be an integer in [1, k = ${k}], got ${describeValue(cutoff)}`,
      );
    }
  }

  // One code space for both label sets, so that equal labels compare equal.
  const { codes, uniques } = encodeLabels(concatLabels(queryLabels, referenceLabels, sameSet));
  const queryCodes = codes.subarray(0, query.rows);
  const referenceCodes = sameSet ? queryCodes : codes.subarray(query.rows);
  const classCount = new Float64Array(uniques.length);
  for (const code of referenceCodes) classCount[code]++;

  const neighbours = nearestNeighbours(query, reference, k, distance, sameSet);
  const perQuery = {
    precisionAt1: new Float64Array(query.rows),
    rPrecision: new Float64Array(query.rows),
    mapAtR: new Float64Array(query.rows),
    recallAtK: ks.map(() => new Float64Array(query.rows)),
    precisionAtK: ks.map(() => new Float64Array(query.rows)),
  };
  const counted = new Uint8Array(query.rows);
  for (let q = 0; q < query.rows; q++) {
    const label = queryCodes[q];
    const relevant = classCount[label] - (sameSet ? 1 : 0);
    if (relevant <= 0) continue;
    counted[q] = 1;

    const row = neighbours.indices.subarray(q * k, q * k + k);
    perQuery.precisionAt1[q] = referenceCodes[row[0]] === label ? 1 : 0;
    let matches = 0;
    let precisionSum = 0;
    const limit = Math.min(relevant, k);
    for (let i = 0; i < limit; i++) {
      if (referenceCodes[row[i]] === label) {
        matches++;
        precisionSum += matches / (i + 1);
      }
    }
    perQuery.rPrecision[q] = matches / relevant;
    perQuery.mapAtR[q] = precisionSum / relevant;
    ks.forEach((cutoff, index) => {
      let hits = 0;
      for (let i = 0; i < cutoff; i++) {
        if (referenceCodes[row[i]] === label) hits++;
      }
      perQuery.recallAtK[index][q] = hits > 0 ? 1 : 0;
      perQuery.precisionAtK[index][q] = hits / cutoff;
    });
  }

  const average = (values: Float64Array): number =>
    averageCounted(values, counted, queryCodes, options.avgOfAvgs === true);
  const recallAtK: Record<string, number> = {};
  const precisionAtK: Record<string, number> = {};
  ks.forEach((cutoff, index) => {
    recallAtK[String(cutoff)] = average(perQuery.recallAtK[index]);
    precisionAtK[String(cutoff)] = average(perQuery.precisionAtK[index]);
  });
  return {
    precisionAt1: average(perQuery.precisionAt1),
    rPrecision: average(perQuery.rPrecision),
    mapAtR: average(perQuery.mapAtR),
    recallAtK,
    precisionAtK,
  };
}

function checkLabelsFor(argument: string, labels: unknown, rows: number): LabelArray {
  let checked: LabelArray;
  try {
    checked = checkLabels(argument, labels);
  } catch (error) {
    if (error instanceof MetricInputError)
      throw new MetricInputError(`${METRIC}: ${error.message}`);
    throw error;
  }
  if (checked.length !== rows) {
    throw new MetricInputError(
      `${METRIC}: ${argument} must have one label per row of its embeddings (${rows}), got ${checked.length}`,
    );
  }
  return checked;
}

function concatLabels(
  queryLabels: LabelArray,
  referenceLabels: LabelArray,
  sameSet: boolean,
): LabelArray {
  const all = Array.from(queryLabels as ArrayLike<number | string>);
  if (!sameSet) {
    const firstQuery = all[0];
    const firstReference = referenceLabels[0];
    if (
      all.length > 0 &&
      referenceLabels.length > 0 &&
      typeof firstQuery !== typeof firstReference
    ) {
      throw new MetricInputError(
        `${METRIC}: query_labels and reference_labels must both be numbers or both be strings, got ${describeValue(firstQuery)} and ${describeValue(firstReference)}`,
      );
    }
    for (let i = 0; i < referenceLabels.length; i++) all.push(referenceLabels[i]);
  }
  return all as LabelArray;
}

/** Mean over counted queries, or the mean over query classes of the per-class means. */
function averageCounted(
  values: Float64Array,
  counted: Uint8Array,
  classes: Int32Array,
  perClass: boolean,
): number {
  if (!perClass) {
    let sum = 0;
    let count = 0;
    for (let q = 0; q < values.length; q++) {
      if (counted[q] === 1) {
        sum += values[q];
        count++;
      }
    }
    return count === 0 ? Number.NaN : sum / count;
  }
  const sums = new Map<number, [number, number]>();
  for (let q = 0; q < values.length; q++) {
    if (counted[q] !== 1) continue;
    const entry = sums.get(classes[q]) ?? [0, 0];
    entry[0] += values[q];
    entry[1]++;
    sums.set(classes[q], entry);
  }
  if (sums.size === 0) return Number.NaN;
  let total = 0;
  for (const [sum, count] of sums.values()) total += sum / count;
  return total / sums.size;
}
