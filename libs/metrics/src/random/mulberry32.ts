/**
 * Seeded generator of uniform doubles in [0, 1) (mulberry32 by Tommy Ettinger, a 32-bit
 * state PRNG). Production code uses it where a result must be reproducible from a seed, such
 * as KID's subset sampler; a given seed yields the same sequence on every platform.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
