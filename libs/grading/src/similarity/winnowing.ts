/** A selected k-gram hash and the index of the k-gram's first token. */
export interface Fingerprint {
  hash: number;
  position: number;
}

/**
 * Hashes every k-gram of the symbol sequence: element i is the hash of symbols i..i+k-1, so the
 * result has `max(0, n - k + 1)` elements. The hash is 52 bits (two 32-bit FNV-1a variants over
 * the symbols' interned ids), exact in a JS number; with 10^6 distinct k-grams the expected number
 * of colliding pairs is about 10^12 / 2^53, far below one.
 */
export function hashKGrams(symbolIds: readonly number[], k: number): number[] {
  if (!Number.isInteger(k) || k < 1) {
    throw new RangeError(`k must be a positive integer, got ${k}`);
  }
  const hashes: number[] = [];
  for (let start = 0; start + k <= symbolIds.length; start += 1) {
    let high = 0x811c9dc5;
    let low = 0x01000193;
    for (let offset = 0; offset < k; offset += 1) {
      const id = symbolIds[start + offset];
      high = Math.imul(high ^ id, 0x01000193) >>> 0;
      low = Math.imul(low ^ (id + 0x9e3779b9), 0x5bd1e995) >>> 0;
      low ^= low >>> 13;
    }
    hashes.push((high >>> 0) * 0x100000 + (low >>> 12));
  }
  return hashes;
}

/**
 * Winnowing (Schleimer, Wilkerson and Aiken, "Winnowing: local algorithms for document
 * fingerprinting", SIGMOD 2003): in every window of `w` consecutive k-gram hashes, select the
 * minimum, taking the rightmost on ties, and record it once per position. Any run of at least
 * `w + k - 1` equal tokens in two documents then shares at least one fingerprint, and no match
 * shorter than `k` is ever seen. A sequence shorter than one window selects its single minimum.
 */
export function winnow(hashes: readonly number[], w: number): Fingerprint[] {
  if (!Number.isInteger(w) || w < 1) {
    throw new RangeError(`window w must be a positive integer, got ${w}`);
  }
  const selected: Fingerprint[] = [];
  if (hashes.length === 0) return selected;
  const windowSize = Math.min(w, hashes.length);
  let lastPosition = -1;
  for (let start = 0; start + windowSize <= hashes.length; start += 1) {
    let minimum = start;
    for (let index = start + 1; index < start + windowSize; index += 1) {
      if (hashes[index] <= hashes[minimum]) minimum = index;
    }
    if (minimum !== lastPosition) {
      selected.push({ hash: hashes[minimum], position: minimum });
      lastPosition = minimum;
    }
  }
  return selected;
}
