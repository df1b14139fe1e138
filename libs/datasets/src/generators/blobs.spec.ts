import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateBlobs } from './blobs';

const BASE = {
  n_samples: 100,
  n_features: 3,
  centers: 4,
  cluster_std: 0.5,
  center_box: 10,
  seed: 7,
};

function bytesOf(array: Float64Array | Int32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

void describe('generateBlobs', () => {
  void it('has the requested shape and labels', () => {
    const data = generateBlobs('blobs-a', BASE);
    assert.equal(data.id, 'blobs-a');
    assert.equal(data.n, 100);
    assert.equal(data.d, 3);
    assert.equal(data.X.length, 100 * 3);
    assert.equal(data.y.length, 100);
    assert.equal(data.numClasses, 4);
    assert.equal(data.version, 'blobs@1');
  });

  void it('splits samples evenly, remainder first', () => {
    // 10 samples over 4 centres: 3, 3, 2, 2.
    const data = generateBlobs('b', { ...BASE, n_samples: 10 });
    const sizes = [0, 0, 0, 0];
    data.y.forEach((label) => sizes[label]++);
    assert.deepEqual(sizes, [3, 3, 2, 2]);
  });

  void it('same seed gives identical bytes', () => {
    const first = generateBlobs('b', { ...BASE, anisotropy: 4 });
    const second = generateBlobs('b', { ...BASE, anisotropy: 4 });
    assert.ok(bytesOf(first.X).equals(bytesOf(second.X)));
    assert.ok(bytesOf(first.y).equals(bytesOf(second.y)));
  });

  void it('different seed gives different data', () => {
    const first = generateBlobs('b', BASE);
    const second = generateBlobs('b', { ...BASE, seed: 8 });
    assert.ok(!bytesOf(first.X).equals(bytesOf(second.X)));
  });

  void it('shuffles the sample order', () => {
    const labels = [...generateBlobs('b', BASE).y];
    const sorted = [...labels].sort((a, b) => a - b);
    assert.notDeepEqual(labels, sorted);
  });

  void it('zero spread puts points on centres inside the box', () => {
    const data = generateBlobs('b', { ...BASE, cluster_std: 0 });
    const centres = new Map<number, string>();
    for (let i = 0; i < data.n; i++) {
      const point = data.X.subarray(i * 3, i * 3 + 3);
      for (const value of point) {
        assert.ok(value >= -10, `coordinate ${value} below -10`);
        assert.ok(value < 10, `coordinate ${value} not below 10`);
      }
      const key = point.join(',');
      assert.equal(centres.get(data.y[i]) ?? key, key);
      centres.set(data.y[i], key);
    }
    assert.equal(centres.size, 4);
  });

  void it('cluster spread matches cluster_std', () => {
    const data = generateBlobs('b', { ...BASE, n_samples: 20_000, centers: 1, cluster_std: 2 });
    const mean = [0, 0, 0];
    for (let i = 0; i < data.n; i++)
      for (let j = 0; j < 3; j++) mean[j] += data.X[i * 3 + j] / data.n;
    let sumSquares = 0;
    for (let i = 0; i < data.n; i++)
      for (let j = 0; j < 3; j++) sumSquares += (data.X[i * 3 + j] - mean[j]) ** 2;
    const variance = sumSquares / (data.n * 3);
    // Expected 2² = 4; the sample variance of 60,000 values is within ±2% at over 4 sigma.
    assert.ok(Math.abs(variance - 4) < 0.08, `variance ${variance}`);
  });

  void it('anisotropy sets the condition number', () => {
    const data = generateBlobs('b', {
      n_samples: 40_000,
      n_features: 2,
      centers: 1,
      cluster_std: 1,
      center_box: 1,
      anisotropy: 4,
      seed: 3,
    });
    // Covariance of the offsets is A Aᵀ, with eigenvalues 1² and (1/4)².
    let [sxx, sxy, syy, mx, my] = [0, 0, 0, 0, 0];
    for (let i = 0; i < data.n; i++) {
      mx += data.X[2 * i] / data.n;
      my += data.X[2 * i + 1] / data.n;
    }
    for (let i = 0; i < data.n; i++) {
      const [dx, dy] = [data.X[2 * i] - mx, data.X[2 * i + 1] - my];
      sxx += (dx * dx) / data.n;
      sxy += (dx * dy) / data.n;
      syy += (dy * dy) / data.n;
    }
    const half = (sxx + syy) / 2;
    const root = Math.sqrt(((sxx - syy) / 2) ** 2 + sxy * sxy);
    const [largest, smallest] = [half + root, half - root];
    assert.ok(Math.abs(largest - 1) < 0.05, `largest eigenvalue ${largest}`);
    assert.ok(Math.abs(smallest - 1 / 16) < 0.005, `smallest eigenvalue ${smallest}`);
  });

  void it('rejects invalid params by name and value', () => {
    assert.throws(() => generateBlobs('b', { ...BASE, n_samples: 2.5 }), {
      name: 'DatasetError',
      message: 'blobs: n_samples must be an integer in [4, 100000000], got 2.5',
    });
    assert.throws(
      () => generateBlobs('b', { ...BASE, cluster_std: -1 }),
      /blobs: cluster_std must be a finite number in \[0, 1000000\], got -1/,
    );
    assert.throws(
      () => generateBlobs('b', { ...BASE, center_box: 0 }),
      /blobs: center_box must be a finite number/,
    );
    assert.throws(
      () => generateBlobs('b', { ...BASE, seed: 'x' }),
      /blobs: seed must be an integer in \[0, 4294967295\], got "x"/,
    );
    assert.throws(
      () => generateBlobs('b', { ...BASE, anisotropy: 0.5 }),
      /blobs: anisotropy must be a finite number in \[1, 1000000\], got 0.5/,
    );
  });

  void it('rejects a missing param', () => {
    const withoutSeed: Record<string, unknown> = { ...BASE };
    delete withoutSeed.seed;
    assert.throws(
      () => generateBlobs('b', withoutSeed),
      /blobs: seed must be an integer in \[0, 4294967295\], got undefined/,
    );
  });

  void it('rejects an unknown param', () => {
    assert.throws(
      () => generateBlobs('b', { ...BASE, noise: 1 }),
      /blobs: unknown parameter "noise"; known parameters: n_samples, n_features/,
    );
  });

  void it('rejects anisotropy in one dimension', () => {
    assert.throws(
      () => generateBlobs('b', { ...BASE, n_features: 1, anisotropy: 2 }),
      /anisotropy must be 1 when n_features is 1/,
    );
  });

  void it('rejects oversized requests', () => {
    assert.throws(
      () => generateBlobs('b', { ...BASE, n_samples: 1e6, n_features: 1000 }),
      /n_samples × n_features must be at most 100000000, got 1000000000/,
    );
  });

  void it('accepts one std per centre', () => {
    const data = generateBlobs('b', { ...BASE, cluster_std: [0, 0, 0, 1] });
    assert.equal(data.n, 100);
    assert.throws(
      () => generateBlobs('b', { ...BASE, cluster_std: [1, 2] }),
      /cluster_std must be one number or an array of 4 numbers/,
    );
  });
});
