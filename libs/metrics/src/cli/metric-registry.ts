import { describeValue, type LabelArray } from '../check-input';
import { MetricInputError } from '../errors';
import { matrixFromRows, type Matrix } from '../matrix';
import { adjustedMutualInfo } from '../clustering/adjusted-mutual-info';
import { adjustedRandIndex } from '../clustering/adjusted-rand-index';
import { calinskiHarabasz } from '../clustering/calinski-harabasz';
import { daviesBouldin } from '../clustering/davies-bouldin';
import { homogeneityCompletenessVMeasure } from '../clustering/homogeneity-completeness-v-measure';
import { mutualInfo } from '../clustering/mutual-info';
import {
  AVERAGE_METHODS,
  normalizedMutualInfo,
  type AverageMethod,
} from '../clustering/normalized-mutual-info';
import { purity } from '../clustering/purity';
import { silhouetteScore } from '../clustering/silhouette';
import { betaVaeScore, type BetaVaePoint } from '../disentanglement/beta-vae-score';
import { dci, dciFromImportance } from '../disentanglement/dci';
import { factorVaeScore, type FixedFactorBatch } from '../disentanglement/factor-vae-score';
import { modularity, modularityFromMutualInfo } from '../disentanglement/modularity';
import { mutualInfoGap } from '../disentanglement/mutual-info-gap';
import { separatedAttributePredictability } from '../disentanglement/separated-attribute-predictability';
import { frechetDistance, frechetDistanceFromStatistics } from '../generative/frechet-distance';
import { kernelInceptionDistance } from '../generative/kernel-inception-distance';
import { precisionRecallDensityCoverage } from '../generative/precision-recall-density-coverage';
import { RETRIEVAL_DISTANCES, type RetrievalDistance } from '../retrieval/nearest-neighbours';
import { retrievalScores } from '../retrieval/retrieval-accuracy';

/** A metric's result in the JSON shape of a case's `expected`: a number or nested numbers. */
export type MetricValue = number | MetricValue[] | { [key: string]: MetricValue };

/** Inputs and parameters of one metric case, in the JSON shape of the course's metric cases. */
export interface MetricCase {
  metric: string;
  params: Record<string, unknown>;
  inputs: Record<string, unknown>;
}

/** A registered metric: its parameter names and the call that computes it from a case. */
export interface MetricEntry {
  params: readonly string[];
  run(inputs: CaseInputs, params: Record<string, unknown>): MetricValue;
}

/**
 * Metrics that cases can name, keyed by the names the metric cases use. A new metric adds one
 * line here, and its own function checks its inputs.
 */
