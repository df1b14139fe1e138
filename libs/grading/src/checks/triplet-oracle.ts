/**
 * The grader's own statement of assignment 5's conventions (assignments/05-triplet-loss/
 * README.md), used as the expected values of its unit checks. The reference solution must agree
 * with it: the reference run scores these checks like any submission.
 *
 * Loss: L = (1/B) Σ_i max(0, d(a_i, p_i) − d(a_i, n_i) + m), d the plain Euclidean distance.
 * Miners work on Euclidean distances of the embeddings as given; ties go to the lower index.
 */

export interface TripletLossExpectation {
  loss: number;
  /** ∂L/∂anchor, ∂L/∂positive, ∂L/∂negative, row-major (B, dim). */
  gradAnchor: Float64Array;
  gradPositive: Float64Array;
  gradNegative: Float64Array;
  /**
   * Whether each row of each gradient is compared: not for a triplet exactly on the margin
   * (the hinge has no derivative there), and not for the rows a zero distance feeds (the
   * direction of a − p is undefined when a = p); those must still be finite.
   */
  compareAnchor: boolean[];
  comparePositive: boolean[];
  compareNegative: boolean[];
}

/** Distance below which two rows count as identical. */
const ZERO_DISTANCE = 1e-9;
/** |hinge| below which a triplet counts as exactly on the margin (float32 inputs). */
const ON_MARGIN = 1e-5;

function rowDistance(
  left: ArrayLike<number>,
  right: ArrayLike<number>,
  row: number,
  dim: number,
): number {
  let squared = 0;
  for (let axis = 0; axis < dim; axis++) {
    squared += (left[row * dim + axis] - right[row * dim + axis]) ** 2;
  }
  return Math.sqrt(squared);
}

export function expectedTripletLoss(
  anchor: ArrayLike<number>,
  positive: ArrayLike<number>,
  negative: ArrayLike<number>,
  dim: number,
  margin: number,
): TripletLossExpectation {
  const count = anchor.length / dim;
  const gradAnchor = new Float64Array(count * dim);
  const gradPositive = new Float64Array(count * dim);
  const gradNegative = new Float64Array(count * dim);
  const compareAnchor: boolean[] = [];
  const comparePositive: boolean[] = [];
  const compareNegative: boolean[] = [];
  let total = 0;
  for (let row = 0; row < count; row++) {
    const toPositive = rowDistance(anchor, positive, row, dim);
    const toNegative = rowDistance(anchor, negative, row, dim);
    const hinge = toPositive - toNegative + margin;
    total += Math.max(0, hinge);
    const onMargin = Math.abs(hinge) < ON_MARGIN;
    const positiveZero = toPositive < ZERO_DISTANCE;
    const negativeZero = toNegative < ZERO_DISTANCE;
    compareAnchor.push(!onMargin && (hinge < 0 || (!positiveZero && !negativeZero)));
    comparePositive.push(!onMargin && (hinge < 0 || !positiveZero));
    compareNegative.push(!onMargin && (hinge < 0 || !negativeZero));
    if (hinge <= 0) continue;
    for (let axis = 0; axis < dim; axis++) {
      const index = row * dim + axis;
      const towardPositive = positiveZero ? 0 : (anchor[index] - positive[index]) / toPositive;
      const towardNegative = negativeZero ? 0 : (anchor[index] - negative[index]) / toNegative;
      gradAnchor[index] = (towardPositive - towardNegative) / count;
      gradPositive[index] = -towardPositive / count;
      gradNegative[index] = towardNegative / count;
    }
  }
  return {
    loss: count === 0 ? 0 : total / count,
    gradAnchor,
    gradPositive,
    gradNegative,
    compareAnchor,
    comparePositive,
    compareNegative,
  };
}

/** Formats a triplet as the set key `anchor,positive,negative`. */
export function tripletKey(anchor: number, positive: number, negative: number): string {
  return `${anchor},${positive},${negative}`;
}

/** (N, N) Euclidean distances of the rows of a row-major (N, dim) array. */
export function pairwiseDistances(embeddings: ArrayLike<number>, dim: number): Float64Array[] {
  const n = embeddings.length / dim;
  return Array.from({ length: n }, (_, i) => {
    const row = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let squared = 0;
      for (let axis = 0; axis < dim; axis++) {
        squared += (embeddings[i * dim + axis] - embeddings[j * dim + axis]) ** 2;
      }
      row[j] = Math.sqrt(squared);
    }
    return row;
  });
}

