import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { selectTensorflowBackend } from './backend/select-backend';
import { evaluateMetricCase, type MetricCase, type MetricValue } from './cli/metric-registry';
import { resolveRepoPath } from '@dmlg/datasets';
import { mulberry32, randomLabels } from './testing/random-labels';

const PYTHON = '/usr/bin/python3';

/** One generated case and the tolerance |got − expected| ≤ abs + rel·|expected| at each leaf. */
interface OracleCase extends MetricCase {
  tolerance: { abs: number; rel: number };
}

function oracleUnavailable(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn, scipy, numpy'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    return `${PYTHON} with scikit-learn and SciPy is not available; install them with apt-get install python3-sklearn python3-scipy`;
  }
  return undefined;
}

function gaussianRows(
  random: () => number,
  n: number,
  d: number,
  shift = 0,
  scale = 1,
): number[][] {
  const normal = (): number =>
    Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: n }, () => Array.from({ length: d }, () => shift + scale * normal()));
}

function buildCases(): OracleCase[] {
  const random = mulberry32(424242);
  const cases: OracleCase[] = [];
  const tight = { abs: 1e-10, rel: 1e-10 };

  for (const [n, k] of [
    [30, 3],
    [200, 5],
    [1000, 12],
    [3000, 40],
  ]) {
    const labelsTrue = randomLabels(random, n, k, -1);
    const labelsPred = labelsTrue.map((label) =>
      random() < 0.4 ? Math.floor(random() * (k + 2)) : label,
    );
    for (const averageMethod of ['arithmetic', 'geometric', 'min', 'max']) {
      cases.push({
        metric: 'adjusted_mutual_info',
        params: { average_method: averageMethod },
        inputs: { labels_true: labelsTrue, labels_pred: labelsPred },
        tolerance: { abs: 1e-9, rel: 1e-9 },
      });
    }
    cases.push({
      metric: 'homogeneity_completeness_v_measure',
      params: { beta: 0.5 + random() * 2 },
      inputs: { labels_true: labelsTrue, labels_pred: labelsPred },
      tolerance: tight,
    });
    cases.push({
      metric: 'purity',
      params: {},
      inputs: { labels_true: labelsTrue, labels_pred: labelsPred },
      tolerance: tight,
    });
  }

  for (const [n, d, k] of [
    [40, 2, 3],
    [300, 8, 5],
    [900, 16, 7],
  ]) {
    const labels = randomLabels(random, n, k);
    const X = gaussianRows(random, n, d).map((row, i) => row.map((value) => value + 2 * labels[i]));
    for (const metric of ['silhouette', 'davies_bouldin', 'calinski_harabasz']) {
      cases.push({
        metric,
        params: {},
        inputs: { X, labels },
        tolerance: { abs: 1e-10, rel: 1e-9 },
      });
    }
  }

  // The last two are large enough for the blocked Cholesky factor and tridiagonal reduction
  // on the kernel pool (order ≥ BLOCKED_MIN_ORDER, not a multiple of the panel width): d = 161
  // in feature space, and a 150×150 sample-space Gram matrix.
  for (const [n1, n2, d] of [
    [50, 60, 5],
    [400, 300, 32],
    [20, 30, 50],
    [500, 420, 161],
    [150, 170, 200],
  ]) {
    cases.push({
      metric: 'frechet_distance',
      params: {},
      inputs: {
        features_real: gaussianRows(random, n1, d),
        features_fake: gaussianRows(random, n2, d, 0.3, 1.4),
      },
      // pytorch-fid's sqrtm route itself carries rounding near 1e-9 relative; with fewer
      // samples than dimensions sqrtm of the singular product is less accurate still.
      tolerance: n1 - 1 < d ? { abs: 1e-6, rel: 1e-6 } : { abs: 1e-8, rel: 1e-8 },
    });
  }

  for (const [n1, n2, d] of [
    [30, 40, 4],
    [120, 90, 16],
  ]) {
    cases.push({
      metric: 'kid',
      params: { subset_size: null },
      inputs: {
        features_real: gaussianRows(random, n1, d),
        features_fake: gaussianRows(random, n2, d, 0.2),
      },
      tolerance: tight,
    });
    cases.push({
      metric: 'prdc',
      params: { nearest_k: 3 },
      inputs: {
        real_features: gaussianRows(random, n1, d),
        fake_features: gaussianRows(random, n2, d, 0.3),
      },
      tolerance: { abs: 1e-12, rel: 0 },
    });
  }

  for (const [n, d, k, distance] of [
    [60, 3, 4, 'euclidean'],
    [400, 8, 10, 'euclidean'],
    [300, 16, 6, 'cosine'],
  ] as const) {
    const labels = randomLabels(random, n, k);
    const query = gaussianRows(random, n, d).map((row, i) =>
      row.map((value) => value + labels[i] * 0.8),
    );
    cases.push({
      metric: 'retrieval',
      params: { distance, ks: [1, 2, 5], k: null },
      inputs: { query, query_labels: labels, reference: null, reference_labels: null },
      tolerance: { abs: 1e-12, rel: 0 },
    });
  }

  for (const [n, latents, factors] of [
    [200, 3, 2],
    [500, 5, 3],
  ]) {
    const factorRows = Array.from({ length: n }, () =>
      Array.from({ length: factors }, () => Math.floor(random() * 5)),
    );
    const latentRows = factorRows.map((row) =>
      Array.from(
        { length: latents },
        (_, i) => (i < factors ? row[i] : 0) + 0.7 * (random() - 0.5),
      ),
    );
    for (const metric of ['mig', 'modularity']) {
      cases.push({
        metric,
        params: { num_bins: 20 },
        inputs: { latents: latentRows, factors: factorRows },
        tolerance: tight,
      });
    }
    cases.push({
      metric: 'sap',
      params: {},
      inputs: { latents: latentRows, factors: factorRows },
      tolerance: tight,
    });
    cases.push({
      metric: 'dci_from_importance',
      params: {},
      inputs: {
        importance: Array.from({ length: latents }, () =>
          Array.from({ length: factors }, () => random()),
        ),
      },
      tolerance: tight,
    });
  }
  return cases;
}

