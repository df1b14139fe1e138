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
export {
  evaluateMetricCase,
  METRIC_REGISTRY,
  type MetricCase,
  type MetricValue,
} from './cli/metric-registry';
export { type Matrix, matrixFromRows, checkMatrix } from './matrix';
export {
  adjustedMutualInfo,
  type AdjustedMutualInfoOptions,
} from './clustering/adjusted-mutual-info';
export { expectedMutualInfo } from './clustering/expected-mutual-info';
export {
  homogeneityCompletenessVMeasure,
  type HomogeneityCompletenessVMeasure,
} from './clustering/homogeneity-completeness-v-measure';
export { purity } from './clustering/purity';
export { silhouetteScore } from './clustering/silhouette';
export { daviesBouldin } from './clustering/davies-bouldin';
export { calinskiHarabasz } from './clustering/calinski-harabasz';
export {
  nearestNeighbours,
  RETRIEVAL_DISTANCES,
  type NeighbourLists,
  type RetrievalDistance,
} from './retrieval/nearest-neighbours';
export {
  retrievalScores,
  type RetrievalOptions,
  type RetrievalScores,
} from './retrieval/retrieval-accuracy';
export { frechetDistance, frechetDistanceFromStatistics } from './generative/frechet-distance';
export { meanAndCovariance, type MeanCovariance } from './generative/mean-covariance';
export {
  kernelInceptionDistance,
  type KernelInceptionDistance,
  type KernelInceptionDistanceOptions,
} from './generative/kernel-inception-distance';
export {
  precisionRecallDensityCoverage,
  type PrecisionRecallDensityCoverage,
} from './generative/precision-recall-density-coverage';
export { mutualInfoGap } from './disentanglement/mutual-info-gap';
export { modularity, modularityFromMutualInfo } from './disentanglement/modularity';
export { separatedAttributePredictability } from './disentanglement/separated-attribute-predictability';
export {
  dci,
  dciFromImportance,
  type DciScores,
  type DisentanglementCompleteness,
} from './disentanglement/dci';
export {
  factorVaeScore,
  type FactorVaeOptions,
  type FactorVaeScore,
  type FixedFactorBatch,
} from './disentanglement/factor-vae-score';
export {
  betaVaeScore,
  type BetaVaePoint,
  type BetaVaeScore,
} from './disentanglement/beta-vae-score';
export { symmetricEigen, type SymmetricEigen } from './linalg/symmetric-eigen';
export { checkMetricsSettings, type MetricsSettings } from './parallel/metrics-settings';
