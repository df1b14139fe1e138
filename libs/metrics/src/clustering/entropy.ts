import { checkLabels, type LabelArray } from '../check-input';
import { MetricInputError } from '../errors';
import { encodeLabels } from './encode-labels';

/**
 * Shannon entropy of a labelling, in nats, as scikit-learn 1.2.1's
 * `sklearn.metrics.cluster.entropy` computes it.
 *
 * Definition: H = −Σ_k p_k ln p_k with p_k = n_k / n, the share of samples with label k.
 *
 * Conventions: natural logarithm (nats); the noise label -1 is an ordinary label.
 *
 * Range: [0, ln k] for k distinct labels. A constant labelling has entropy 0.
 *
 * Edge cases: empty input returns 1.0, as scikit-learn 1.2.1 does. The value is used only
 * where both labellings are empty, and NMI returns 1.0 before it is needed there.
 *
 * @throws MetricInputError when `labels` is not a labelling.
 */
export function entropy(labels: LabelArray): number {
  const checked = checkLabels('labels', labels);
  if (checked.length === 0) {
    return 1.0;
  }
  const { codes, uniques } = encodeLabels(checked);
  const counts = new Float64Array(uniques.length);
  for (let i = 0; i < codes.length; i++) {
    counts[codes[i]]++;
  }
  return entropyFromCounts(counts);
}

/** Entropy in nats of the distribution given by positive counts; see `entropy`. */
export function entropyFromCounts(counts: Float64Array): number {
  if (counts.length === 1) {
    return 0.0;
  }
  let total = 0;
  for (let k = 0; k < counts.length; k++) {
    if (!(counts[k] > 0)) {
      throw new MetricInputError(`counts[${k}] must be positive, got ${counts[k]}`);
    }
    total += counts[k];
  }
  // ln(a / b) is taken as ln a − ln b, as scikit-learn does, to keep precision for small shares.
  const logTotal = Math.log(total);
  let sum = 0;
  for (let k = 0; k < counts.length; k++) {
    sum += (counts[k] / total) * (Math.log(counts[k]) - logTotal);
  }
  return -sum;
}
