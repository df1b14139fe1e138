import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataset, DecodedNpy } from '@dmlg/datasets';
import type { MetricContext } from './check-metric';
import {
  reparameterizationMetric,
  vaeKlTermMetric,
  vaeReconstructionTermMetric,
  vaeTotalLossMetric,
} from './vae-unit-metrics';

function array(shape: number[], values: number[]): DecodedNpy {
  return { dtype: '<f8', kind: 'float', shape, data: Float64Array.from(values) };
}

function context(outputs: Record<string, DecodedNpy>): MetricContext {
  return {
    task: { id: 'vae-loss-units' } as MetricContext['task'],
    dataset: { id: 'sprites' } as Dataset,
    outputs: new Map(Object.entries(outputs)),
  };
}

// One case, one image of two pixels, one latent dimension: x = (1, 0), logits = (0, 2),
// mu = 1, logvar = 0, beta = 2. recon = log 2 + log(1 + e²); kl = 0.5 (1 + 1 − 1 − 0) = 0.5.
const RECON = Math.log(2) + Math.log(1 + Math.exp(2));
const KL = 0.5;

function lossOutputs(recon: number, kl: number, total: number): MetricContext {
  return context({
    unit_x: array([1, 1, 2], [1, 0]),
    unit_logits: array([1, 1, 2], [0, 2]),
    unit_mu: array([1, 1, 1], [1]),
    unit_logvar: array([1, 1, 1], [0]),
    unit_beta: array([1], [2]),
    unit_recon: array([1], [recon]),
    unit_kl: array([1], [kl]),
    unit_total: array([1], [total]),
  });
}

void describe('vae unit metrics', () => {
  void it('correct terms score 1', () => {
    const correct = lossOutputs(RECON, KL, RECON + 2 * KL);
    assert.equal(vaeKlTermMetric.measure(correct), 1);
    assert.equal(vaeReconstructionTermMetric.measure(correct), 1);
    assert.equal(vaeTotalLossMetric.measure(correct), 1);
  });

  void it('kl without 0.5 scores 0', () => {
    assert.equal(vaeKlTermMetric.measure(lossOutputs(RECON, 2 * KL, RECON + 4 * KL)), 0);
  });

  void it('recon averaged over pixels scores 0', () => {
    assert.equal(
      vaeReconstructionTermMetric.measure(lossOutputs(RECON / 2, KL, RECON / 2 + 2 * KL)),
      0,
    );
  });

  void it('total checked against own terms', () => {
    assert.equal(vaeTotalLossMetric.measure(lossOutputs(RECON / 2, KL, RECON / 2 + 2 * KL)), 1);
    assert.equal(vaeTotalLossMetric.measure(lossOutputs(RECON, KL, 2 * RECON + KL)), 0);
  });
});

/** 4,000 draws alternating mu ± spread: mean mu, standard deviation about spread. */
function reparameterizeOutputs(spread: number): MetricContext {
  const draws = Array.from({ length: 4000 }, (_, index) =>
    index % 2 === 0 ? 1 + spread : 1 - spread,
  );
  return context({
    rep_mu: array([1, 1], [1]),
    rep_logvar: array([1, 1], [Math.log(4)]),
    rep_z: array([4000, 1, 1], draws),
  });
}

void describe('reparameterizationMetric', () => {
  void it('std exp(0.5 logvar) passes', () => {
    assert.equal(reparameterizationMetric.measure(reparameterizeOutputs(2)), 1);
  });

  void it('std exp(logvar) fails', () => {
    assert.equal(reparameterizationMetric.measure(reparameterizeOutputs(4)), 0);
  });
});
