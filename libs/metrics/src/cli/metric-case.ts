/**
 * Computes one metric case and prints the result as JSON:
 *
 *   node dist/libs/metrics/src/cli/metric-case.js <case.json>
 *
 * Prints `{"value": <number>}` (NaN and infinities as the strings "NaN", "Infinity",
 * "-Infinity") and exits 0. Prints `{"error": "..."}` and exits 2 when the case is unreadable
 * or malformed, names an unknown metric, or the metric rejects its input, and when
 * DMLG_METRICS_KERNEL or DMLG_METRICS_THREADS is invalid. The case's `expected` field is
 * ignored.
 */
import { readFileSync } from 'node:fs';
import { MetricInputError } from '../errors';
import { selectTensorflowBackend } from '../backend/select-backend';
import { checkMetricsSettings } from '../parallel/metrics-settings';
import { evaluateMetricCase, type MetricValue } from './metric-registry';

const EXIT_REJECTED = 2;

/** JSON form of a metric value, at any depth: plain JSON cannot hold NaN or infinities. */
export type JsonMetricValue =
  number | string | JsonMetricValue[] | { [key: string]: JsonMetricValue };

export function formatValue(value: MetricValue): JsonMetricValue {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : String(value);
  }
  if (Array.isArray(value)) {
    return value.map(formatValue);
  }
  const out: Record<string, JsonMetricValue> = {};
  for (const [key, entry] of Object.entries(value)) out[key] = formatValue(entry);
  return out;
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.length !== 1) {
    return fail(
      'usage: metric-case <case.json> (a metric case with "metric", "params" and "inputs")',
    );
  }
  const casePath = argv[0];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(casePath, 'utf8'));
  } catch (error) {
    return fail(`cannot read case file ${casePath}: ${(error as Error).message}`);
  }

  // A wrong kernel setting is rejected like any other input, before the backends start. The
  // backend and kernel are logged to stderr, so that stdout carries only the JSON result.
  try {
    checkMetricsSettings();
  } catch (error) {
    return fail((error as Error).message);
  }
  await selectTensorflowBackend({ log: (message) => process.stderr.write(`${message}\n`) });
  try {
    const value = evaluateMetricCase(raw);
    process.stdout.write(`${JSON.stringify({ value: formatValue(value) })}\n`);
    return 0;
  } catch (error) {
    if (error instanceof MetricInputError) {
      return fail(error.message);
    }
    throw error;
  }
}

function fail(message: string): number {
  process.stdout.write(`${JSON.stringify({ error: message })}\n`);
  return EXIT_REJECTED;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
