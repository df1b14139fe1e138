import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataset, DecodedNpy } from '@dmlg/datasets';
import type { MetricContext } from './check-metric';
import {
  ganDiscriminatorLossMetric,
  ganGeneratorLossMetric,
  wganCriticLossMetric,
  wganGeneratorLossMetric,
  wganGradientPenaltyMetric,
  wganInterpolationMetric,
  wganWeightClippingMetric,
} from './gan-unit-metrics';

function array(shape: number[], values: number[]): DecodedNpy {
  return { dtype: '<f8', kind: 'float', shape, data: Float64Array.from(values) };
}

function context(outputs: Record<string, DecodedNpy>): MetricContext {
  return {
    task: { id: 'units' } as MetricContext['task'],
    dataset: { id: 'sprites' } as Dataset,
    outputs: new Map(Object.entries(outputs)),
  };
}

// One case, batch of two: real logits (2, 0), fake logits (1, −1).
// D loss = mean(log(1 + e^−2), log 2) + mean(log(1 + e), log(1 + e^−1)).
// Non-saturating G loss = mean(log(1 + e^−1), log(1 + e)).
const D_LOSS =
  (Math.log(1 + Math.exp(-2)) + Math.log(2)) / 2 +
  (Math.log(1 + Math.E) + Math.log(1 + Math.exp(-1))) / 2;
const G_LOSS = (Math.log(1 + Math.exp(-1)) + Math.log(1 + Math.E)) / 2;

function lossCase(name: string, own: number, generator: number): MetricContext {
  return context({
    unit_real: array([1, 2], [2, 0]),
    unit_fake: array([1, 2], [1, -1]),
    [name]: array([1], [own]),
    unit_g_loss: array([1], [generator]),
  });
}

void describe('gan loss metrics', () => {
  void it('correct losses score 1', () => {
    const correct = lossCase('unit_d_loss', D_LOSS, G_LOSS);
    assert.equal(ganDiscriminatorLossMetric.measure(correct), 1);
    assert.equal(ganGeneratorLossMetric.measure(correct), 1);
  });

  void it('halved discriminator loss scores 0', () => {
    assert.equal(ganDiscriminatorLossMetric.measure(lossCase('unit_d_loss', D_LOSS / 2, 0)), 0);
  });

  void it('flipped generator sign scores 0', () => {
    assert.equal(ganGeneratorLossMetric.measure(lossCase('unit_d_loss', 0, -G_LOSS)), 0);
  });

  void it('saturating generator loss scores 0', () => {
    // mean log(1 − σ(f)) = −mean log(1 + e^f) over f = (1, −1).
    const saturating = -(Math.log(1 + Math.E) + Math.log(1 + Math.exp(-1))) / 2;
    assert.equal(ganGeneratorLossMetric.measure(lossCase('unit_d_loss', 0, saturating)), 0);
  });

  void it('wgan losses are score differences', () => {
    // mean(fake) − mean(real) = 0 − 1; −mean(fake) = 0.
    const correct = lossCase('unit_c_loss', -1, 0);
    assert.equal(wganCriticLossMetric.measure(correct), 1);
    assert.equal(wganGeneratorLossMetric.measure(correct), 1);
  });

  void it('swapped critic loss scores 0', () => {
    assert.equal(wganCriticLossMetric.measure(lossCase('unit_c_loss', 1, 0)), 0);
  });
});

// One case, two samples of two elements; critic f(x) = Σ (a x²/2 + b x) with a = (1, 2),
// b = (0, 1). real = ((0, 0), (1, 1)), fake = ((1, 1), (3, −1)).
// With ε = (0.5, 0.25): x̂₁ = (0.5, 0.5), x̂₂ = (2.5, −0.5).
// Gradients a ⊙ x̂ + b: (0.5, 2) with norm √4.25, (2.5, 0) with norm 2.5.
// Penalty with weight 10: 10 · ((√4.25 − 1)² + 1.5²) / 2.
const REAL = [0, 0, 1, 1];
const FAKE = [1, 1, 3, -1];
const POINTS = [0.5, 0.5, 2.5, -0.5];
const PENALTY = (10 * ((Math.sqrt(4.25) - 1) ** 2 + 1.5 ** 2)) / 2;

function penaltyCase(points: number[], value: number, seen = 1): MetricContext {
  return context({
    gp_real: array([1, 2, 2], REAL),
    gp_fake: array([1, 2, 2], FAKE),
    gp_points: array([1, 2, 2], points),
    gp_seen: array([1], [seen]),
    gp_a: array([1, 2], [1, 2]),
    gp_b: array([1, 2], [0, 1]),
    gp_weight: array([1], [10]),
    gp_value: array([1], [value]),
  });
}

void describe('gradient penalty metrics', () => {
  void it('hand-computed penalty scores 1', () => {
    assert.equal(wganGradientPenaltyMetric.measure(penaltyCase(POINTS, PENALTY)), 1);
  });

  void it('penalty without weight scores 0', () => {
    assert.equal(wganGradientPenaltyMetric.measure(penaltyCase(POINTS, PENALTY / 10)), 0);
  });

  void it('element-wise norm scores 0', () => {
    // |g| per element: (0.5, 2, 2.5, 0), mean over all four of (|g| − 1)².
    const elementwise = (10 * (0.25 + 1 + 2.25 + 1)) / 4;
    assert.equal(wganGradientPenaltyMetric.measure(penaltyCase(POINTS, elementwise)), 0);
  });

  void it('critic never called scores 0', () => {
    assert.equal(wganGradientPenaltyMetric.measure(penaltyCase([0, 0, 0, 0], 0, 0)), 0);
  });

  void it('per-sample interpolation scores 1', () => {
    assert.equal(wganInterpolationMetric.measure(penaltyCase(POINTS, PENALTY)), 1);
  });

  void it('real points only score 0', () => {
    assert.equal(wganInterpolationMetric.measure(penaltyCase(REAL, 0)), 0);
  });

  void it('one weight per batch scores 0', () => {
    // ε = 0.5 for both samples: x̂₂ = (2, 0).
    assert.equal(wganInterpolationMetric.measure(penaltyCase([0.5, 0.5, 2, 0], 0)), 0);
  });

  void it('per-element weights score 0', () => {
    // Sample 1 with ε = (0.5, 0.25) across its elements is off the segment.
    assert.equal(wganInterpolationMetric.measure(penaltyCase([0.5, 0.75, 2.5, -0.5], 0)), 0);
  });
});

void describe('weight clipping metric', () => {
  function clipCase(after: number[]): MetricContext {
    return context({
      clip_before: array([3], [0.2, -0.01, -0.3]),
      clip_after: array([3], after),
      clip_value: array([1], [0.05]),
    });
  }

  void it('clamped parameters score 1', () => {
    assert.equal(wganWeightClippingMetric.measure(clipCase([0.05, -0.01, -0.05])), 1);
  });

  void it('one unclipped parameter scores 2/3', () => {
    assert.equal(wganWeightClippingMetric.measure(clipCase([0.05, -0.01, -0.3])), 2 / 3);
  });
});
