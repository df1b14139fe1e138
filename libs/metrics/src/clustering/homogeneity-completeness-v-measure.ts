import { describeValue, type LabelArray } from '../check-input';
import { MetricInputError } from '../errors';
import { contingencyTable } from './contingency';
import { entropyFromCounts } from './entropy';
import { mutualInfoFromTable } from './mutual-info';

export interface HomogeneityCompletenessVMeasure {
  homogeneity: number;
  completeness: number;
  vMeasure: number;
}

/**
 * Homogeneity, completeness and V-measure of a clustering (Rosenberg and Hirschberg, EMNLP
 * 2007), as scikit-learn 1.2.1's `homogeneity_completeness_v_measure` computes them.
 *
 * Definition: h = MI / H(labels_true) (each cluster holds one class), c = MI / H(labels_pred)
 * (each class sits in one cluster), and V = (1 + β)·h·c / (β·h + c). β > 1 weights
 * completeness more, β < 1 homogeneity; with β = 1, V equals NMI with the arithmetic mean.
 *
 * Conventions: the log base cancels. The noise label -1 is an ordinary label. The measures are
 * not symmetric: swapping the arguments swaps h and c.
 *
 * Range: each in [0, 1]. Best value: 1.
 *
 * Edge cases: h = 1 when H(labels_true) = 0; c = 1 when H(labels_pred) = 0; V = 0 when
 * h + c = 0; all three are 1 for empty input.
 *
 * @throws MetricInputError when an input is not a labelling, the lengths differ, or β is not
 * a positive finite number.
 */
export function homogeneityCompletenessVMeasure(
  labelsTrue: LabelArray,
  labelsPred: LabelArray,
  beta = 1.0,
): HomogeneityCompletenessVMeasure {
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta <= 0) {
    throw new MetricInputError(
      `homogeneity_completeness_v_measure: beta must be a positive finite number, got ${describeValue(beta)}`,
    );
  }
  const table = contingencyTable(labelsTrue, labelsPred, 'homogeneity_completeness_v_measure');
  if (table.n === 0) {
    return { homogeneity: 1.0, completeness: 1.0, vMeasure: 1.0 };
  }
  const hTrue = entropyFromCounts(table.rowSums);
  const hPred = entropyFromCounts(table.colSums);
  const mi = mutualInfoFromTable(table);
  const homogeneity = hTrue !== 0 ? mi / hTrue : 1.0;
  const completeness = hPred !== 0 ? mi / hPred : 1.0;
  const vMeasure =
    homogeneity + completeness === 0
      ? 0.0
      : ((1 + beta) * homogeneity * completeness) / (beta * homogeneity + completeness);
  return { homogeneity, completeness, vMeasure };
}
