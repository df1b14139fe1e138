import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedProxyNcaLoss } from './proxy-nca-oracle';

/** The loss by its definition, for finite differences: float64, no shortcuts. */
function lossOnly(
  embeddings: number[],
  labels: number[],
  proxies: number[],
  dim: number,
  scale: number,
): number {
  return expectedProxyNcaLoss(embeddings, labels, proxies, dim, scale).loss;
}

function centralDifference(
  values: number[],
  index: number,
  evaluate: (shifted: number[]) => number,
): number {
  const step = 1e-6;
  const up = [...values];
  const down = [...values];
  up[index] += step;
  down[index] -= step;
  return (evaluate(up) - evaluate(down)) / (2 * step);
}

// Two classes in the plane: proxy 0 along x (norm 2), proxy 1 along y (norm 0.5).
const PROXIES = [2, 0, 0, 0.5];

describe('expectedProxyNcaLoss', () => {
  it('embedding on its proxy', () => {
    // x̂ = p̂_0: d_0 = 0, d_1 = ‖(1, 0) − (0, 1)‖² = 2, so L = 0 + log exp(−2s) = −2s.
    const result = expectedProxyNcaLoss([3, 0], [0], PROXIES, 2, 1.5);
    assert.ok(Math.abs(result.loss - -3) < 1e-12);
  });

  it('normalises embeddings and proxies', () => {
    // (1, 1) at any norm: d_0 = d_1 = 2 − √2, so L = s·d_0 − s·d_1 = 0.
    const short = expectedProxyNcaLoss([0.1, 0.1], [1], PROXIES, 2, 4).loss;
    assert.ok(Math.abs(short) < 1e-12);
  });

  it('three classes by hand', () => {
    // x̂ = (1, 0), proxies (1, 0), (0, 1), (−1, 0): d = 0, 2, 4; label 1, s = 1:
    // L = 2 + log(e^0 + e^−4).
    const result = expectedProxyNcaLoss([1, 0], [1], [1, 0, 0, 1, -1, 0], 2, 1);
    assert.ok(Math.abs(result.loss - (2 + Math.log(1 + Math.exp(-4)))) < 1e-12);
  });

  it('large scale stays finite', () => {
    // Every exp(−s·d) of a negative underflows in float64 without the shift by the largest term.
    const result = expectedProxyNcaLoss([1, 0], [0], [1, 0, -1, 0], 2, 1000);
    assert.ok(Math.abs(result.loss - -4000) < 1e-9);
  });

  it('gradients match finite differences', () => {
    const embeddings = [0.3, -1.2, 0.7, 1.5, 0.2, -0.4, -0.9, 0.8, 1.1];
    const labels = [0, 2, 1];
    const proxies = [1.4, 0.1, -0.3, -0.2, 0.9, 0.5, 0.6, -0.7, 1.8];
    const result = expectedProxyNcaLoss(embeddings, labels, proxies, 3, 2.5);
    embeddings.forEach((_, index) => {
      const numeric = centralDifference(embeddings, index, (shifted) =>
        lossOnly(shifted, labels, proxies, 3, 2.5),
      );
      assert.ok(
        Math.abs(result.gradEmbeddings[index] - numeric) < 1e-6,
        `embeddings[${index}]: ${result.gradEmbeddings[index]} against ${numeric}`,
      );
    });
    proxies.forEach((_, index) => {
      const numeric = centralDifference(proxies, index, (shifted) =>
        lossOnly(embeddings, labels, shifted, 3, 2.5),
      );
      assert.ok(
        Math.abs(result.gradProxies[index] - numeric) < 1e-6,
        `proxies[${index}]: ${result.gradProxies[index]} against ${numeric}`,
      );
    });
  });

  it('rejects a label without a proxy', () => {
    assert.throws(() => expectedProxyNcaLoss([1, 0], [2], PROXIES, 2, 1), /label 2 of row 0/);
  });
});