export const METRIC_REGISTRY: Readonly<Record<string, MetricEntry>> = {
  adjusted_rand_index: {
    params: [],
    run: (inputs) => adjustedRandIndex(inputs.labels('labels_true'), inputs.labels('labels_pred')),
  },
  normalized_mutual_info: {
    params: ['average_method'],
    run: (inputs, params) =>
      normalizedMutualInfo(inputs.labels('labels_true'), inputs.labels('labels_pred'), {
        averageMethod: averageMethodParam(params),
      }),
  },
  mutual_info: {
    params: ['log_base'],
    run: (inputs, params) =>
      mutualInfo(inputs.labels('labels_true'), inputs.labels('labels_pred')) /
      Math.log(logBaseParam(params)),
  },
  adjusted_mutual_info: {
    params: ['average_method'],
    run: (inputs, params) =>
      adjustedMutualInfo(inputs.labels('labels_true'), inputs.labels('labels_pred'), {
        averageMethod: averageMethodParam(params),
      }),
  },
  homogeneity_completeness_v_measure: {
    params: ['beta'],
    run: (inputs, params) => {
      const scores = homogeneityCompletenessVMeasure(
        inputs.labels('labels_true'),
        inputs.labels('labels_pred'),
        numberParam(params, 'beta', 1.0),
      );
      return {
        homogeneity: scores.homogeneity,
        completeness: scores.completeness,
        v_measure: scores.vMeasure,
      };
    },
  },
  v_measure: {
    params: ['beta'],
    run: (inputs, params) =>
      homogeneityCompletenessVMeasure(
        inputs.labels('labels_true'),
        inputs.labels('labels_pred'),
        numberParam(params, 'beta', 1.0),
      ).vMeasure,
  },
  purity: {
    params: [],
    run: (inputs) => purity(inputs.labels('labels_true'), inputs.labels('labels_pred')),
  },
  silhouette: {
    params: ['metric'],
    run: (inputs, params) => {
      choiceParam(params, 'metric', ['euclidean'], 'euclidean');
      const X = inputs.matrix('X');
      return silhouetteScore(X.data, X.rows, X.cols, inputs.labels('labels'));
    },
  },
  davies_bouldin: {
    params: [],
    run: (inputs) => {
      const X = inputs.matrix('X');
      return daviesBouldin(X.data, X.rows, X.cols, inputs.labels('labels'));
    },
  },
  calinski_harabasz: {
    params: [],
    run: (inputs) => {
      const X = inputs.matrix('X');
      return calinskiHarabasz(X.data, X.rows, X.cols, inputs.labels('labels'));
    },
  },
  retrieval: {
    params: [
      'distance',
      'k',
      'ks',
      'avg_of_avgs',
      'ref_includes_query',
      'exclude_lone_queries',
      'tie_break',
    ],
    run: (inputs, params) => runRetrieval(inputs, params),
  },
  frechet_distance: {
    params: ['covariance'],
    run: (inputs, params) => {
      choiceParam(params, 'covariance', ['unbiased (N-1)'], 'unbiased (N-1)');
      if (inputs.has('mu1')) {
        return frechetDistanceFromStatistics(
          inputs.vector('mu1'),
          inputs.matrix('sigma1'),
          inputs.vector('mu2'),
          inputs.matrix('sigma2'),
        );
      }
      return frechetDistance(inputs.matrix('features_real'), inputs.matrix('features_fake'));
    },
  },
  kid: {
    params: ['degree', 'gamma', 'coef', 'subset_size', 'subsets', 'estimator', 'seed'],
    run: (inputs, params) => {
      const kid = kernelInceptionDistance(
        inputs.matrix('features_real'),
        inputs.matrix('features_fake'),
        {
          degree: numberParam(params, 'degree', 3),
          gamma: nullableNumberParam(params, 'gamma', null),
          coef: numberParam(params, 'coef', 1),
          subsetSize: nullableNumberParam(params, 'subset_size', 1000),
          subsets: numberParam(params, 'subsets', 100),
          seed: numberParam(params, 'seed', 0),
        },
      );
      return { kid_mean: kid.mean, kid_std: kid.std };
    },
  },
  prdc: {
    params: ['nearest_k'],
    run: (inputs, params) => {
      const scores = precisionRecallDensityCoverage(
        inputs.matrix('real_features'),
        inputs.matrix('fake_features'),
        numberParam(params, 'nearest_k', 5),
      );
      return { ...scores };
    },
  },
  mig: {
    params: ['num_bins', 'discretizer'],
    run: (inputs, params) => {
      choiceParam(params, 'discretizer', ['histogram'], 'histogram');
      return mutualInfoGap(
        inputs.matrix('latents'),
        inputs.matrix('factors'),
        numberParam(params, 'num_bins', 20),
      );
    },
  },
  modularity: {
    params: ['num_bins', 'discretizer'],
    run: (inputs, params) => {
      choiceParam(params, 'discretizer', ['histogram'], 'histogram');
      return modularity(
        inputs.matrix('latents'),
        inputs.matrix('factors'),
        numberParam(params, 'num_bins', 20),
      );
    },
  },
  modularity_from_mi: {
    params: [],
    run: (inputs) => modularityFromMutualInfo(inputs.matrix('mutual_information')),
  },
  sap: {
    params: ['continuous_factors'],
    run: (inputs, params) => {
      if (params.continuous_factors === false) {
        throw new MetricInputError(
          'params.continuous_factors = false (the LinearSVC variant) is not implemented; only true is supported',
        );
      }
      return separatedAttributePredictability(inputs.matrix('latents'), inputs.matrix('factors'));
    },
  },
  dci_from_importance: {
    params: [],
    run: (inputs) => ({ ...dciFromImportance(inputs.matrix('importance')) }),
  },
  dci: {
    params: ['regressor', 'standardize', 'informativeness'],
    run: (inputs, params) => {
      choiceParam(params, 'regressor', ['ols_zscored_abs_coef'], 'ols_zscored_abs_coef');
      const scores = dci(
        inputs.matrix('latents_train'),
        inputs.matrix('factors_train'),
        inputs.matrix('latents_test'),
        inputs.matrix('factors_test'),
      );
      return {
        disentanglement: scores.disentanglement,
        completeness: scores.completeness,
        informativeness_train: scores.informativenessTrain,
        informativeness_test: scores.informativenessTest,
      };
    },
  },
  factor_vae: {
    params: ['num_factors', 'prune_threshold', 'variance_ddof'],
    run: (inputs, params) => {
      const score = factorVaeScore(
        inputs.matrix('global_representations'),
        inputs.batches('train_batches'),
        inputs.batches('eval_batches'),
        {
          numFactors: numberParam(params, 'num_factors', Number.NaN),
          pruneThreshold: numberParam(params, 'prune_threshold', 0.05),
          varianceDdof: numberParam(params, 'variance_ddof', 1),
        },
      );
      return {
        train_accuracy: score.trainAccuracy,
        eval_accuracy: score.evalAccuracy,
        num_active_dims: score.numActiveDims,
      };
    },
  },
  beta_vae: {
    params: ['classifier', 'batch_pairs'],
    run: (inputs) => {
      const score = betaVaeScore(
        inputs.pairPoints('train_points'),
        inputs.pairPoints('eval_points'),
      );
      return {
        train_features: score.trainFeatures.map((feature) => Array.from(feature)),
        train_accuracy: score.trainAccuracy,
        eval_accuracy: score.evalAccuracy,
      };
    },
  },
};

