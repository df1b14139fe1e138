import { UnknownMetricError, type CheckMetric } from './check-metric';
import { ariMetric, clusterCountMetric, inertiaMetric, nmiMetric } from './clustering-metrics';
import {
  dbscanExactClustersMetric,
  densityAriMetric,
  densityNmiMetric,
  hdbscanAgreementMetric,
  hdbscanAriMetric,
  hdbscanNmiMetric,
} from './density-clustering-metrics';
import { ncaKnnAccuracyMetric } from './nca-metrics';
import {
  pcaExplainedVarianceMetric,
  pcaOrthonormalityMetric,
  pcaReconstructionMetric,
  pcaSubspaceAngleMetric,
} from './pca-metrics';
import {
  allPairsSelectionMetric,
  contrastiveDifferentPairsMetric,
  contrastiveMixedPairsMetric,
  contrastiveSamePairsMetric,
  hardNegativePairsSelectionMetric,
} from './contrastive-unit-metrics';
import {
  proxyNcaLossConfidentMetric,
  proxyNcaLossMetric,
  proxyNcaLossScaleMetric,
  proxyNcaProxyGradientMetric,
} from './proxy-nca-unit-metrics';
import {
  batchHardTripletsSelectionMetric,
  distanceWeightedSamplingMetric,
  semiHardTripletsSelectionMetric,
  tripletLossEasyMetric,
  tripletLossMarginMetric,
  tripletLossMixedMetric,
} from './triplet-unit-metrics';
import {
  embeddingKmeansNmiMetric,
  mapAtRMetric,
  recallAt1Metric,
  recallAt2Metric,
  recallAt4Metric,
  recallAt8Metric,
} from './retrieval-metrics';
import {
  fidStyleMetric,
  migMetric,
  negativeElboMetric,
  reconstructionErrorMetric,
} from './vae-model-metrics';
import {
  dciCompletenessMetric,
  dciDisentanglementMetric,
  dciInformativenessMetric,
  factorVaeMetric,
  sapMetric,
} from './disentanglement-metrics';
import {
  reparameterizationMetric,
  vaeKlTermMetric,
  vaeReconstructionTermMetric,
  vaeTotalLossMetric,
} from './vae-unit-metrics';
import {
  ganDiscriminatorLossMetric,
  ganGeneratorLossMetric,
  wganCriticLossMetric,
  wganGeneratorLossMetric,
  wganGradientPenaltyMetric,
  wganInterpolationMetric,
  wganWeightClippingMetric,
} from './gan-unit-metrics';
import {
  coverageMetric,
  densityMetric,
  kidStyleMetric,
  precisionMetric,
  shapesCoveredMetric,
} from './sample-quality-metrics';

const METRICS: ReadonlyMap<string, CheckMetric> = new Map(
  [
    ariMetric,
    nmiMetric,
    inertiaMetric,
    clusterCountMetric,
    recallAt1Metric,
    recallAt2Metric,
    recallAt4Metric,
    recallAt8Metric,
    mapAtRMetric,
    embeddingKmeansNmiMetric,
    contrastiveSamePairsMetric,
    contrastiveDifferentPairsMetric,
    contrastiveMixedPairsMetric,
    allPairsSelectionMetric,
    hardNegativePairsSelectionMetric,
    tripletLossMarginMetric,
    tripletLossEasyMetric,
    tripletLossMixedMetric,
    batchHardTripletsSelectionMetric,
    semiHardTripletsSelectionMetric,
    distanceWeightedSamplingMetric,
    proxyNcaLossMetric,
    proxyNcaLossScaleMetric,
    proxyNcaLossConfidentMetric,
    proxyNcaProxyGradientMetric,
    vaeKlTermMetric,
    vaeReconstructionTermMetric,
    vaeTotalLossMetric,
    reparameterizationMetric,
    negativeElboMetric,
    reconstructionErrorMetric,
    fidStyleMetric,
    migMetric,
    sapMetric,
    dciDisentanglementMetric,
    dciCompletenessMetric,
    dciInformativenessMetric,
    factorVaeMetric,
    pcaSubspaceAngleMetric,
    pcaOrthonormalityMetric,
    pcaExplainedVarianceMetric,
    pcaReconstructionMetric,
    ncaKnnAccuracyMetric,
    densityAriMetric,
    densityNmiMetric,
    dbscanExactClustersMetric,
    hdbscanAriMetric,
    hdbscanNmiMetric,
    hdbscanAgreementMetric,
    ganDiscriminatorLossMetric,
    ganGeneratorLossMetric,
    wganCriticLossMetric,
    wganGeneratorLossMetric,
    wganGradientPenaltyMetric,
    wganInterpolationMetric,
    wganWeightClippingMetric,
    precisionMetric,
    densityMetric,
    coverageMetric,
    kidStyleMetric,
    shapesCoveredMetric,
  ].map((metric) => [metric.name, metric]),
);

/** Looks up a check metric by the name used in `assignment.yaml`. */
export function checkMetric(name: string): CheckMetric {
  const metric = METRICS.get(name);
  if (!metric) {
    throw new UnknownMetricError(
      `unknown check metric "${name}"; known metrics: ${[...METRICS.keys()].join(', ')}`,
    );
  }
  return metric;
}

export function knownCheckMetrics(): string[] {
  return [...METRICS.keys()];
}
