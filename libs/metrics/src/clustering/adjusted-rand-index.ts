import { contingencyTable, type ContingencyTable } from './contingency';
import type { LabelArray } from '../check-input';

/**
 * Adjusted Rand index (Hubert and Arabie, 1985) of two labellings, as scikit-learn 1.2.1's
 * `adjusted_rand_score` computes it.
 *
 * Definition: over all ordered pairs of distinct samples, let tp count pairs together in both
 * labellings, tn pairs apart in both, fp pairs together only in labels_pred and fn pairs
 * together only in labels_true. Then ARI = 2(tp·tn − fn·fp) / ((tp+fn)(fn+tn) + (tp+fp)(fp+tn)),
 * which is the Rand index corrected for chance under the permutation model.
 *
 * Conventions: labels are arbitrary identifiers, and the noise label -1 is an ordinary cluster.
 * The pair counts are exact integers (doubles up to n = 94,906,265, BigInt beyond), and the
 * products are formed in BigInt, so n = 10^6 does not overflow as int64 code does.
 *
 * Range: [-0.5, 1]. Best value: 1 (identical partitions up to renaming). Random labellings
 * score near 0.
 *
 * Edge cases: when no pair disagrees (fn = fp = 0) the result is 1.0. That covers empty input,
 * both labellings constant, and identical partitions. A constant labels_true against a
 * non-constant labels_pred gives 0.0.
 *
 * @throws MetricInputError when an input is not a labelling or the lengths differ.
 */
export function adjustedRandIndex(labelsTrue: LabelArray, labelsPred: LabelArray): number {
  return adjustedRandIndexFromTable(
    contingencyTable(labelsTrue, labelsPred, 'adjusted_rand_index'),
  );
}

/** ARI from a contingency table; see `adjustedRandIndex`. */
export function adjustedRandIndexFromTable(table: ContingencyTable): number {
  const n = BigInt(table.n);
  const cellSquares = sumOfSquares(table.counts, table.n);
  const rowSquares = sumOfSquares(table.rowSums, table.n);
  const colSquares = sumOfSquares(table.colSums, table.n);

  // The pair confusion matrix, with ordered pairs as scikit-learn counts them.
  const tp = cellSquares - n;
  const fp = colSquares - cellSquares;
  const fn = rowSquares - cellSquares;
  const tn = n * n - fp - fn - cellSquares;
  if (fn === 0n && fp === 0n) {
    return 1.0;
  }

  // Same rounding as Python's `2.0 * int / int`: each exact integer is rounded once to a double.
  const numerator = tp * tn - fn * fp;
  const denominator = (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn);
  return (2.0 * Number(numerator)) / Number(denominator);
}

/** Largest n for which n^2, and so every sum of squared counts, is an exact double. */
const MAX_EXACT_DOUBLE_N = 94_906_265;

/** Sum of squares of integer counts whose total is n, exact in every case. */
function sumOfSquares(counts: Float64Array, n: number): bigint {
  if (n <= MAX_EXACT_DOUBLE_N) {
    let sum = 0;
    for (let i = 0; i < counts.length; i++) {
      sum += counts[i] * counts[i];
    }
    return BigInt(sum);
  }
  let sum = 0n;
  for (let i = 0; i < counts.length; i++) {
    const count = BigInt(counts[i]);
    sum += count * count;
  }
  return sum;
}
