/**
 * Seeded uniform random labels in [0, k), the baseline solution of clustering checks. The
 * generator is mulberry32 (a 32-bit PRNG by Tommy Ettinger) seeded from the task id, so the
 * baseline of a task is the same on every worker.
 */
export function randomLabels(count: number, k: number, seedText: string): Int32Array {
  let state = hashText(seedText);
  const labels = new Int32Array(count);
  for (let index = 0; index < count; index++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    labels[index] = Math.floor(unit * k);
  }
  return labels;
}

/** FNV-1a hash of a string, as a 32-bit seed. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Mean of `measure` over `draws` random labellings with `k` labels. */
export function meanOverRandomLabels(
  count: number,
  k: number,
  seedText: string,
  draws: number,
  measure: (labels: Int32Array) => number,
): number {
  let total = 0;
  for (let draw = 0; draw < draws; draw++) {
    total += measure(randomLabels(count, k, `${seedText}#${draw}`));
  }
  return total / draws;
}
