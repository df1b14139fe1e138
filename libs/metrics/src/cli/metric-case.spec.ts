import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { selectTensorflowBackend } from '../backend/select-backend';
import { resolveRepoPath } from '@dmlg/datasets';
import {
  evaluateMetricCase,
  expandRunLength,
  METRIC_REGISTRY,
  type MetricValue,
} from './metric-registry';

interface FixtureCase {
  id: string;
  metric: string;
  expected: unknown;
  tolerance: { abs: number; rel: number } | null;
}

const CLI = path.join(__dirname, 'metric-case.js');
const FIXTURES = resolveRepoPath('libs/metrics/test-fixtures/cases');

function runCli(
  casePath: string,
  env: Record<string, string> = {},
): { status: number | null; output: Record<string, unknown> } {
  const run = spawnSync(process.execPath, [CLI, casePath], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { status: run.status, output: JSON.parse(run.stdout) as Record<string, unknown> };
}

/** Checks `got` against `expected` at every leaf; keys absent from `expected` are not checked. */
function assertMatches(
  got: MetricValue | undefined,
  expected: unknown,
  tolerance: { abs: number; rel: number } | null,
  where: string,
): void {
  if (expected === 'NaN') {
    assert.ok(
      typeof got === 'number' && Number.isNaN(got),
      `${where}: expected NaN, got ${String(got)}`,
    );
    return;
  }
  if (typeof expected === 'number') {
    assert.ok(typeof got === 'number', `${where}: expected a number, got ${JSON.stringify(got)}`);
    assert.ok(tolerance !== null, `${where}: a numeric case needs a tolerance`);
    const allowed = tolerance.abs + tolerance.rel * Math.abs(expected);
    assert.ok(
      Math.abs(got - expected) <= allowed,
      `${where}: expected ${expected} ± ${allowed}, got ${got}`,
    );
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(got), `${where}: expected an array, got ${JSON.stringify(got)}`);
    assert.equal(got.length, expected.length, `${where}: length`);
    expected.forEach((entry, index) =>
      assertMatches(got[index], entry, tolerance, `${where}[${index}]`),
    );
    return;
  }
  assert.ok(
    typeof got === 'object' && got !== null && !Array.isArray(got),
    `${where}: expected an object, got ${JSON.stringify(got)}`,
  );
  for (const [key, entry] of Object.entries(expected as Record<string, unknown>)) {
    assertMatches(got[key], entry, tolerance, `${where}.${key}`);
  }
}

void describe('metric fixture cases', () => {
  before(async () => {
    await selectTensorflowBackend({ log: () => undefined });
  });
  const files = readdirSync(FIXTURES).filter((name) => name.endsWith('.json'));

  void it('fixture folder has every shared case', () => {
    assert.ok(files.length >= 73, `found only ${files.length} cases in ${FIXTURES}`);
  });

  for (const file of files) {
    void it(file.replace(/\.json$/, ''), () => {
      const raw: unknown = JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8'));
      const fixture = raw as FixtureCase;
      if (isErrorExpectation(fixture.expected)) {
        assert.throws(() => evaluateMetricCase(raw), { name: 'MetricInputError' });
        return;
      }
      assertMatches(evaluateMetricCase(raw), fixture.expected, fixture.tolerance, fixture.id);
    });
  }
});

function isErrorExpectation(expected: unknown): expected is { error: string } {
  return typeof expected === 'object' && expected !== null && 'error' in expected;
}

