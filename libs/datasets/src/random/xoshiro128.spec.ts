import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Xoshiro128 } from './xoshiro128';

void describe('Xoshiro128', () => {
  void it('matches the reference C code', () => {
    // Output of xoshiro128starstar.c from prng.di.unimi.it, compiled with gcc, from state {1, 2, 3, 4}.
    const generator = Xoshiro128.fromState([1, 2, 3, 4]);
    const outputs = Array.from({ length: 6 }, () => generator.nextUint32());
    assert.deepEqual(outputs, [11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  void it('matches the reference with high bits set', () => {
    const generator = Xoshiro128.fromState([0xdeadbeef, 0x12345678, 0xffffffff, 0x80000000]);
    const outputs = Array.from({ length: 4 }, () => generator.nextUint32());
    assert.deepEqual(outputs, [2576977301, 2031002624, 493879743, 1881573885]);
  });

  void it('same seed gives the same stream', () => {
    const first = new Xoshiro128(42);
    const second = new Xoshiro128(42);
    for (let i = 0; i < 100; i++) {
      assert.equal(first.nextUint32(), second.nextUint32());
    }
  });

  void it('different seeds give different streams', () => {
    assert.notEqual(new Xoshiro128(1).nextUint32(), new Xoshiro128(2).nextUint32());
  });

  void it('doubles lie in [0, 1)', () => {
    const generator = new Xoshiro128(3);
    for (let i = 0; i < 10_000; i++) {
      const value = generator.nextDouble();
      assert.ok(value >= 0, `got ${value}`);
      assert.ok(value < 1, `got ${value}`);
    }
  });

  void it('integers cover [0, bound) evenly', () => {
    const generator = new Xoshiro128(4);
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 70_000; i++) {
      counts[generator.nextInt(7)]++;
    }
    // Expected 10,000 each; a binomial standard deviation is about 93, so ±600 is over 6 sigma.
    for (const count of counts) {
      assert.ok(Math.abs(count - 10_000) < 600, `counts ${counts.join(', ')}`);
    }
  });

  void it('normals have mean 0 and variance 1', () => {
    const generator = new Xoshiro128(5);
    const n = 100_000;
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < n; i++) {
      const value = generator.nextNormal();
      sum += value;
      sumSquares += value * value;
    }
    const mean = sum / n;
    // Standard errors: 1/sqrt(n) ≈ 0.0032 for the mean, sqrt(2/n) ≈ 0.0045 for the variance.
    assert.ok(Math.abs(mean) < 0.02, `mean ${mean}`);
    assert.ok(
      Math.abs(sumSquares / n - mean * mean - 1) < 0.03,
      `variance ${sumSquares / n - mean * mean}`,
    );
  });

  void it('rejects a seed outside uint32', () => {
    assert.throws(() => new Xoshiro128(-1), /seed must be an integer in \[0, 4294967295\], got -1/);
    assert.throws(() => new Xoshiro128(2 ** 32), RangeError);
  });
});
