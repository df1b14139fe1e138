import { describeValue, type LabelArray } from '../check-input';
import { MetricInputError } from '../errors';
import { contingencyTable } from './contingency';
import { entropyFromCounts } from './entropy';
import { expectedMutualInfo } from './expected-mutual-info';
import { mutualInfoFromTable } from './mutual-info';
import { AVERAGE_METHODS, averageEntropies, type AverageMethod } from './normalized-mutual-info';

export interface AdjustedMutualInfoOptions {
  /** Default 'arithmetic', as in scikit-learn since 0.22 (before that it was 'max'). */
  averageMethod?: AverageMethod;
}

/**
 * Adjusted mutual information of two labellings (Vinh, Epps and Bailey, JMLR 11, 2010), as
 * scikit-learn computes `adjusted_mutual_info_score`, with the zero guard of scikit-learn 1.7.
 *
 * Definition: AMI = (MI − E[MI]) / (mean(H(U), H(V)) − E[MI]), with MI and the entropies in
 * nats and E[MI] the exact expected mutual information under the permutation model. The mean
 * is arithmetic, geometric, min or max (`averageMethod`).
 *
 * Conventions: the log base cancels. The noise label -1 is an ordinary label. The numerator
 * and the denominator are each moved away from 0 to ±2^-52 with their sign kept, so identical
 * partitions give 1.0 even where E[MI] equals MI. scikit-learn 1.2.1 guards only the
 * denominator, and returns 0.0 for AMI([0, 1], [0, 1]).
 *
 * Range: up to 1, and negative when the agreement is worse than chance. Best value: 1.
 *
 * Edge cases: 1.0 when both labellings are constant or both are empty.
 *
 * @throws MetricInputError when an input is not a labelling, the lengths differ or
 * `averageMethod` is unknown.
 */
export function adjustedMutualInfo(
  labelsTrue: LabelArray,
  labelsPred: LabelArray,
  options: AdjustedMutualInfoOptions = {},
): number {
  const averageMethod = options.averageMethod ?? 'arithmetic';
  if (!AVERAGE_METHODS.includes(averageMethod)) {
    throw new MetricInputError(
      `adjusted_mutual_info: averageMethod must be one of ${AVERAGE_METHODS.join(', ')}, got ${describeValue(averageMethod)}`,
    );
  }
  const table = contingencyTable(labelsTrue, labelsPred, 'adjusted_mutual_info');
  const kTrue = table.classes.length;
  const kPred = table.clusters.length;
  if ((kTrue === 1 && kPred === 1) || (kTrue === 0 && kPred === 0)) {
    return 1.0;
  }

  const mi = mutualInfoFromTable(table);
  const emi = expectedMutualInfo(table);
  const normalizer = averageEntropies(
    entropyFromCounts(table.rowSums),
    entropyFromCounts(table.colSums),
    averageMethod,
  );
  return awayFromZero(mi - emi) / awayFromZero(normalizer - emi);
}

function awayFromZero(value: number): number {
  return value < 0 ? Math.min(value, -Number.EPSILON) : Math.max(value, Number.EPSILON);
}
