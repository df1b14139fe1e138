import { describeValue, type LabelArray } from '../check-input';
import { MetricInputError } from '../errors';
import { adjustedRandIndex } from '../clustering/adjusted-rand-index';
import { mutualInfo } from '../clustering/mutual-info';
import {
  AVERAGE_METHODS,
  normalizedMutualInfo,
  type AverageMethod,
} from '../clustering/normalized-mutual-info';

/** Inputs and parameters of one metric case, in the JSON shape of the course's metric cases. */
export interface MetricCase {
  metric: string;
  params: Record<string, unknown>;
  inputs: Record<string, unknown>;
}

/** A registered metric: its parameter names and the call that computes it from a case. */
export interface MetricEntry {
  params: readonly string[];
  run(inputs: CaseInputs, params: Record<string, unknown>): number;
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
};

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
export function evaluateMetricCase(raw: unknown): number {
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
