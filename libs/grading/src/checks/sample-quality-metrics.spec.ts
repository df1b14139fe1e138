import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { materializeDataset, type Dataset } from '@dmlg/datasets';
import { spriteNetFeatures, SPRITE_NET_FEATURE_DIM } from '../feature-network/sprite-net';
import type { MetricContext } from './check-metric';
import {
  coverageMetric,
  kidStyleMetric,
  precisionMetric,
  shapesCovered,
  shapesCoveredMetric,
} from './sample-quality-metrics';

const dataset: Dataset = materializeDataset('sprites', {
  generator: 'sprites',
  params: { seed: 8001, test_fraction: 0.2 },
});
const SAMPLES = 300;

/** The first `rows` held-out sprites whose shape factor passes `keep`, as a samples output. */
function heldOutSamples(rows: number, keep: (shape: number) => boolean): MetricContext {
  const factors = dataset.factors;
  assert.ok(factors);
  const data = new Float64Array(rows * dataset.d);
  let taken = 0;
  for (let i = 0; i < dataset.n && taken < rows; i++) {
    if (!keep(factors.values[i * 5])) continue;
    data.set(dataset.X.subarray(i * dataset.d, (i + 1) * dataset.d), taken * dataset.d);
    taken++;
  }
  assert.equal(taken, rows);
  return {
    task: {
      id: 'gan-sprites',
      driver_params: { samples: rows },
    } as unknown as MetricContext['task'],
    dataset,
    outputs: new Map([
      ['samples', { dtype: '<f4', kind: 'float', shape: [rows, dataset.d], data }],
    ]),
  };
}

function features(context: MetricContext) {
  const samples = context.outputs.get('samples');
  assert.ok(samples);
  const rows = samples.shape[0];
  return {
    data: Float64Array.from(spriteNetFeatures(samples.data, rows)),
    rows,
    cols: SPRITE_NET_FEATURE_DIM,
  };
}

void describe('sample quality metrics', () => {
  const real = heldOutSamples(SAMPLES, () => true);
  const squares = heldOutSamples(SAMPLES / 3, (shape) => shape === 0);

  void it('held-out sprites cover four shapes', () => {
    assert.equal(shapesCoveredMetric.measure(real), 4);
  });

  void it('squares only cover one shape', () => {
    assert.equal(shapesCovered(features(squares)), 1);
  });

  void it('held-out sprites beat the baseline', () => {
    for (const metric of [precisionMetric, coverageMetric]) {
      assert.ok(metric.measure(real) > metric.baseline(real), metric.name);
    }
    assert.ok(kidStyleMetric.measure(real) < kidStyleMetric.baseline(real));
  });

  void it('one shape lowers coverage', () => {
    assert.ok(coverageMetric.measure(squares) < coverageMetric.measure(real));
  });
});
