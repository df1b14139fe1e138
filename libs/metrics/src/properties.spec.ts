import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { selectTensorflowBackend } from './backend/select-backend';
import { adjustedMutualInfo } from './clustering/adjusted-mutual-info';
import { calinskiHarabasz } from './clustering/calinski-harabasz';
import { daviesBouldin } from './clustering/davies-bouldin';
import { homogeneityCompletenessVMeasure } from './clustering/homogeneity-completeness-v-measure';
import { purity } from './clustering/purity';
import { silhouetteScore } from './clustering/silhouette';
import { frechetDistance } from './generative/frechet-distance';
import { kernelInceptionDistance } from './generative/kernel-inception-distance';
import { precisionRecallDensityCoverage } from './generative/precision-recall-density-coverage';
import type { Matrix } from './matrix';
import { retrievalScores } from './retrieval/retrieval-accuracy';
import { mulberry32, randomLabels, randomPermutation } from './testing/random-labels';

const ROUNDING = 1e-9;

function gaussian(random: () => number, n: number, d: number, shift = 0): Matrix {
  const data = new Float64Array(n * d);
  for (let t = 0; t < data.length; t++) {
    data[t] = shift + Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  }
  return { data, rows: n, cols: d };
}

function permuteRows(matrix: Matrix, order: number[]): Matrix {
  const data = new Float64Array(matrix.data.length);
  order.forEach((source, target) => {
    data.set(
      matrix.data.subarray(source * matrix.cols, (source + 1) * matrix.cols),
      target * matrix.cols,
    );
  });
  return { data, rows: matrix.rows, cols: matrix.cols };
}

function assertNear(actual: number, expected: number, context: string): void {
  assert.ok(
    Math.abs(actual - expected) <= ROUNDING * Math.max(1, Math.abs(expected)),
    `${context}: expected ${expected}, got ${actual}`,
  );
}

/** A metric of a labelled point set, with its known bounds. */
interface GeometricMetric {
  name: string;
  compute(X: Matrix, labels: readonly number[]): number;
  bounds: [number, number];
}

const GEOMETRIC: GeometricMetric[] = [
  {
    name: 'silhouette',
    compute: (X, l) => silhouetteScore(X.data, X.rows, X.cols, l),
    bounds: [-1, 1],
  },
  {
    name: 'davies_bouldin',
    compute: (X, l) => daviesBouldin(X.data, X.rows, X.cols, l),
    bounds: [0, Infinity],
  },
  {
    name: 'calinski_harabasz',
    compute: (X, l) => calinskiHarabasz(X.data, X.rows, X.cols, l),
    bounds: [0, Infinity],
  },
];

for (const metric of GEOMETRIC) {
  void describe(`${metric.name} properties`, () => {
    const random = mulberry32(11);
    const labels = randomLabels(random, 150, 4, -1);
    const X = gaussian(random, 150, 5);

    void it('invariant to label renaming', () => {
      const renamed = labels.map((label) => 100 - 7 * label);
      assertNear(metric.compute(X, renamed), metric.compute(X, labels), metric.name);
    });

    void it('invariant to sample order', () => {
      const order = randomPermutation(random, labels.length);
      const permuted = permuteRows(X, order);
      assertNear(
        metric.compute(
          permuted,
          order.map((i) => labels[i]),
        ),
        metric.compute(X, labels),
        metric.name,
      );
    });

    void it('within its bounds', () => {
      const value = metric.compute(X, labels);
      assert.ok(
        value >= metric.bounds[0] && value <= metric.bounds[1],
        `${value} outside ${metric.bounds.join('..')}`,
      );
    });

    void it('rejects a single label', () => {
      assert.throws(
        () =>
          metric.compute(
            X,
            labels.map(() => 3),
          ),
        { name: 'MetricInputError', message: /got 1$/ },
      );
    });
  });
}

void describe('label-pair metric properties', () => {
  const random = mulberry32(5);
  const labelsTrue = randomLabels(random, 400, 6, -1);
  const labelsPred = labelsTrue.map((label) => (random() < 0.5 ? Math.floor(random() * 7) : label));
  const order = randomPermutation(random, labelsTrue.length);
  const renamedTrue = labelsTrue.map((label) => `c${label}`);

  void it('AMI symmetric and renaming invariant', () => {
    const value = adjustedMutualInfo(labelsTrue, labelsPred);
    assertNear(adjustedMutualInfo(labelsPred, labelsTrue), value, 'symmetry');
    assertNear(adjustedMutualInfo(renamedTrue, labelsPred), value, 'renaming');
    assertNear(
      adjustedMutualInfo(
        order.map((i) => labelsTrue[i]),
        order.map((i) => labelsPred[i]),
      ),
      value,
      'order',
    );
    assert.ok(value <= 1, `AMI ${value} > 1`);
  });

  void it('AMI of identical partitions is 1', () => {
    assert.equal(adjustedMutualInfo([0, 1], [0, 1]), 1);
  });

  void it('V-measure swaps h and c', () => {
    const forward = homogeneityCompletenessVMeasure(labelsTrue, labelsPred);
    const backward = homogeneityCompletenessVMeasure(labelsPred, labelsTrue);
    assertNear(backward.homogeneity, forward.completeness, 'h/c swap');
    assertNear(backward.vMeasure, forward.vMeasure, 'V symmetric at beta 1');
    assert.ok(forward.vMeasure >= 0, `V ${forward.vMeasure} < 0`);
    assert.ok(forward.vMeasure <= 1, `V ${forward.vMeasure} > 1`);
  });

  void it('purity renaming invariant and bounded', () => {
    const value = purity(labelsTrue, labelsPred);
    assertNear(
      purity(
        renamedTrue,
        labelsPred.map((label) => -label),
      ),
      value,
      'renaming',
    );
    assert.ok(value > 0, `purity ${value} <= 0`);
    assert.ok(value <= 1, `purity ${value} > 1`);
  });
});

