import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countClusters } from './count-clusters';
import { withinClusterSumOfSquares } from './within-cluster-sum-of-squares';

void describe('withinClusterSumOfSquares', () => {
  void it('two clusters match hand sum', () => {
    // Cluster 0: (0,0), (2,0), mean (1,0), squares 1 + 1. Cluster 7: (0,5), (0,9), (0,13), mean (0,9), squares 16 + 0 + 16.
    const X = new Float64Array([0, 0, 2, 0, 0, 5, 0, 9, 0, 13]);
    assert.equal(withinClusterSumOfSquares(X, 5, 2, [0, 0, 7, 7, 7]), 1 + 1 + 16 + 0 + 16);
  });

  void it('noise label is its own cluster', () => {
    const X = new Float64Array([1, 3, 10, 20]);
    // Clusters {1, 3} with mean 2 and {10, 20} (label -1) with mean 15.
    assert.equal(withinClusterSumOfSquares(X, 4, 1, [0, 0, -1, -1]), 1 + 1 + 25 + 25);
  });

  void it('singletons give 0', () => {
    assert.equal(withinClusterSumOfSquares(new Float64Array([1, 2, 3]), 3, 1, [0, 1, 2]), 0);
  });

  void it('one cluster equals total variance times n', () => {
    // Values 1, 2, 3, 4 around mean 2.5: 2.25 + 0.25 + 0.25 + 2.25.
    assert.equal(withinClusterSumOfSquares(new Float64Array([1, 2, 3, 4]), 4, 1, [9, 9, 9, 9]), 5);
  });

  void it('keeps precision far from the origin', () => {
    // Σx² − n·μ² would lose every digit here; the two-pass form keeps them.
    const X = new Float64Array([1e9 + 1, 1e9 + 3]);
    assert.equal(withinClusterSumOfSquares(X, 2, 1, [0, 0]), 2);
  });

  void it('empty input is 0', () => {
    assert.equal(withinClusterSumOfSquares(new Float64Array(0), 0, 3, []), 0);
  });

  void it('rejects a label count that differs from n', () => {
    assert.throws(() => withinClusterSumOfSquares(new Float64Array(4), 2, 2, [0]), {
      name: 'MetricInputError',
      message:
        'within_cluster_sum_of_squares: labels must have one label per sample (n = 2), got 1',
    });
  });

  void it('rejects string labels', () => {
    assert.throws(
      () => withinClusterSumOfSquares(new Float64Array(2), 2, 1, ['a', 'b'] as unknown as number[]),
      /labels must be numbers, got strings/,
    );
  });

  void it('rejects a shape mismatch', () => {
    assert.throws(
      () => withinClusterSumOfSquares(new Float64Array(5), 2, 2, [0, 0]),
      /X must have n \* d = 2 \* 2 = 4 elements, got 5/,
    );
  });
});

void describe('countClusters', () => {
  void it('counts -1 by default', () => {
    assert.equal(countClusters([-1, 0, 0, 3, -1]), 3);
  });

  void it('leaves out noise on request', () => {
    assert.equal(countClusters([-1, 0, 0, 3, -1], { ignoreNoise: true }), 2);
  });

  void it('counts strings', () => {
    assert.equal(countClusters(['a', 'b', 'a', '-1'], { ignoreNoise: true }), 3);
  });

  void it('empty input is 0', () => {
    assert.equal(countClusters([]), 0);
  });
});
