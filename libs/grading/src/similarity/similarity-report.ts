import { normalizeSubmission, type NormalizedToken, type SourceFile } from './normalize-tokens';
import { hashKGrams, winnow } from './winnowing';

/** Parameters of the comparison; see {@link DEFAULT_SIMILARITY_OPTIONS}. */
export interface SimilarityOptions {
  /** Tokens per k-gram: matches shorter than this are never seen. */
  k: number;
  /** Winnowing window in k-grams: matches of at least `w + k - 1` tokens are always seen. */
  w: number;
  /** Pairs returned, most similar first. */
  maxPairs: number;
  /** Matched regions returned per pair, longest first. */
  maxRegionsPerPair: number;
}

/**
 * k = 12 normalised tokens is about one line of Python (the fixtures average 11 tokens a line);
 * with w = 8 every shared run of 19 tokens, about two lines, is found. With these values renamed
 * and reformatted copies score above 0.8 and independent solutions below 0.1 in
 * similarity-report.spec.ts.
 */
export const DEFAULT_SIMILARITY_OPTIONS: SimilarityOptions = {
  k: 12,
  w: 8,
  maxPairs: 50,
  maxRegionsPerPair: 50,
};

/** One student's submission as it enters the comparison. */
export interface SubmissionSource {
  id: string;
  files: readonly SourceFile[];
}

/** Inclusive, 1-based line range in one file. */
export interface LineRange {
  path: string;
  startLine: number;
  endLine: number;
}

/** Code that matches in both submissions of a pair, after normalisation. */
export interface MatchedRegion {
  left: LineRange;
  right: LineRange;
  /** Normalised tokens the region spans in the left submission. */
  tokens: number;
}

export interface SimilarPair {
  left: string;
  right: string;
  /** Shared fingerprints over the union of both submissions' fingerprints, 0 to 1. */
  jaccard: number;
  /** Fraction of the left submission's fingerprints found in the right one, 0 to 1. */
  leftContainment: number;
  /** Fraction of the right submission's fingerprints found in the left one, 0 to 1. */
  rightContainment: number;
  sharedFingerprints: number;
  regions: MatchedRegion[];
}

export interface SubmissionFingerprintCount {
  id: string;
  /** Normalised tokens of all files. */
  tokens: number;
  /** Fingerprints left after removing those of the starter code. */
  fingerprints: number;
}

export interface SimilarityReport {
  options: SimilarityOptions;
  submissions: SubmissionFingerprintCount[];
  /** Pairs that share at least one fingerprint, most similar first, at most `maxPairs`. */
  pairs: SimilarPair[];
  /** Pairs that share at least one fingerprint, before the `maxPairs` cut. */
  pairsWithOverlap: number;
}

interface Fingerprinted {
  id: string;
  files: readonly SourceFile[];
  tokens: NormalizedToken[];
  /** Fingerprint hash to the token positions of the k-grams that produced it. */
  positions: Map<number, number[]>;
}

/**
 * Compares every pair of submissions with winnowed k-gram fingerprints of their normalised
 * token sequences, as MOSS does (Schleimer, Wilkerson and Aiken, SIGMOD 2003). Every k-gram that
 * also occurs in the starter code is removed first, so code handed out to everyone never counts
 * as shared. Pairs are ranked by the Jaccard index of their fingerprint sets.
 *
 * Cost: tokenising and fingerprinting are linear in the total source size. Pair counting walks
 * an inverted index from fingerprint to submissions, so it costs the sum over fingerprints of
 * (submissions containing it)^2: about F * n^2 / 2 for n identical submissions of F fingerprints
 * each, and much less for unrelated ones. Matched regions are computed for the returned pairs only.
 */
