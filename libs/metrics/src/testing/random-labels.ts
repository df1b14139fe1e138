/** Seeded generator of uniform doubles in [0, 1) for tests (mulberry32 by Tommy Ettinger). */
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

/** n labels drawn uniformly from 0..k-1, shifted by `offset` (offset -1 makes -1 a label). */
export function randomLabels(random: () => number, n: number, k: number, offset = 0): number[] {
  return Array.from({ length: n }, () => Math.floor(random() * k) + offset);
}

/** A random permutation of 0..n-1 (Fisher–Yates). */
export function randomPermutation(random: () => number, n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