function assertClose(
  got: MetricValue | undefined,
  expected: unknown,
  tolerance: OracleCase['tolerance'],
  where: string,
): void {
  if (typeof expected === 'number') {
    assert.ok(typeof got === 'number', `${where}: expected a number, got ${JSON.stringify(got)}`);
    const allowed = tolerance.abs + tolerance.rel * Math.abs(expected);
    assert.ok(
      Math.abs(got - expected) <= allowed,
      `${where}: expected ${expected} (reference) ± ${allowed}, got ${got}`,
    );
    return;
  }
  assert.ok(
    typeof got === 'object' && got !== null && !Array.isArray(got),
    `${where}: expected an object`,
  );
  for (const [key, entry] of Object.entries(expected as Record<string, unknown>)) {
    assertClose(got[key], entry, tolerance, `${where}.${key}`);
  }
}

void describe('reference oracle', () => {
  const reason = oracleUnavailable();
  before(async () => {
    await selectTensorflowBackend({ log: () => undefined });
  });

  void it('generated inputs match references', { skip: reason }, () => {
    const cases = buildCases();
    const script = resolveRepoPath('libs/metrics/test-fixtures/oracle/reference_metrics.py');
    const run = spawnSync(PYTHON, [script], {
      input: JSON.stringify({ cases }),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(run.status, 0, `oracle script failed: ${run.stderr}`);
    const { results } = JSON.parse(run.stdout) as { results: unknown[] };
    assert.equal(results.length, cases.length);
    cases.forEach((oracleCase, index) => {
      const where = `case ${index} (${oracleCase.metric})`;
      assertClose(evaluateMetricCase(oracleCase), results[index], oracleCase.tolerance, where);
    });
  });
});