/** Selects one triplet per anchor: farthest positive, nearest negative, ties to the lower index. */
export function expectedBatchHardTriplets(
  embeddings: ArrayLike<number>,
  labels: ArrayLike<number>,
  dim: number,
): Set<string> {
  const distances = pairwiseDistances(embeddings, dim);
  const triplets = new Set<string>();
  for (let a = 0; a < labels.length; a++) {
    let positive = -1;
    let negative = -1;
    for (let j = 0; j < labels.length; j++) {
      if (j === a) continue;
      if (labels[j] === labels[a]) {
        if (positive < 0 || distances[a][j] > distances[a][positive]) positive = j;
      } else if (negative < 0 || distances[a][j] < distances[a][negative]) {
        negative = j;
      }
    }
    if (positive >= 0 && negative >= 0) triplets.add(tripletKey(a, positive, negative));
  }
  return triplets;
}

/**
 * For each ordered positive pair (a, p), a ≠ p, the nearest negative n with
 * d(a, p) < d(a, n) < d(a, p) + margin, ties to the lower index; no triplet when none exists.
 */
export function expectedSemiHardTriplets(
  embeddings: ArrayLike<number>,
  labels: ArrayLike<number>,
  dim: number,
  margin: number,
): Set<string> {
  const distances = pairwiseDistances(embeddings, dim);
  const triplets = new Set<string>();
  for (let a = 0; a < labels.length; a++) {
    for (let p = 0; p < labels.length; p++) {
      if (p === a || labels[p] !== labels[a]) continue;
      const toPositive = distances[a][p];
      let negative = -1;
      for (let n = 0; n < labels.length; n++) {
        if (labels[n] === labels[a]) continue;
        const toNegative = distances[a][n];
        if (toNegative <= toPositive || toNegative >= toPositive + margin) continue;
        if (negative < 0 || toNegative < distances[a][negative]) negative = n;
      }
      if (negative >= 0) triplets.add(tripletKey(a, p, negative));
    }
  }
  return triplets;
}

/**
 * Distance-weighted sampling (Manmatha, Wu, Smola and Krähenbühl, ICCV 2017): the probability
 * that each sample is drawn as the negative of each anchor. Rows are L2-normalised first;
 * weight ∝ 1 / q(max(d, cutoff)) with q(d) ∝ d^(D−2) (1 − d²/4)^((D−3)/2), over other-class
 * samples with d < nonzeroLossCutoff. A row of zeros marks an anchor that gets no triplet.
 */
export function expectedDistanceWeightedProbabilities(
  embeddings: ArrayLike<number>,
  labels: ArrayLike<number>,
  dim: number,
  cutoff: number,
  nonzeroLossCutoff: number,
): Float64Array[] {
  const n = labels.length;
  const normalized = new Float64Array(n * dim);
  for (let row = 0; row < n; row++) {
    let norm = 0;
    for (let axis = 0; axis < dim; axis++) norm += embeddings[row * dim + axis] ** 2;
    norm = Math.max(Math.sqrt(norm), 1e-12);
    for (let axis = 0; axis < dim; axis++) {
      normalized[row * dim + axis] = embeddings[row * dim + axis] / norm;
    }
  }
  const distances = pairwiseDistances(normalized, dim);
  return distances.map((row, a) => {
    const weights = new Float64Array(n);
    let hasPositive = false;
    for (let j = 0; j < n; j++) {
      if (j !== a && labels[j] === labels[a]) hasPositive = true;
      if (labels[j] === labels[a] || row[j] >= nonzeroLossCutoff) continue;
      const clipped = Math.max(row[j], cutoff);
      const logQ =
        (dim - 2) * Math.log(clipped) +
        ((dim - 3) / 2) * Math.log(Math.max(1 - 0.25 * clipped * clipped, 1e-8));
      weights[j] = Math.exp(-logQ);
    }
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    if (!hasPositive || total === 0) return new Float64Array(n);
    return weights.map((weight) => weight / total);
  });
}