void describe('metric-case command', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'metric-case-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  function writeCase(name: string, content: unknown): string {
    const file = path.join(scratch, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  }

  void it('prints the value of a fixture', () => {
    const result = runCli(path.join(FIXTURES, 'cluster_ari_negative.json'));
    assert.equal(result.status, 0);
    assert.deepEqual(result.output, { value: -0.5 });
  });

  void it('rejects a bad kernel setting with exit code 2', () => {
    const fixture = path.join(FIXTURES, 'cluster_ari_negative.json');
    const kernel = runCli(fixture, { DMLG_METRICS_KERNEL: 'gpu' });
    assert.equal(kernel.status, 2);
    assert.match(String(kernel.output.error), /DMLG_METRICS_KERNEL must be .*, got "gpu"/);

    const threads = runCli(fixture, { DMLG_METRICS_THREADS: '49' });
    assert.equal(threads.status, 2);
    assert.match(String(threads.output.error), /DMLG_METRICS_THREADS must be .* 1 to 48, got "49"/);
  });

  void it('expands run-length inputs', () => {
    const file = writeCase('rle.json', {
      metric: 'adjusted_rand_index',
      params: {},
      inputs: {
        labels_true_rle: [
          [0, 2],
          [1, 2],
        ],
        labels_pred: [5, 5, 6, 6],
      },
    });
    assert.deepEqual(runCli(file).output, { value: 1 });
  });

  void it('rejects an unknown metric with the known names', () => {
    const result = runCli(
      writeCase('unknown.json', { metric: 'inception_score', params: {}, inputs: {} }),
    );
    assert.equal(result.status, 2);
    assert.equal(
      result.output.error,
      `unknown metric "inception_score"; known metrics: ${Object.keys(METRIC_REGISTRY).join(', ')}`,
    );
  });

  void it('rejects unequal lengths with exit code 2', () => {
    const file = writeCase('lengths.json', {
      metric: 'normalized_mutual_info',
      params: { average_method: 'min' },
      inputs: { labels_true: [0, 1, 1], labels_pred: [0, 1] },
    });
    const result = runCli(file);
    assert.equal(result.status, 2);
    assert.equal(
      result.output.error,
      'normalized_mutual_info: labels_pred must have the same length as labels_true (3), got 2',
    );
  });

  void it('rejects an unknown parameter', () => {
    const file = writeCase('param.json', {
      metric: 'adjusted_rand_index',
      params: { beta: 2 },
      inputs: { labels_true: [0], labels_pred: [0] },
    });
    const result = runCli(file);
    assert.equal(result.status, 2);
    assert.equal(
      result.output.error,
      'unknown parameter "beta" for adjusted_rand_index; known parameters: none',
    );
  });

  void it('rejects a bad average_method', () => {
    const file = writeCase('average.json', {
      metric: 'normalized_mutual_info',
      params: { average_method: 'mean' },
      inputs: { labels_true: [0], labels_pred: [0] },
    });
    assert.equal(
      runCli(file).output.error,
      'params.average_method must be one of arithmetic, geometric, min, max, got "mean"',
    );
  });

  void it('rejects invalid JSON', () => {
    const result = runCli(writeCase('broken.json', '{"metric": '));
    assert.equal(result.status, 2);
    assert.match(String(result.output.error), /^cannot read case file .*broken\.json: /);
  });

  void it('reports mutual information in bits', () => {
    const file = writeCase('bits.json', {
      metric: 'mutual_info',
      params: { log_base: 2 },
      inputs: { labels_true: [0, 0, 1, 1], labels_pred: [0, 0, 1, 1] },
    });
    // MI = ln 2 nats = 1 bit.
    assert.deepEqual(runCli(file).output, { value: 1 });
  });
});

void describe('expandRunLength', () => {
  void it('expands pairs in order', () => {
    assert.deepEqual(
      expandRunLength('x', [
        ['a', 2],
        [-1, 1],
        ['a', 0],
      ]),
      ['a', 'a', -1],
    );
  });

  void it('rejects a negative count', () => {
    assert.throws(() => expandRunLength('inputs.labels_true_rle', [[0, -3]]), {
      message: 'inputs.labels_true_rle[0] count must be a non-negative integer, got -3',
    });
  });

  void it('rejects a count above the cap', () => {
    assert.throws(
      () => expandRunLength('inputs.labels_true_rle', [[0, 1e9]]),
      /expands to more than 100000000 labels/,
    );
  });
});
