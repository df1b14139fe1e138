// The generator lives with production code (KID samples with it); tests reach it from here too.
export { mulberry32 } from '../random/mulberry32';

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
