import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exactDbscanClusters, noiseAsSingletons } from './density-clustering-metrics';
import { dbscan, hdbscan, pairwiseDistances } from './density-reference';

// Points on a line: chain 0..4, a lone point 5.9, an isolated 20, a chain 30..32.
const LINE = [0, 1, 2, 3, 4, 5.9, 20, 30, 31, 32];
const distances = pairwiseDistances(LINE, LINE.length, 1);

void describe('dbscan', () => {
  void it('hand example', () => {
    // eps 1, min_samples 3 (the point itself counted): core 1, 2, 3 and 31.
    const result = dbscan(distances, LINE.length, 1, 3);
    assert.deepEqual([...result.labels], [0, 0, 0, 0, 0, -1, -1, 1, 1, 1]);
    assert.deepEqual([...result.core], [0, 1, 1, 1, 0, 0, 0, 0, 1, 0]);
  });
});

void describe('exactDbscanClusters', () => {
  const reference = dbscan(distances, LINE.length, 1, 3);

  void it('reference reproduces all', () => {
    assert.equal(exactDbscanClusters(reference, distances, LINE.length, 1, reference.labels), 1);
  });

  void it('start point as noise fails its cluster', () => {
    const labels = [0, -1, 0, 0, 0, -1, -1, 1, 1, 1];
    assert.equal(exactDbscanClusters(reference, distances, LINE.length, 1, labels), 0.5);
  });

  void it('noise joined fails its cluster', () => {
    const labels = [0, 0, 0, 0, 0, 0, -1, 1, 1, 1];
    assert.equal(exactDbscanClusters(reference, distances, LINE.length, 1, labels), 0.5);
  });

  void it('renaming is allowed', () => {
    const labels = [5, 5, 5, 5, 5, -1, -1, 2, 2, 2];
    assert.equal(exactDbscanClusters(reference, distances, LINE.length, 1, labels), 1);
  });
});

void describe('hdbscan', () => {
  void it('two groups and an outlier', () => {
    const points = [0, 0.1, 0.2, 0.3, 0.4, 10, 10.1, 10.2, 10.3, 10.4, 50];
    const result = hdbscan(pairwiseDistances(points, points.length, 1), points.length, 3, 2);
    assert.deepEqual([...result.labels], [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, -1]);
  });
});

void describe('noiseAsSingletons', () => {
  void it('fresh label per noise point', () => {
    assert.deepEqual([...noiseAsSingletons([0, -1, 1, -1])], [0, 2, 1, 3]);
  });
});
