import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { principalAnglesDegrees, principalComponents, symmetricEigen } from './linear-algebra';

void describe('symmetricEigen', () => {
  void it('2x2 by hand', () => {
    // [[2, 1], [1, 2]] has eigenvalues 3 and 1 with eigenvectors (1, 1)/√2 and (1, −1)/√2.
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    assert.ok(Math.abs(values[0] - 3) < 1e-12);
    assert.ok(Math.abs(values[1] - 1) < 1e-12);
    assert.ok(Math.abs(Math.abs(vectors[0] * vectors[1]) - 0.5) < 1e-12);
  });
});

void describe('principalComponents', () => {
  void it('finds the long axis', () => {
    // Points on the line y = x: all variance along (1, 1)/√2; variance of (−1, 0, 1)·√2 is 2.
    const pca = principalComponents(Float64Array.from([-1, -1, 0, 0, 1, 1]), 3, 2, 1);
    assert.ok(Math.abs(Math.abs(pca.components[0]) - Math.SQRT1_2) < 1e-12);
    assert.ok(Math.abs(pca.variances[0] - 2) < 1e-12);
    assert.ok(Math.abs(pca.totalVariance - 2) < 1e-12);
  });
});

void describe('principalAnglesDegrees', () => {
  void it('ignores sign and length', () => {
    const angles = principalAnglesDegrees([2, 0, 0, 0, -3, 0], 2, [1, 0, 0, 0, 1, 0], 2, 3);
    assert.ok(angles.every((angle) => angle < 1e-6));
  });

  void it('45 degrees by hand', () => {
    // span{e1} against span{(e1 + e2)/√2}: cos θ = 1/√2.
    const [angle] = principalAnglesDegrees([1, 0], 1, [1, 1], 1, 2);
    assert.ok(Math.abs(angle - 45) < 1e-9);
  });

  void it('rank deficiency counts 90', () => {
    const angles = principalAnglesDegrees([1, 0, 0, 2, 0, 0], 2, [1, 0, 0, 0, 1, 0], 2, 3);
    assert.equal(angles[1], 90);
  });
});
