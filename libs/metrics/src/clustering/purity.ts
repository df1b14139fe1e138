import type { LabelArray } from '../check-input';
import { MetricInputError } from '../errors';
import { contingencyTable } from './contingency';

/**
 * Purity of a clustering against the true classes (Manning, Raghavan and Schütze,
 * Introduction to Information Retrieval, 2008, section 16.3).
 *
 * Definition: purity = (1/N) Σ_clusters max_class |cluster ∩ class|, the share of samples
 * that belong to the majority class of their cluster.
 *
 * Conventions: not symmetric, because labels_pred defines the clusters. The noise label -1 is
 * an ordinary cluster. Purity rewards over-segmentation: all singletons score 1.
 *
 * Range: (0, 1]. Best value: 1.
 *
 * @throws MetricInputError when an input is not a labelling, is empty, or the lengths differ.
 */
export function purity(labelsTrue: LabelArray, labelsPred: LabelArray): number {
  const table = contingencyTable(labelsTrue, labelsPred, 'purity');
  if (table.n === 0) {
    throw new MetricInputError(
      'purity: labels_true and labels_pred are empty; purity needs at least one sample',
    );
  }
  const majority = new Float64Array(table.clusters.length);
  for (let c = 0; c < table.counts.length; c++) {
    const cluster = table.cols[c];
    majority[cluster] = Math.max(majority[cluster], table.counts[c]);
  }
  let sum = 0;
  for (const count of majority) sum += count;
  return sum / table.n;
}
