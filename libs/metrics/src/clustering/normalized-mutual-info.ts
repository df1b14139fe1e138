import type { LabelArray } from '../check-input';
import { describeValue } from '../check-input';
import { MetricInputError } from '../errors';
import { contingencyTable } from './contingency';
import { entropyFromCounts } from './entropy';
import { mutualInfoFromTable } from './mutual-info';

/** How NMI averages the two entropies in its denominator. */
export type AverageMethod = 'arithmetic' | 'geometric' | 'min' | 'max';

export const AVERAGE_METHODS: readonly AverageMethod[] = ['arithmetic', 'geometric', 'min', 'max'];

export interface NormalizedMutualInfoOptions {
  /** Default 'arithmetic', as in scikit-learn since 0.22 (before that it was 'geometric'). */
  averageMethod?: AverageMethod;
}

/**
 * Normalised mutual information of two labellings, as scikit-learn 1.2.1's
 * `normalized_mutual_info_score` computes it.
 *
 * Definition: NMI = MI(U, V) / mean(H(U), H(V)), where the mean is the arithmetic mean,
 * geometric mean, minimum or maximum of the two entropies (`averageMethod`). With the
 * arithmetic mean NMI equals the V-measure.
 *
 * Conventions: the log base cancels, so the value has no unit. The noise label -1 is an
 * ordinary label. NMI is symmetric for every average method. It is not adjusted for chance:
 * random labellings with many clusters score above 0.
 *
 * Range: [0, 1], up to rounding in the last bit. Best value: 1 (identical partitions up to
 * renaming).
 *
 * Edge cases: 1.0 when both labellings are constant or both are empty; 0.0 when MI = 0,
 * which includes exactly one of them being constant.
 *
 * @throws MetricInputError when an input is not a labelling, the lengths differ or
 * `averageMethod` is not one of the four methods.
 */
export function normalizedMutualInfo(
  labelsTrue: LabelArray,
  labelsPred: LabelArray,
  options: NormalizedMutualInfoOptions = {},
): number {
  const averageMethod = options.averageMethod ?? 'arithmetic';
  if (!AVERAGE_METHODS.includes(averageMethod)) {
    throw new MetricInputError(
      `normalized_mutual_info: averageMethod must be one of ${AVERAGE_METHODS.join(', ')}, got ${describeValue(averageMethod)}`,
    );
  }
  const table = contingencyTable(labelsTrue, labelsPred, 'normalized_mutual_info');
  const kTrue = table.classes.length;
  const kPred = table.clusters.length;
  if ((kTrue === 1 && kPred === 1) || (kTrue === 0 && kPred === 0)) {
    return 1.0;
  }

  const mi = mutualInfoFromTable(table);
  if (mi === 0) {
    return 0.0;
  }
  const hTrue = entropyFromCounts(table.rowSums);
  const hPred = entropyFromCounts(table.colSums);
  return mi / averageEntropies(hTrue, hPred, averageMethod);
}

/** The mean of two entropies that NMI and AMI divide by. */
export function averageEntropies(hTrue: number, hPred: number, method: AverageMethod): number {
  switch (method) {
    case 'arithmetic':
      return (hTrue + hPred) / 2;
    case 'geometric':
      return Math.sqrt(hTrue * hPred);
    case 'min':
      return Math.min(hTrue, hPred);
    case 'max':
      return Math.max(hTrue, hPred);
  }
}