void describe('generative metric properties', () => {
  const random = mulberry32(23);
  const real = gaussian(random, 60, 6);
  const fake = gaussian(random, 80, 6, 0.5);

  void it('FD symmetric and non-negative', () => {
    const value = frechetDistance(real, fake);
    assertNear(frechetDistance(fake, real), value, 'symmetry');
    assert.ok(value > 0);
  });

  void it('FD invariant to sample order', () => {
    assertNear(
      frechetDistance(permuteRows(real, randomPermutation(random, 60)), fake),
      frechetDistance(real, fake),
      'order',
    );
  });

  void it('FD of a set with itself is 0', () => {
    assert.ok(Math.abs(frechetDistance(real, real)) < 1e-10);
  });

  void it('FD with fewer samples than dims', () => {
    // Both routes must give the same value: 8 samples in 6 dims use the covariances, the
    // same samples padded with 4 zero dims (10 dims) use the sample space.
    const pad = (m: Matrix): Matrix => {
      const data = new Float64Array(m.rows * 10);
      for (let i = 0; i < m.rows; i++) data.set(m.data.subarray(i * 6, i * 6 + 6), i * 10);
      return { data, rows: m.rows, cols: 10 };
    };
    const a = { data: real.data.slice(0, 48), rows: 8, cols: 6 };
    const b = { data: fake.data.slice(0, 48), rows: 8, cols: 6 };
    assertNear(frechetDistance(pad(a), pad(b)), frechetDistance(a, b), 'padded');
  });

  void it('KID full sets symmetric', () => {
    const forward = kernelInceptionDistance(real, fake, { subsetSize: null }).mean;
    assertNear(kernelInceptionDistance(fake, real, { subsetSize: null }).mean, forward, 'symmetry');
  });

  void it('PRDC precision and recall swap', () => {
    const forward = precisionRecallDensityCoverage(real, fake, 3);
    const backward = precisionRecallDensityCoverage(fake, real, 3);
    assert.equal(backward.precision, forward.recall);
    assert.equal(backward.recall, forward.precision);
  });
});

void describe('retrieval properties', () => {
  before(async () => {
    await selectTensorflowBackend({ log: () => undefined });
  });
  const random = mulberry32(31);
  const labels = randomLabels(random, 120, 5);
  const embeddings = gaussian(random, 120, 4);
  for (let i = 0; i < 120; i++) embeddings.data[i * 4] += labels[i];

  void it('invariant to label renaming', () => {
    const base = retrievalScores(embeddings, labels, { ks: [1, 4] });
    const renamed = retrievalScores(
      embeddings,
      labels.map((label) => `class ${label}`),
      { ks: [1, 4] },
    );
    assert.deepEqual(renamed, base);
  });

  void it('invariant to sample order', () => {
    const order = randomPermutation(random, labels.length);
    const base = retrievalScores(embeddings, labels);
    const permuted = retrievalScores(
      permuteRows(embeddings, order),
      order.map((i) => labels[i]),
    );
    assertNear(permuted.mapAtR, base.mapAtR, 'MAP@R');
    assertNear(permuted.precisionAt1, base.precisionAt1, 'P@1');
  });

  void it('scores within [0, 1] and ordered', () => {
    const scores = retrievalScores(embeddings, labels, { ks: [1, 10] });
    assert.ok(scores.mapAtR >= 0, `MAP@R ${scores.mapAtR} < 0`);
    assert.ok(scores.mapAtR <= scores.rPrecision + ROUNDING, 'MAP@R above R-precision');
    assert.ok(scores.recallAtK['10'] >= scores.recallAtK['1']);
    assert.equal(scores.recallAtK['1'], scores.precisionAt1);
  });

  void it('rejects k equal to n', () => {
    assert.throws(() => retrievalScores(embeddings, labels, { k: 120 }), {
      message:
        'retrieval: k must be an integer in [1, 119] (the reference items other than the query), got 120',
    });
  });

  void it('rejects a NaN embedding', () => {
    const broken = { ...embeddings, data: embeddings.data.slice() };
    broken.data[9] = Number.NaN;
    assert.throws(() => retrievalScores(broken, labels), {
      message: 'retrieval: query[2, 1] must be finite, got NaN',
    });
  });
});
