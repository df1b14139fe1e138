import type { Dataset } from '@dmlg/datasets';
import type { CheckMetric, MetricContext } from './check-metric';
import { principalComponents } from './linear-algebra';

/**
 * Check metric of NCA (assignment 1): accuracy of a k-nearest-neighbour classifier in the learned
 * space. The data set is a split (e.g. the `digits-split` source): the public inputs `X_train`
 * and `y_train` are what the student's NCA is fitted on, and the Dataset's own `X` and `y` are the
 * held-out features and their hidden labels. The task saves `Z_train = transform(X_train)` and
 * `Z_test = transform(X)`.
 */

/** Neighbours that vote; 5 is scikit-learn's default for KNeighborsClassifier. */
export const KNN_NEIGHBOURS = 5;

/**
 * Fraction of `testLabels` predicted correctly by a majority vote of the `neighbours` nearest
 * training rows (Euclidean). Distance ties go to the lower training index, vote ties to the
 * smaller label, so the result is deterministic.
 */
export function knnAccuracy(
  train: ArrayLike<number>,
  trainLabels: ArrayLike<number>,
  test: ArrayLike<number>,
  testLabels: ArrayLike<number>,
  dimension: number,
  neighbours = KNN_NEIGHBOURS,
): number {
  const nTrain = trainLabels.length;
  const nTest = testLabels.length;
  const k = Math.min(neighbours, nTrain);
  const distances = new Float64Array(nTrain);
  const order = new Int32Array(nTrain);
  let correct = 0;
  for (let t = 0; t < nTest; t++) {
    for (let r = 0; r < nTrain; r++) {
      let sum = 0;
      for (let j = 0; j < dimension; j++) {
        const diff = test[t * dimension + j] - train[r * dimension + j];
        sum += diff * diff;
      }
      distances[r] = sum;
      order[r] = r;
    }
    // Partial selection of the k nearest: k is tiny, so k passes over the rows suffice.
    const votes = new Map<number, number>();
    for (let chosen = 0; chosen < k; chosen++) {
      let best = chosen;
      for (let r = chosen + 1; r < nTrain; r++) {
        const a = order[r];
        const b = order[best];
        if (distances[a] < distances[b] || (distances[a] === distances[b] && a < b)) best = r;
      }
      [order[chosen], order[best]] = [order[best], order[chosen]];
      const label = trainLabels[order[chosen]];
      votes.set(label, (votes.get(label) ?? 0) + 1);
    }
    let predicted = Infinity;
    let most = -1;
    for (const [label, count] of votes) {
      if (count > most || (count === most && label < predicted)) {
        predicted = label;
        most = count;
      }
    }
    if (predicted === testLabels[t]) correct++;
  }
  return nTest > 0 ? correct / nTest : 0;
}

function trainingSplit(dataset: Dataset): {
  X: ArrayLike<number>;
  y: ArrayLike<number>;
  n: number;
} {
  const X = dataset.inputs?.X_train;
  const y = dataset.inputs?.y_train;
  if (!X || !y) {
    throw new Error(
      `data set ${dataset.id} has no X_train and y_train inputs; NCA checks need a split source such as digits-split`,
    );
  }
  return { X: X.data, y: y.data, n: y.shape[0] };
}

function componentCount(context: Omit<MetricContext, 'outputs'>): number {
  const k = context.task.call.init.n_components;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
    throw new Error(
      `task ${context.task.id}: call.init.n_components must be a positive integer, got ${String(k)}`,
    );
  }
  return k;
}

const pcaBaselines = new WeakMap<Dataset, Map<number, number>>();

/** kNN accuracy after projecting on the first k principal components of the training split. */
function pcaKnnAccuracy(dataset: Dataset, k: number): number {
  const perK = pcaBaselines.get(dataset) ?? new Map<number, number>();
  pcaBaselines.set(dataset, perK);
  const cached = perK.get(k);
  if (cached !== undefined) return cached;
  const train = trainingSplit(dataset);
  const d = dataset.d;
  const pca = principalComponents(train.X, train.n, d, k);
  const project = (X: ArrayLike<number>, n: number): Float64Array => {
    const Z = new Float64Array(n * k);
    for (let row = 0; row < n; row++) {
      for (let c = 0; c < k; c++) {
        let sum = 0;
        for (let j = 0; j < d; j++)
          sum += (X[row * d + j] - pca.mean[j]) * pca.components[c * d + j];
        Z[row * k + c] = sum;
      }
    }
    return Z;
  };
  const accuracy = knnAccuracy(
    project(train.X, train.n),
    train.y,
    project(dataset.X, dataset.n),
    dataset.y,
    k,
  );
  perK.set(k, accuracy);
  return accuracy;
}

export const ncaKnnAccuracyMetric: CheckMetric = {
  name: 'nca-knn-accuracy',
  label: {
    en: `${KNN_NEIGHBOURS}-nearest-neighbour accuracy on held-out data`,
    lv: `${KNN_NEIGHBOURS} tuvāko kaimiņu precizitāte uz atliktajiem datiem`,
  },
  higherIsBetter: true,
  baselineLabel: { en: 'PCA to the same dimension', lv: 'PCA uz to pašu dimensiju' },
  requires: ['Z_train', 'Z_test'],
  measure: (context) => {
    const train = trainingSplit(context.dataset);
    const zTrain = context.outputs.get('Z_train');
    const zTest = context.outputs.get('Z_test');
    if (!zTrain || !zTest) throw new Error(`task ${context.task.id} has no Z_train or Z_test`);
    return knnAccuracy(zTrain.data, train.y, zTest.data, context.dataset.y, zTrain.shape[1] ?? 1);
  },
  baseline: (context) => pcaKnnAccuracy(context.dataset, componentCount(context)),
  advice: {
    en: 'Neighbours in your learned space classify little or no better than in the PCA space of the same dimension, so the NCA objective is not being maximised. Check p_ij = softmax over j of −|A x_i − A x_j|² with p_ii = 0: each ROW i must sum to 1 (normalise over the candidate neighbours j, axis=1, not over i). Then check the sign of the gradient step (NCA maximises) and that transform applies the same A (and centring) to new data.',
    lv: 'Kaimiņi jūsu apgūtajā telpā klasificē maz vai nemaz labāk kā tādas pašas dimensijas PCA telpā, tātad NCA mērķfunkcija netiek maksimizēta. Pārbaudiet p_ij = softmax pēc j no −|A x_i − A x_j|² ar p_ii = 0: katrai RINDAI i summā jādod 1 (normējiet pa kaimiņu kandidātiem j, axis=1, nevis pa i). Tad pārbaudiet gradienta soļa zīmi (NCA maksimizē) un vai transform jauniem datiem piemēro to pašu A (un centrēšanu).',
  },
};
