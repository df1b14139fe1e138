/**
 * Seeded pseudo-random numbers that are identical on every machine: xoshiro128** 1.1
 * (Blackman and Vigna, https://prng.di.unimi.it/xoshiro128starstar.c) seeded through splitmix32.
 * All state arithmetic is on 32-bit integers (`Math.imul`, `>>> 0`), so it is exact in JavaScript.
 */
export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Second value of the last Box–Muller pair, or undefined when none is cached. */
  private spareNormal: number | undefined;

  /** `seed` is an integer in [0, 2^32). */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer in [0, 4294967295], got ${seed}`);
    }
    // splitmix32 (a 32-bit splitmix with the hash-prospector constants 0x21f0aaad and
    // 0x735a2d97) expands the seed into four state words.
    let state = seed >>> 0;
    const next = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) {
      this.s0 = 1;
    }
  }

  /** A generator started from explicit state words, for checks against the reference C code. */
  static fromState(state: readonly [number, number, number, number]): Xoshiro128 {
    const generator = new Xoshiro128(0);
    [generator.s0, generator.s1, generator.s2, generator.s3] = state.map((word) => word | 0);
    return generator;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits, from two 32-bit outputs. */
  nextDouble(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform integer in [0, bound) without modulo bias, for 1 <= bound <= 2^32. */
  nextInt(bound: number): number {
    // Reject the lowest 2^32 mod bound outputs, so every residue is equally likely.
    const threshold = (0x100000000 - bound) % bound;
    for (;;) {
      const r = this.nextUint32();
      if (r >= threshold) {
        return r % bound;
      }
    }
  }

  /**
   * Standard normal deviate by the Box–Muller transform, which gives two per pair of uniforms.
   * 1 − u keeps the logarithm's argument in (0, 1]. V8 computes Math.log, Math.cos and
   * Math.sin with its own port of fdlibm, so values agree across platforms for a Node version.
   */
  nextNormal(): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal;
      this.spareNormal = undefined;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.nextDouble()));
    const angle = 2 * Math.PI * this.nextDouble();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