export function compareSubmissions(
  submissions: readonly SubmissionSource[],
  starter: readonly SourceFile[],
  options: SimilarityOptions = DEFAULT_SIMILARITY_OPTIONS,
): SimilarityReport {
  const symbolIds = new Map<string, number>();
  const intern = (tokens: readonly NormalizedToken[]): number[] =>
    tokens.map((token) => {
      let id = symbolIds.get(token.symbol);
      if (id === undefined) {
        id = symbolIds.size;
        symbolIds.set(token.symbol, id);
      }
      return id;
    });

  const starterKGrams = new Set(hashKGrams(intern(normalizeSubmission(starter)), options.k));
  const fingerprinted: Fingerprinted[] = submissions.map((submission) => {
    const tokens = normalizeSubmission(submission.files);
    const positions = new Map<number, number[]>();
    for (const fingerprint of winnow(hashKGrams(intern(tokens), options.k), options.w)) {
      if (starterKGrams.has(fingerprint.hash)) continue;
      const list = positions.get(fingerprint.hash);
      if (list) list.push(fingerprint.position);
      else positions.set(fingerprint.hash, [fingerprint.position]);
    }
    return { id: submission.id, files: submission.files, tokens, positions };
  });

  const shared = countSharedFingerprints(fingerprinted);
  const n = fingerprinted.length;
  const ranked = [...shared]
    .map(([key, count]) => {
      const left = fingerprinted[Math.floor(key / n)];
      const right = fingerprinted[key % n];
      const union = left.positions.size + right.positions.size - count;
      return {
        left,
        right,
        count,
        jaccard: count / union,
        leftContainment: count / left.positions.size,
        rightContainment: count / right.positions.size,
      };
    })
    .sort((a, b) => b.jaccard - a.jaccard || b.count - a.count);

  return {
    options,
    submissions: fingerprinted.map((entry) => ({
      id: entry.id,
      tokens: entry.tokens.length,
      fingerprints: entry.positions.size,
    })),
    pairs: ranked.slice(0, options.maxPairs).map((pair) => ({
      left: pair.left.id,
      right: pair.right.id,
      jaccard: pair.jaccard,
      leftContainment: pair.leftContainment,
      rightContainment: pair.rightContainment,
      sharedFingerprints: pair.count,
      regions: matchedRegions(pair.left, pair.right, options),
    })),
    pairsWithOverlap: ranked.length,
  };
}

/** Shared fingerprint counts keyed by `i * n + j` for submission indices i < j. */
function countSharedFingerprints(fingerprinted: readonly Fingerprinted[]): Map<number, number> {
  const holders = new Map<number, number[]>();
  fingerprinted.forEach((entry, index) => {
    for (const hash of entry.positions.keys()) {
      const list = holders.get(hash);
      if (list) list.push(index);
      else holders.set(hash, [index]);
    }
  });
  const n = fingerprinted.length;
  const counts = new Map<number, number>();
  for (const list of holders.values()) {
    for (let a = 0; a < list.length; a += 1) {
      for (let b = a + 1; b < list.length; b += 1) {
        const key = list[a] * n + list[b];
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return counts;
}

/**
 * Chains the shared fingerprints of a pair into regions: fingerprints taken in left order join
 * the current region while both sides move forward by at most `w + k` tokens, so a copied block
 * becomes one region even where an edit broke a few k-grams inside it.
 */
function matchedRegions(
  left: Fingerprinted,
  right: Fingerprinted,
  options: SimilarityOptions,
): MatchedRegion[] {
  const matches: { a: number; b: number }[] = [];
  for (const [hash, leftPositions] of left.positions) {
    const rightPositions = right.positions.get(hash);
    if (!rightPositions) continue;
    const pairs = Math.min(leftPositions.length, rightPositions.length);
    for (let index = 0; index < pairs; index += 1) {
      matches.push({ a: leftPositions[index], b: rightPositions[index] });
    }
  }
  matches.sort((x, y) => x.a - y.a || x.b - y.b);

  const gap = options.w + options.k;
  const chains: { aStart: number; aEnd: number; bStart: number; bEnd: number }[] = [];
  for (const match of matches) {
    const chain = chains.at(-1);
    const continues =
      chain !== undefined &&
      match.a - chain.aEnd <= gap &&
      match.b >= chain.bStart &&
      match.b - chain.bEnd <= gap &&
      left.tokens[match.a].file === left.tokens[chain.aStart].file &&
      right.tokens[match.b].file === right.tokens[chain.bStart].file;
    if (continues) {
      chain.aEnd = Math.max(chain.aEnd, match.a);
      chain.bEnd = Math.max(chain.bEnd, match.b);
    } else {
      chains.push({ aStart: match.a, aEnd: match.a, bStart: match.b, bEnd: match.b });
    }
  }

  return chains
    .map((chain) => ({
      left: lineRange(left, chain.aStart, chain.aEnd + options.k - 1),
      right: lineRange(right, chain.bStart, chain.bEnd + options.k - 1),
      tokens: chain.aEnd + options.k - chain.aStart,
    }))
    .sort((x, y) => y.tokens - x.tokens)
    .slice(0, options.maxRegionsPerPair);
}

/** Lines from token `start` to token `end`, cut at the end of the file that `start` is in. */
function lineRange(entry: Fingerprinted, start: number, end: number): LineRange {
  const file = entry.tokens[start].file;
  let last = Math.min(end, entry.tokens.length - 1);
  while (entry.tokens[last].file !== file) last -= 1;
  return {
    path: entry.files[file].path,
    startLine: entry.tokens[start].line,
    endLine: entry.tokens[last].line,
  };
}
