import { retrievalScores as metricsRetrievalScores } from '@dmlg/metrics';

/**
 * Retrieval quality of embeddings, leave-one-out over the scored set, in the shape the
 * retrieval checks read; the numbers come from `retrievalScores` of @dmlg/metrics.
 *
 * Conventions (as in Musgrave et al., "A Metric Learning Reality Check", ECCV 2020): Euclidean
 * distance; a query is never its own neighbour (excluded by index, so a duplicate row still
 * counts); ties in distance go to the lower index; a query whose class has no other member is
 * left out of every mean. MAP@R looks at all R neighbours however small the largest k is.
 */
export interface RetrievalScores {
  /** recall@k for each requested k: the fraction of queries with a same-class sample among their k nearest. */
  recallAt: Map<number, number>;
  /** Mean over queries of average precision over the R nearest, R = size of the query's class - 1. */
  mapAtR: number;
  /** Queries counted (those whose class has at least two members). */
  queries: number;
}

/**
 * @param embeddings row-major (n, dim)
 * @param labels class of each row
 * @param ks the k of each recall@k, each >= 1
 * @returns every score 0 when no query has a class peer (where @dmlg/metrics gives NaN)
 */
export function retrievalScores(
  embeddings: Float64Array,
  n: number,
  dim: number,
  labels: ArrayLike<number>,
  ks: readonly number[],
): RetrievalScores {
  if (embeddings.length !== n * dim || labels.length !== n) {
    throw new Error(
      `retrieval: embeddings have ${embeddings.length} values and labels ${labels.length}, expected ${n} × ${dim} and ${n}`,
    );
  }
  const classSize = new Map<number, number>();
  for (let index = 0; index < n; index++) {
    classSize.set(labels[index], (classSize.get(labels[index]) ?? 0) + 1);
  }
  let queries = 0;
  let largestR = 0;
  for (let index = 0; index < n; index++) {
    const relevant = (classSize.get(labels[index]) ?? 1) - 1;
    if (relevant > 0) queries++;
    largestR = Math.max(largestR, relevant);
  }
  if (queries === 0) {
    return { recallAt: new Map(ks.map((k) => [k, 0])), mapAtR: 0, queries };
  }
  // Enough neighbours for every cut-off and for the R of the largest class, within the n − 1
  // candidates that a query has.
  const k = Math.min(n - 1, Math.max(largestR, ...ks));
  const scores = metricsRetrievalScores({ data: embeddings, rows: n, cols: dim }, labels, {
    k,
    ks: ks.map((cutoff) => Math.min(cutoff, k)),
  });
  const recallAt = new Map(ks.map((cutoff) => [cutoff, scores.recallAtK[String(Math.min(cutoff, k))]])); // prettier-ignore
  return { recallAt, mapAtR: scores.mapAtR, queries };
}
