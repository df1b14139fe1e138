/**
 * Multinomial logistic regression with an L2 penalty on the weights (not the intercepts), the
 * objective of scikit-learn's `LogisticRegression(C=1)`: ½‖W‖² + C·Σ_i −ln softmax(W x_i + b)_{y_i}.
 * It is minimised by gradient descent with step 1/L from a Lipschitz bound of the gradient, so
 * the fit is deterministic. It stops when the gradient norm is below 1e-8 or after
 * `maxIterations` steps.
 *
 * NOTE: agreement with scikit-learn's lbfgs fit is checked only on the beta-VAE cases, whose
 * accuracies do not depend on the classifier; near a decision boundary the two fits can differ.
 */
export interface LogisticModel {
  predict(x: Float64Array): number;
}

export function fitLogisticRegression(
  features: Float64Array[],
  classes: Int32Array,
  classCount: number,
  c = 1,
  maxIterations = 20_000,
): LogisticModel {
  const n = features.length;
  const d = n > 0 ? features[0].length : 0;
  const width = d + 1;
  const weights = new Float64Array(classCount * width);
  let bound = 0;
  for (const x of features) {
    let squared = 1;
    for (const value of x) squared += value * value;
    bound += squared;
  }
  const step = 1 / (1 + c * bound);
  const gradient = new Float64Array(weights.length);
  const scores = new Float64Array(classCount);

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    gradient.fill(0);
    for (let k = 0; k < classCount; k++) {
      for (let j = 0; j < d; j++) gradient[k * width + j] = weights[k * width + j];
    }
    for (let i = 0; i < n; i++) {
      softmax(weights, features[i], classCount, width, scores);
      for (let k = 0; k < classCount; k++) {
        const error = c * (scores[k] - (classes[i] === k ? 1 : 0));
        for (let j = 0; j < d; j++) gradient[k * width + j] += error * features[i][j];
        gradient[k * width + d] += error;
      }
    }
    let norm = 0;
    for (const value of gradient) norm += value * value;
    if (Math.sqrt(norm) < 1e-8) break;
    for (let t = 0; t < weights.length; t++) weights[t] -= step * gradient[t];
  }

  return {
    predict(x: Float64Array): number {
      softmax(weights, x, classCount, width, scores);
      let best = 0;
      for (let k = 1; k < classCount; k++) if (scores[k] > scores[best]) best = k;
      return best;
    },
  };
}

function softmax(
  weights: Float64Array,
  x: Float64Array,
  classCount: number,
  width: number,
  out: Float64Array,
): void {
  const d = width - 1;
  let max = -Infinity;
  for (let k = 0; k < classCount; k++) {
    let z = weights[k * width + d];
    for (let j = 0; j < d; j++) z += weights[k * width + j] * x[j];
    out[k] = z;
    max = Math.max(max, z);
  }
  let sum = 0;
  for (let k = 0; k < classCount; k++) {
    out[k] = Math.exp(out[k] - max);
    sum += out[k];
  }
  for (let k = 0; k < classCount; k++) out[k] /= sum;
}