function runRetrieval(inputs: CaseInputs, params: Record<string, unknown>): MetricValue {
  choiceParam(params, 'tie_break', ['lower reference index first'], 'lower reference index first');
  if (params.exclude_lone_queries === false) {
    throw new MetricInputError(
      'params.exclude_lone_queries must be true: lone queries have no relevant item, and R-precision and MAP@R are undefined for them',
    );
  }
  const sameSet = params.ref_includes_query ?? !inputs.has('reference');
  if (sameSet !== !inputs.has('reference')) {
    throw new MetricInputError(
      `params.ref_includes_query is ${describeValue(sameSet)}, but inputs.reference is ${inputs.has('reference') ? 'given' : 'null'}; a separate reference set means false`,
    );
  }
  const ks = params.ks ?? [1];
  if (!Array.isArray(ks) || !ks.every((value) => typeof value === 'number')) {
    throw new MetricInputError(`params.ks must be an array of integers, got ${describeValue(ks)}`);
  }
  const scores = retrievalScores(inputs.matrix('query'), inputs.labels('query_labels'), {
    reference: inputs.has('reference')
      ? { embeddings: inputs.matrix('reference'), labels: inputs.labels('reference_labels') }
      : undefined,
    k: nullableNumberParam(params, 'k', null),
    ks: ks as number[],
    distance: choiceParam(
      params,
      'distance',
      RETRIEVAL_DISTANCES,
      'euclidean',
    ) as RetrievalDistance,
    avgOfAvgs: booleanParam(params, 'avg_of_avgs', false),
  });
  return {
    precision_at_1: scores.precisionAt1,
    r_precision: scores.rPrecision,
    map_at_r: scores.mapAtR,
    recall_at_k: scores.recallAtK,
    precision_at_k: scores.precisionAtK,
  };
}

/**
 * Maximum length of an expanded run-length-encoded labelling. The course's largest cases have
 * 10^6 labels, and the cap stops a malformed count from exhausting memory.
 */
