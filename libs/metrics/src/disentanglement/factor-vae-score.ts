import { describeValue } from '../check-input';
import { MetricInputError } from '../errors';
import { checkMatrix, type Matrix } from '../matrix';

const METRIC = 'factor_vae';

/** A batch of representations sampled with one factor held fixed. */
export interface FixedFactorBatch {
  factorIndex: number;
  representations: Matrix;
}

export interface FactorVaeOptions {
  numFactors: number;
  /** Dimensions whose global standard deviation is below this are pruned; default 0.05. */
  pruneThreshold?: number;
  /** Delta degrees of freedom of the variances; default 1. */
  varianceDdof?: number;
}

export interface FactorVaeScore {
  trainAccuracy: number;
  evalAccuracy: number;
  /** Dimensions kept after pruning. */
  numActiveDims: number;
}

/**
 * FactorVAE score (Kim and Mnih, ICML 2018), as disentanglement_lib's `factor_vae.py` computes
 * it from given batches.
 *
 * Definition: each batch votes for the pair (its fixed factor, the dimension d with the
 * smallest local variance / global variance among the active dimensions). The classifier maps
 * each dimension to the factor with most training votes (ties to the lower factor), and the
 * accuracy of a set of votes is Σ_d votes[classifier(d), d] / Σ votes.
 *
 * Conventions: variances with ddof 1 by default; dimensions with global standard deviation
 * below `pruneThreshold` are inactive (the study configurations use 0.05; disentanglement_lib's
 * code default 0 prunes nothing). The argmin over active dimensions is mapped back to the full
 * dimension index; ties go to the lower index.
 *
 * Range: [0, 1]. Best value: 1.
 *
 * Edge cases: when every dimension is pruned, both accuracies are 0.
 *
 * @throws MetricInputError when a batch has fewer than 2 rows, dimensions differ, a factor
 * index is outside [0, numFactors), a value is not finite, or there are no batches.
 */
export function factorVaeScore(
  globalRepresentations: Matrix,
  trainBatches: readonly FixedFactorBatch[],
  evalBatches: readonly FixedFactorBatch[],
  options: FactorVaeOptions,
): FactorVaeScore {
  const global = checkMatrix(METRIC, 'global_representations', globalRepresentations, 2);
  const ddof = options.varianceDdof ?? 1;
  const threshold = options.pruneThreshold ?? 0.05;
  const numFactors = options.numFactors;
  if (!Number.isSafeInteger(numFactors) || numFactors < 1) {
    throw new MetricInputError(
      `${METRIC}: num_factors must be a positive integer, got ${describeValue(numFactors)}`,
    );
  }
  if (!Number.isSafeInteger(ddof) || ddof < 0 || ddof >= global.rows) {
    throw new MetricInputError(
      `${METRIC}: variance_ddof must be an integer in [0, ${global.rows - 1}], got ${describeValue(ddof)}`,
    );
  }
  const dims = global.cols;
  const globalVariance = variances(global, ddof);
  const active = Array.from(globalVariance, (variance) => Math.sqrt(variance) >= threshold);
  const numActiveDims = active.filter(Boolean).length;
  if (numActiveDims === 0) {
    return { trainAccuracy: 0, evalAccuracy: 0, numActiveDims: 0 };
  }

  const votesOf = (batches: readonly FixedFactorBatch[], argument: string): Float64Array => {
    if (batches.length === 0) {
      throw new MetricInputError(`${METRIC}: ${argument} must contain at least one batch`);
    }
    const votes = new Float64Array(numFactors * dims);
    batches.forEach((batch, b) => {
      const factor = batch.factorIndex;
      if (!Number.isSafeInteger(factor) || factor < 0 || factor >= numFactors) {
        throw new MetricInputError(
          `${METRIC}: ${argument}[${b}].factor_index must be an integer in [0, ${numFactors - 1}], got ${describeValue(factor)}`,
        );
      }
      const representations = checkMatrix(
        METRIC,
        `${argument}[${b}].representations`,
        batch.representations,
        ddof + 1,
      );
      if (representations.cols !== dims) {
        throw new MetricInputError(
          `${METRIC}: ${argument}[${b}].representations must have ${dims} columns, got ${representations.cols}`,
        );
      }
      const local = variances(representations, ddof);
      let best = -1;
      let bestRatio = Infinity;
      for (let d = 0; d < dims; d++) {
        if (!active[d]) continue;
        const ratio = local[d] / globalVariance[d];
        if (ratio < bestRatio) {
          bestRatio = ratio;
          best = d;
        }
      }
      votes[factor * dims + best]++;
    });
    return votes;
  };

  const trainVotes = votesOf(trainBatches, 'train_batches');
  const evalVotes = votesOf(evalBatches, 'eval_batches');
  const classifier = Array.from({ length: dims }, (_, d) => {
    let best = 0;
    for (let f = 1; f < numFactors; f++) {
      if (trainVotes[f * dims + d] > trainVotes[best * dims + d]) best = f;
    }
    return best;
  });
  const accuracy = (votes: Float64Array): number => {
    let correct = 0;
    let total = 0;
    for (let d = 0; d < dims; d++) correct += votes[classifier[d] * dims + d];
    for (const vote of votes) total += vote;
    return correct / total;
  };
  return { trainAccuracy: accuracy(trainVotes), evalAccuracy: accuracy(evalVotes), numActiveDims };
}

function variances(matrix: Matrix, ddof: number): Float64Array {
  const { data, rows, cols } = matrix;
  const out = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += data[i * cols + j];
    mean /= rows;
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += (data[i * cols + j] - mean) ** 2;
    out[j] = sum / (rows - ddof);
  }
  return out;
}
