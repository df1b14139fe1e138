import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { Label } from '../check-input';
import { resolveRepoPath } from '@dmlg/datasets';
import { mulberry32, randomLabels } from '../testing/random-labels';
import { adjustedRandIndex } from './adjusted-rand-index';
import { entropy } from './entropy';
import { mutualInfo } from './mutual-info';
import {
  AVERAGE_METHODS,
  normalizedMutualInfo,
  type AverageMethod,
} from './normalized-mutual-info';

const PYTHON = '/usr/bin/python3';
const TOLERANCE = 1e-10;

interface OracleResult {
  adjusted_rand_index: number;
  mutual_info: number | { error: string };
  entropy_true: number;
  entropy_pred: number;
  normalized_mutual_info: Record<AverageMethod, number>;
}

interface OracleCase {
  labels_true: Label[];
  labels_pred: Label[];
}

/** Returns why the oracle cannot run, or undefined when python3 imports scikit-learn. */
function oracleUnavailable(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn, numpy'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    return `${PYTHON} with scikit-learn is not available; install it with apt-get install python3-sklearn`;
  }
  return undefined;
}

function buildCases(): OracleCase[] {
  const random = mulberry32(20240611);
  const cases: OracleCase[] = [
    { labels_true: [], labels_pred: [] },
    { labels_true: [4], labels_pred: [-1] },
    { labels_true: [0, 0, 0], labels_pred: [0, 1, 2] },
  ];
  const sizes = [2, 5, 30, 200, 1000, 20_000];
  const labelCounts = [1, 2, 5, 50, 500];
  for (const n of sizes) {
    for (const k of labelCounts) {
      // Offset -1 makes -1 one of the labels, as DBSCAN noise.
      cases.push({
        labels_true: randomLabels(random, n, k, -1),
        labels_pred: randomLabels(random, n, Math.max(1, k - 1)),
      });
    }
    // A noisy copy of the truth, so that scores are far from 0.
    const truth = randomLabels(random, n, 8);
    const noisy = truth.map((label) => (random() < 0.2 ? Math.floor(random() * 10) : label));
    cases.push({ labels_true: truth, labels_pred: noisy });
    // String labels against sparse large integers.
    cases.push({
      labels_true: randomLabels(random, n, 6).map((label) => `class-${label}`),
      labels_pred: randomLabels(random, n, 4).map((label) => label * 1_000_003 - 7),
    });
  }
  return cases;
}

function assertClose(actual: number, expected: number, context: string): void {
  assert.ok(
    Math.abs(actual - expected) <= TOLERANCE,
    `${context}: expected ${expected} (scikit-learn), got ${actual}`,
  );
}

void describe('sklearn oracle', () => {
  const reason = oracleUnavailable();

  void it('random labellings match sklearn', { skip: reason }, () => {
    const cases = buildCases();
    const script = resolveRepoPath('libs/metrics/test-fixtures/oracle/sklearn_clustering.py');
    const run = spawnSync(PYTHON, [script], {
      input: JSON.stringify({ cases }),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(run.status, 0, `oracle script failed: ${run.stderr}`);
    const { results } = JSON.parse(run.stdout) as { results: OracleResult[] };
    assert.equal(results.length, cases.length);

    cases.forEach((oracleCase, index) => {
      const expected = results[index];
      const { labels_true: labelsTrue, labels_pred: labelsPred } = oracleCase;
      const label = `case ${index} (n = ${labelsTrue.length})`;
      assertClose(
        adjustedRandIndex(labelsTrue, labelsPred),
        expected.adjusted_rand_index,
        `${label} ARI`,
      );
      if (typeof expected.mutual_info === 'number') {
        assertClose(mutualInfo(labelsTrue, labelsPred), expected.mutual_info, `${label} MI`);
      } else {
        assert.throws(
          () => mutualInfo(labelsTrue, labelsPred),
          { name: 'MetricInputError' },
          `${label} MI`,
        );
      }
      assertClose(entropy(labelsTrue), expected.entropy_true, `${label} H(labels_true)`);
      assertClose(entropy(labelsPred), expected.entropy_pred, `${label} H(labels_pred)`);
      for (const averageMethod of AVERAGE_METHODS) {
        assertClose(
          normalizedMutualInfo(labelsTrue, labelsPred, { averageMethod }),
          expected.normalized_mutual_info[averageMethod],
          `${label} NMI ${averageMethod}`,
        );
      }
    });
  });
});
