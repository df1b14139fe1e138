import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Label } from '../check-input';
import { mulberry32, randomLabels, randomPermutation } from '../testing/random-labels';
import { adjustedRandIndex } from './adjusted-rand-index';
import { entropy } from './entropy';
import { mutualInfo } from './mutual-info';
import { AVERAGE_METHODS, normalizedMutualInfo } from './normalized-mutual-info';

/** A metric on a pair of labellings and the properties it is known to have. */
interface PairMetric {
  name: string;
  compute(labelsTrue: readonly Label[], labelsPred: readonly Label[]): number;
  symmetric: boolean;
  /** Bounds that hold for every input; MI's upper bound depends on the input. */
  bounds(labelsTrue: readonly Label[], labelsPred: readonly Label[]): [number, number];
}

const ROUNDING = 1e-12;

const PAIR_METRICS: PairMetric[] = [
  {
    name: 'adjusted_rand_index',
    compute: adjustedRandIndex,
    symmetric: true,
    bounds: () => [-0.5, 1],
  },
  {
    name: 'mutual_info',
    compute: mutualInfo,
    symmetric: true,
    bounds: (a, b) => [0, Math.min(entropy(a), entropy(b))],
  },
  ...AVERAGE_METHODS.map((averageMethod): PairMetric => ({
    name: `normalized_mutual_info (${averageMethod})`,
    compute: (a, b) => normalizedMutualInfo(a, b, { averageMethod }),
    symmetric: true,
    bounds: () => [0, 1],
  })),
];

function samplePairs(): [number[], number[]][] {
  const random = mulberry32(7);
  const pairs: [number[], number[]][] = [];
  for (const n of [3, 17, 200, 3000]) {
    for (const k of [2, 4, 30]) {
      pairs.push([randomLabels(random, n, k, -1), randomLabels(random, n, k + 1)]);
    }
  }
  return pairs;
}

function assertNear(actual: number, expected: number, context: string): void {
  assert.ok(
    Math.abs(actual - expected) <= ROUNDING,
    `${context}: expected ${expected}, got ${actual}`,
  );
}

for (const metric of PAIR_METRICS) {
  void describe(`${metric.name} properties`, () => {
    const random = mulberry32(99);

    void it('invariant to label renaming', () => {
      for (const [labelsTrue, labelsPred] of samplePairs()) {
        const renamedTrue = labelsTrue.map((label) => `t${(label * 7919) % 104729}`);
        const renamedPred = labelsPred.map((label) => 1000 - 3 * label);
        assertNear(
          metric.compute(renamedTrue, renamedPred),
          metric.compute(labelsTrue, labelsPred),
          `n = ${labelsTrue.length}`,
        );
      }
    });

    void it('invariant to joint sample order', () => {
      for (const [labelsTrue, labelsPred] of samplePairs()) {
        const order = randomPermutation(random, labelsTrue.length);
        const permutedTrue = order.map((i) => labelsTrue[i]);
        const permutedPred = order.map((i) => labelsPred[i]);
        assertNear(
          metric.compute(permutedTrue, permutedPred),
          metric.compute(labelsTrue, labelsPred),
          `n = ${labelsTrue.length}`,
        );
      }
    });

    void it(
      'symmetric in its arguments',
      { skip: metric.symmetric ? undefined : 'not symmetric' },
      () => {
        for (const [labelsTrue, labelsPred] of samplePairs()) {
          assertNear(
            metric.compute(labelsPred, labelsTrue),
            metric.compute(labelsTrue, labelsPred),
            `n = ${labelsTrue.length}`,
          );
        }
      },
    );

    void it('within its bounds', () => {
      for (const [labelsTrue, labelsPred] of samplePairs()) {
        const value = metric.compute(labelsTrue, labelsPred);
        const [low, high] = metric.bounds(labelsTrue, labelsPred);
        assert.ok(value >= low - ROUNDING, `n = ${labelsTrue.length}: ${value} < ${low}`);
        assert.ok(value <= high + ROUNDING, `n = ${labelsTrue.length}: ${value} > ${high}`);
      }
    });

    void it('changes when the prediction changes', () => {
      // Guards the properties above against a metric that returns a constant.
      const labelsTrue = [0, 0, 0, 1, 1, 1, 2, 2, 2];
      const exact = metric.compute(labelsTrue, labelsTrue);
      const shuffled = metric.compute(labelsTrue, [0, 1, 2, 0, 1, 2, 0, 1, 2]);
      assert.notEqual(exact, shuffled);
    });
  });
}
