export { MetricInputError } from './errors';
export {
  checkDataMatrix,
  checkLabelPair,
  checkLabels,
  describeValue,
  type Label,
  type LabelArray,
} from './check-input';
export { encodeLabels, type EncodedLabels } from './clustering/encode-labels';
export { contingencyTable, type ContingencyTable } from './clustering/contingency';
export { adjustedRandIndex, adjustedRandIndexFromTable } from './clustering/adjusted-rand-index';
export { entropy, entropyFromCounts } from './clustering/entropy';
export { mutualInfo, mutualInfoFromTable } from './clustering/mutual-info';
export {
  AVERAGE_METHODS,
  normalizedMutualInfo,
  type AverageMethod,
  type NormalizedMutualInfoOptions,
} from './clustering/normalized-mutual-info';
export { withinClusterSumOfSquares } from './clustering/within-cluster-sum-of-squares';
export { countClusters, NOISE_LABEL, type CountClustersOptions } from './clustering/count-clusters';
export {
  selectTensorflowBackend,
  type BackendLogger,
  type TensorflowBackendName,
} from './backend/select-backend';
export { evaluateMetricCase, METRIC_REGISTRY, type MetricCase } from './cli/metric-registry';
