/**
 * Retrieval quality of embeddings, leave-one-out over the scored set.
 *
 * TODO: switch to the recall@k and MAP@R of libs/metrics once they are exported from
 * libs/metrics/src/index.ts; this exact version exists only until then.
 *
 * Conventions (as in Musgrave et al., "A Metric Learning Reality Check", ECCV 2020): Euclidean
 * distance; a query is never its own neighbour (excluded by index, so a duplicate row still
 * counts); ties in distance go to the lower index; a query whose class has no other member is
 * left out of every mean.
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
  const maxK = Math.max(0, ...ks);
  const hits = new Map(ks.map((k) => [k, 0]));
  let precisionSum = 0;
  let queries = 0;
  const distances = new Float64Array(n);
  const order: number[] = [];

  for (let query = 0; query < n; query++) {
    const relevant = (classSize.get(labels[query]) ?? 1) - 1;
    if (relevant === 0) continue;
    queries++;
    order.length = 0;
    for (let other = 0; other < n; other++) {
      if (other === query) continue;
      let sum = 0;
      for (let axis = 0; axis < dim; axis++) {
        const delta = embeddings[query * dim + axis] - embeddings[other * dim + axis];
        sum += delta * delta;
      }
      distances[other] = sum;
      order.push(other);
    }
    // Squared distances order the same as distances; ties go to the lower index.
    order.sort((a, b) => distances[a] - distances[b] || a - b);

    let firstHit = Infinity;
    let found = 0;
    let precision = 0;
    const depth = Math.max(relevant, maxK);
    for (let rank = 0; rank < Math.min(depth, order.length); rank++) {
      if (labels[order[rank]] !== labels[query]) continue;
      firstHit = Math.min(firstHit, rank);
      if (rank < relevant) {
        found++;
        precision += found / (rank + 1);
      }
    }
    precisionSum += precision / relevant;
    for (const k of ks) if (firstHit < k) hits.set(k, (hits.get(k) ?? 0) + 1);
  }

  const recallAt = new Map(ks.map((k) => [k, queries ? (hits.get(k) ?? 0) / queries : 0]));
  return { recallAt, mapAtR: queries ? precisionSum / queries : 0, queries };
}
