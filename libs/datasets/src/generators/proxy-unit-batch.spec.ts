import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateProxyUnitBatch } from './proxy-unit-batch';

function rowNorms(data: ArrayLike<number>, dim: number): number[] {
  return Array.from({ length: data.length / dim }, (_, row) =>
    Math.hypot(...Array.from({ length: dim }, (_, axis) => data[row * dim + axis])),
  );
}

describe('generateProxyUnitBatch', () => {
  const params = { batch: 12, classes: 5, dim: 4, noise: 0.05, seed: 3 };

  it('shapes', () => {
    const dataset = generateProxyUnitBatch('unit', params);
    assert.deepEqual(dataset.inputs?.embeddings.shape, [12, 4]);
    assert.deepEqual(dataset.inputs?.proxies.shape, [5, 4]);
    assert.deepEqual(Array.from(dataset.inputs?.labels.data ?? []).slice(0, 6), [0, 1, 2, 3, 4, 0]);
  });

  it('norms between 0.5 and 2', () => {
    const dataset = generateProxyUnitBatch('unit', params);
    const norms = [
      ...rowNorms(dataset.inputs?.embeddings.data ?? [], 4),
      ...rowNorms(dataset.inputs?.proxies.data ?? [], 4),
    ];
    assert.ok(
      norms.every((norm) => norm >= 0.5 - 1e-12 && norm <= 2 + 1e-12),
      String(norms),
    );
  });

  it('small noise keeps each embedding beside its proxy', () => {
    const dataset = generateProxyUnitBatch('unit', params);
    const embeddings = dataset.inputs?.embeddings.data ?? [];
    const proxies = dataset.inputs?.proxies.data ?? [];
    const embeddingNorms = rowNorms(embeddings, 4);
    const proxyNorms = rowNorms(proxies, 4);
    for (let row = 0; row < 12; row++) {
      const label = row % 5;
      let cosine = 0;
      for (let axis = 0; axis < 4; axis++) {
        cosine += embeddings[row * 4 + axis] * proxies[label * 4 + axis];
      }
      cosine /= embeddingNorms[row] * proxyNorms[label];
      assert.ok(cosine > 0.9, `row ${row}: cosine ${cosine}`);
    }
  });

  it('same seed, same values', () => {
    const first = generateProxyUnitBatch('unit', params);
    const second = generateProxyUnitBatch('unit', params);
    assert.deepEqual(first.X, second.X);
  });

  it('rejects one class', () => {
    assert.throws(() => generateProxyUnitBatch('unit', { ...params, classes: 1 }), /classes/);
  });
});