export const MAX_EXPANDED_LABELS = 100_000_000;

/** Access to a case's inputs, with run-length-encoded (`<name>_rle`) arrays expanded. */
export class CaseInputs {
  constructor(private readonly inputs: Record<string, unknown>) {}

  /** Returns the labelling `name`, or expands `<name>_rle` when only that is given. */
  labels(name: string): LabelArray {
    const plain = this.inputs[name];
    if (plain !== undefined) {
      return plain as LabelArray;
    }
    const encoded = this.inputs[`${name}_rle`];
    if (encoded === undefined) {
      throw new MetricInputError(`inputs.${name} (or inputs.${name}_rle) is missing`);
    }
    return expandRunLength(`inputs.${name}_rle`, encoded);
  }

  /** True when `name` is present and not null. */
  has(name: string): boolean {
    return this.inputs[name] !== undefined && this.inputs[name] !== null;
  }

  /** The input `name` as an array of rows, (n_samples, n_dims). */
  matrix(name: string): Matrix {
    return matrixFromRows(`inputs.${name}`, this.required(name));
  }

  /** The input `name` as a flat array of numbers. */
  vector(name: string): number[] {
    const value = this.required(name);
    if (!Array.isArray(value)) {
      throw new MetricInputError(
        `inputs.${name} must be an array of numbers, got ${describeValue(value)}`,
      );
    }
    return value as number[];
  }

  /** FactorVAE batches: `[{factor_index, representations}, ...]`. */
  batches(name: string): FixedFactorBatch[] {
    return this.records(name).map((record, b) => ({
      factorIndex: record.factor_index as number,
      representations: matrixFromRows(
        `inputs.${name}[${b}].representations`,
        record.representations,
      ),
    }));
  }

  /** beta-VAE points: `[{factor_index, z1, z2}, ...]`. */
  pairPoints(name: string): BetaVaePoint[] {
    return this.records(name).map((record, p) => ({
      factorIndex: record.factor_index as number,
      z1: matrixFromRows(`inputs.${name}[${p}].z1`, record.z1),
      z2: matrixFromRows(`inputs.${name}[${p}].z2`, record.z2),
    }));
  }

  private records(name: string): Record<string, unknown>[] {
    const value = this.required(name);
    if (!Array.isArray(value) || !value.every(isRecord)) {
      throw new MetricInputError(
        `inputs.${name} must be an array of objects, got ${describeValue(value)}`,
      );
    }
    return value as Record<string, unknown>[];
  }

  private required(name: string): unknown {
    const value = this.inputs[name];
    if (value === undefined || value === null) {
      throw new MetricInputError(`inputs.${name} is missing`);
    }
    return value;
  }
}

/** Expands `[[label, count], ...]` in order. */
export function expandRunLength(argument: string, encoded: unknown): LabelArray {
  if (!Array.isArray(encoded)) {
    throw new MetricInputError(
      `${argument} must be an array of [label, count] pairs, got ${describeValue(encoded)}`,
    );
  }
  let total = 0;
  for (let r = 0; r < encoded.length; r++) {
    const run: unknown = encoded[r];
    if (!Array.isArray(run) || run.length !== 2) {
      throw new MetricInputError(
        `${argument}[${r}] must be a [label, count] pair, got ${describeValue(run)}`,
      );
    }
    const count: unknown = run[1];
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
      throw new MetricInputError(
        `${argument}[${r}] count must be a non-negative integer, got ${describeValue(count)}`,
      );
    }
    total += count;
    if (total > MAX_EXPANDED_LABELS) {
      throw new MetricInputError(`${argument} expands to more than ${MAX_EXPANDED_LABELS} labels`);
    }
  }

  const expanded: unknown[] = new Array(total);
  let next = 0;
  for (const [label, count] of encoded as [unknown, number][]) {
    expanded.fill(label, next, next + count);
    next += count;
  }
  // The metric's own checker validates the labels themselves.
  return expanded as LabelArray;
}

