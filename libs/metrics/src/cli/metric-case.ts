/**
 * Computes one metric case and prints the result as JSON:
 *
 *   node dist/libs/metrics/src/cli/metric-case.js <case.json>
 *
 * Prints `{"value": <number>}` (NaN and infinities as the strings "NaN", "Infinity",
 * "-Infinity") and exits 0. Prints `{"error": "..."}` and exits 2 when the case is unreadable
 * or malformed, names an unknown metric, or the metric rejects its input. The case's
 * `expected` field is ignored.
 */
import { readFileSync } from 'node:fs';
import { MetricInputError } from '../errors';
import { evaluateMetricCase } from './metric-registry';

const EXIT_REJECTED = 2;

/** JSON form of a metric value: plain JSON cannot hold NaN or infinities. */
export function formatValue(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

function main(argv: readonly string[]): number {
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
  process.exitCode = main(process.argv.slice(2));
}
