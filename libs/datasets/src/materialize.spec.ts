import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { materializeDataset, type DatasetEntry } from './materialize';

void describe('materializeDataset', () => {
  void it('loads a source', () => {
    const digits = materializeDataset('digits-test', { source: 'digits' });
    assert.equal(digits.id, 'digits-test');
    assert.equal(digits.n, 1797);
  });

  void it('runs a generator', () => {
    const blobs = materializeDataset('blobs-3', {
      generator: 'blobs',
      params: { n_samples: 30, n_features: 2, centers: 3, cluster_std: 1, center_box: 5, seed: 1 },
    });
    assert.equal(blobs.id, 'blobs-3');
    assert.equal(blobs.version, 'blobs@1');
  });

  void it('lists known sources for an unknown name', () => {
    assert.throws(() => materializeDataset('x', { source: 'mnist' }), {
      name: 'DatasetError',
      message:
        'dataset "x": unknown source "mnist"; known sources: digits, digits-split, digits-class-split',
    });
  });

  void it('lists known generators for an unknown name', () => {
    assert.throws(
      () => materializeDataset('x', { generator: 'swiss-roll' }),
      /unknown generator "swiss-roll"; known generators: blobs, moons/,
    );
  });

  void it('ignores inherited property names', () => {
    assert.throws(
      () => materializeDataset('x', { generator: 'toString' }),
      /unknown generator "toString"/,
    );
  });

  void it('rejects both source and generator', () => {
    const entry = { source: 'digits', generator: 'blobs' } as unknown as DatasetEntry;
    assert.throws(
      () => materializeDataset('x', entry),
      /give exactly one of "source" and "generator"/,
    );
  });

  void it('rejects params for digits', () => {
    assert.throws(
      () => materializeDataset('x', { source: 'digits', params: { n: 5 } }),
      /digits: takes no parameters, got n/,
    );
  });
});