/**
 * Computes the metric a case names with its params and inputs. Throws MetricInputError for a
 * malformed case, an unknown metric or parameter, or input the metric rejects.
 */
export function evaluateMetricCase(raw: unknown): MetricValue {
  const metricCase = parseMetricCase(raw);
  const entry = METRIC_REGISTRY[metricCase.metric];
  if (entry === undefined) {
    throw new MetricInputError(
      `unknown metric ${describeValue(metricCase.metric)}; known metrics: ${Object.keys(METRIC_REGISTRY).join(', ')}`,
    );
  }
  for (const name of Object.keys(metricCase.params)) {
    if (!entry.params.includes(name)) {
      const known = entry.params.length > 0 ? entry.params.join(', ') : 'none';
      throw new MetricInputError(
        `unknown parameter ${describeValue(name)} for ${metricCase.metric}; known parameters: ${known}`,
      );
    }
  }
  return entry.run(new CaseInputs(metricCase.inputs), metricCase.params);
}

function parseMetricCase(raw: unknown): MetricCase {
  if (!isRecord(raw)) {
    throw new MetricInputError(`a metric case must be a JSON object, got ${describeValue(raw)}`);
  }
  if (typeof raw.metric !== 'string') {
    throw new MetricInputError(
      `case field "metric" must be a string, got ${describeValue(raw.metric)}`,
    );
  }
  const params = raw.params ?? {};
  if (!isRecord(params)) {
    throw new MetricInputError(
      `case field "params" must be an object, got ${describeValue(params)}`,
    );
  }
  if (!isRecord(raw.inputs)) {
    throw new MetricInputError(
      `case field "inputs" must be an object, got ${describeValue(raw.inputs)}`,
    );
  }
  return { metric: raw.metric, params, inputs: raw.inputs };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function averageMethodParam(params: Record<string, unknown>): AverageMethod {
  const value = params.average_method ?? 'arithmetic';
  if (typeof value !== 'string' || !(AVERAGE_METHODS as readonly string[]).includes(value)) {
    throw new MetricInputError(
      `params.average_method must be one of ${AVERAGE_METHODS.join(', ')}, got ${describeValue(value)}`,
    );
  }
  return value as AverageMethod;
}

/** Logarithm base of a result in nats: "e" (default), 2 for bits or 10 for hartleys. */
function logBaseParam(params: Record<string, unknown>): number {
  const value = params.log_base ?? 'e';
  if (value === 'e') return Math.E;
  if (value === 2 || value === 10) return value;
  throw new MetricInputError(`params.log_base must be "e", 2 or 10, got ${describeValue(value)}`);
}

function numberParam(params: Record<string, unknown>, name: string, fallback: number): number {
  const value = params[name] ?? fallback;
  if (typeof value !== 'number') {
    throw new MetricInputError(`params.${name} must be a number, got ${describeValue(value)}`);
  }
  return value;
}

function nullableNumberParam(
  params: Record<string, unknown>,
  name: string,
  fallback: number | null,
): number | null {
  const value = name in params ? params[name] : fallback;
  if (value !== null && typeof value !== 'number') {
    throw new MetricInputError(
      `params.${name} must be a number or null, got ${describeValue(value)}`,
    );
  }
  return value;
}

function booleanParam(params: Record<string, unknown>, name: string, fallback: boolean): boolean {
  const value = params[name] ?? fallback;
  if (typeof value !== 'boolean') {
    throw new MetricInputError(`params.${name} must be true or false, got ${describeValue(value)}`);
  }
  return value;
}

/** A string parameter that must be one of `choices`; descriptive parameters are checked too. */
function choiceParam(
  params: Record<string, unknown>,
  name: string,
  choices: readonly string[],
  fallback: string,
): string {
  const value = params[name] ?? fallback;
  if (typeof value !== 'string' || !choices.includes(value)) {
    throw new MetricInputError(
      `params.${name} must be one of ${choices.map((choice) => JSON.stringify(choice)).join(', ')}, got ${describeValue(value)}`,
    );
  }
  return value;
}
