import { describeValue } from '../check-input';
import { MetricInputError } from '../errors';
import { checkMatrix, type Matrix } from '../matrix';
import { fitLogisticRegression } from './logistic-regression';

const METRIC = 'beta_vae';

/** One training point: L pairs of codes that share the factor `factorIndex`. */
export interface BetaVaePoint {
  factorIndex: number;
  z1: Matrix;
  z2: Matrix;
}

export interface BetaVaeScore {
  /** One feature vector per training point. */
  trainFeatures: Float64Array[];
  trainAccuracy: number;
  evalAccuracy: number;
}

/**
 * beta-VAE score (Higgins et al., ICLR 2017) from given pairs, as disentanglement_lib's
 * `beta_vae.py` forms its points.
 *
 * Definition: each point's feature is the element-wise mean over its L pairs of |z1 − z2|;
 * a linear classifier predicts the fixed factor from the feature, and the score is its
 * accuracy on the training and evaluation points.
 *
 * Conventions: the classifier is multinomial logistic regression with C = 1 (see
 * `fitLogisticRegression`), as scikit-learn's default `LogisticRegression`. Factor indices are
 * the classes.
 *
 * Range: [0, 1]. Best value: 1. A classifier on uninformative features reaches the share of
 * the majority factor.
 *
 * @throws MetricInputError when there are no points, shapes differ, a value is not finite, or
 * a factor index is not a non-negative integer.
 */
export function betaVaeScore(
  trainPoints: readonly BetaVaePoint[],
  evalPoints: readonly BetaVaePoint[],
): BetaVaeScore {
  const train = featuresOf(trainPoints, 'train_points');
  const evaluation = featuresOf(evalPoints, 'eval_points');
  if (train.features[0].length !== evaluation.features[0].length) {
    throw new MetricInputError(
      `${METRIC}: eval_points codes must have ${train.features[0].length} columns like train_points, got ${evaluation.features[0].length}`,
    );
  }
  const classCount = Math.max(...train.classes, ...evaluation.classes) + 1;
  const model = fitLogisticRegression(train.features, train.classes, classCount);
  const accuracy = (set: { features: Float64Array[]; classes: Int32Array }): number => {
    let correct = 0;
    set.features.forEach((x, i) => {
      if (model.predict(x) === set.classes[i]) correct++;
    });
    return correct / set.features.length;
  };
  return {
    trainFeatures: train.features,
    trainAccuracy: accuracy(train),
    evalAccuracy: accuracy(evaluation),
  };
}

function featuresOf(
  points: readonly BetaVaePoint[],
  argument: string,
): { features: Float64Array[]; classes: Int32Array } {
  if (!Array.isArray(points) || points.length === 0) {
    throw new MetricInputError(
      `${METRIC}: ${argument} must be a non-empty array of points, got ${describeValue(points)}`,
    );
  }
  const classes = new Int32Array(points.length);
  const features = points.map((point, p) => {
    const factor = point.factorIndex;
    if (!Number.isSafeInteger(factor) || factor < 0) {
      throw new MetricInputError(
        `${METRIC}: ${argument}[${p}].factor_index must be a non-negative integer, got ${describeValue(factor)}`,
      );
    }
    classes[p] = factor;
    const z1 = checkMatrix(METRIC, `${argument}[${p}].z1`, point.z1, 1);
    const z2 = checkMatrix(METRIC, `${argument}[${p}].z2`, point.z2, 1);
    if (z1.rows !== z2.rows || z1.cols !== z2.cols) {
      throw new MetricInputError(
        `${METRIC}: ${argument}[${p}].z2 must have the shape of z1 (${z1.rows}×${z1.cols}), got ${z2.rows}×${z2.cols}`,
      );
    }
    const feature = new Float64Array(z1.cols);
    for (let i = 0; i < z1.rows; i++) {
      for (let j = 0; j < z1.cols; j++)
        feature[j] += Math.abs(z1.data[i * z1.cols + j] - z2.data[i * z1.cols + j]);
    }
    return feature.map((value) => value / z1.rows);
  });
  return { features, classes };
}
