import type { LabelArray } from '../check-input';
import { MetricInputError } from '../errors';
import { contingencyTable, type ContingencyTable } from './contingency';

/**
 * Mutual information of two labellings, in nats, as scikit-learn 1.2.1's `mutual_info_score`
 * computes it.
 *
 * Definition: MI = Σ_ij (n_ij / n) · ln(n · n_ij / (a_i · b_j)), where n_ij is the contingency
 * table, a_i its row sums and b_j its column sums.
 *
 * Conventions: natural logarithm (nats); divide by ln 2 for bits. The noise label -1 is an
 * ordinary label. As in scikit-learn, terms smaller than machine epsilon (2^-52) in absolute
 * value are set to 0 and a negative total from rounding is clipped to 0.
 *
 * Range: [0, min(H(labels_true), H(labels_pred))]. It is symmetric and not normalised, so
 * there is no fixed best value. The maximum is reached when one labelling refines the other.
 *
 * Edge cases: 0.0 when either labelling is constant. Empty input is rejected, because the
 * mutual information of zero samples is undefined (scikit-learn 1.2.1 raises a ValueError).
 *
 * @throws MetricInputError when an input is not a labelling, is empty, or the lengths differ.
 */
export function mutualInfo(labelsTrue: LabelArray, labelsPred: LabelArray): number {
  return mutualInfoFromTable(contingencyTable(labelsTrue, labelsPred, 'mutual_info'));
}

/** Mutual information in nats from a contingency table; see `mutualInfo`. */
export function mutualInfoFromTable(table: ContingencyTable): number {
  if (table.n === 0) {
    throw new MetricInputError(
      'mutual_info: labels_true and labels_pred are empty; mutual information needs at least one sample',
    );
  }
  if (table.rowSums.length === 1 || table.colSums.length === 1) {
    return 0.0;
  }

  // The same algebraic form as scikit-learn 1.2.1, so that rounding matches closely.
  const n = table.n;
  const logN = Math.log(n);
  let sum = 0;
  for (let c = 0; c < table.counts.length; c++) {
    const count = table.counts[c];
    const share = count / n;
    const outer = table.rowSums[table.rows[c]] * table.colSums[table.cols[c]];
    const logOuter = -Math.log(outer) + logN + logN;
    const term = share * (Math.log(count) - logN) + share * logOuter;
    if (Math.abs(term) >= Number.EPSILON) {
      sum += term;
    }
  }
  return Math.max(sum, 0.0);
}
