/**
 * The grader's own statement of assignment 4's conventions (assignments/04-contrastive-loss/
 * README.md), used as the expected values of its unit checks. The reference solution must agree
 * with it: the reference run scores these checks like any submission.
 *
 * Loss: d_i = ||a_i − b_i||₂ (plain Euclidean distance),
 * L = (1/B) Σ_i [ s_i d_i² + (1 − s_i) max(0, m − d_i)² ] with s_i = 1 for a same-class pair.
 */

export interface PairLossExpectation {
  loss: number;
  /** ∂L/∂a, row-major (B, dim); ∂L/∂b is its negative. */
  gradA: Float64Array;
  /**
   * Whether each row's gradient is defined: a different-class pair at distance 0 has no
   * direction to push along, so its gradient is not compared (it must still be finite).
   */
  gradientDefined: boolean[];
}

/** Distance below which a pair counts as identical, for the gradient exemption above. */
const ZERO_DISTANCE = 1e-9;

export function expectedContrastive(
  embA: ArrayLike<number>,
  embB: ArrayLike<number>,
  same: ArrayLike<number>,
  dim: number,
  margin: number,
): PairLossExpectation {
  const pairs = same.length;
  const gradA = new Float64Array(pairs * dim);
  const gradientDefined: boolean[] = [];
  let total = 0;
  for (let pair = 0; pair < pairs; pair++) {
    let squared = 0;
    for (let axis = 0; axis < dim; axis++) {
      squared += (embA[pair * dim + axis] - embB[pair * dim + axis]) ** 2;
    }
    const distance = Math.sqrt(squared);
    const positive = same[pair] === 1;
    const hinge = Math.max(0, margin - distance);
    total += positive ? squared : hinge * hinge;
    gradientDefined.push(positive || distance > ZERO_DISTANCE);
    for (let axis = 0; axis < dim; axis++) {
      const delta = embA[pair * dim + axis] - embB[pair * dim + axis];
      const derivative = positive
        ? 2 * delta
        : distance > ZERO_DISTANCE
          ? (-2 * hinge * delta) / distance
          : 0;
      gradA[pair * dim + axis] = derivative / pairs;
    }
  }
  return { loss: total / pairs, gradA, gradientDefined };
}

/** A mined pair as `min,max,same`, so (i, j) and (j, i) are one pair. */
export function pairKey(a: number, b: number, same: number): string {
  return `${Math.min(a, b)},${Math.max(a, b)},${same}`;
}

/** Every unordered pair i < j, labelled 1 when the classes agree. */
export function expectedAllPairs(labels: ArrayLike<number>): Set<string> {
  const pairs = new Set<string>();
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      pairs.add(pairKey(i, j, labels[i] === labels[j] ? 1 : 0));
    }
  }
  return pairs;
}

/**
 * Every positive pair i < j, plus for each anchor its nearest sample of another class (ties to
 * the lower index), in Euclidean distance.
 */
export function expectedHardNegativePairs(
  embeddings: ArrayLike<number>,
  labels: ArrayLike<number>,
  dim: number,
): Set<string> {
  const n = labels.length;
  const pairs = new Set<string>();
  for (let i = 0; i < n; i++) {
    let nearest = -1;
    let nearestDistance = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      if (labels[i] === labels[j]) {
        pairs.add(pairKey(i, j, 1));
        continue;
      }
      let squared = 0;
      for (let axis = 0; axis < dim; axis++) {
        squared += (embeddings[i * dim + axis] - embeddings[j * dim + axis]) ** 2;
      }
      if (squared < nearestDistance) {
        nearestDistance = squared;
        nearest = j;
      }
    }
    if (nearest >= 0) pairs.add(pairKey(i, nearest, 0));
  }
  return pairs;
}
