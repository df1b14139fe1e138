/** The faults the fault test injects. */
export type FaultKind =
  'kill-worker' | 'restart-redis-keeping-data' | 'restart-redis-losing-data' | 'restart-postgres';

/** One fault, injected once `afterSettled` submissions of the run have settled. */
export interface PlannedFault {
  kind: FaultKind;
  afterSettled: number;
  /** Worker to kill (kill-worker only). */
  worker: number;
  /** How long the service stays down before it starts again, in milliseconds (not kill-worker). */
  downMs: number;
}

/**
 * Returns a generator of numbers in [0, 1) that repeats for the same seed (mulberry32, a small
 * 32-bit generator): the plan and the choice of files need reproducibility, not quality.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Plans the faults of a run of `submissions`: one of each kind per 70 submissions (at least
 * one), and twice as many worker kills because they are the commonest fault. Settle counts are
 * drawn uniformly from 5 % to 80 % of the run, so every fault meets work in flight and leaves
 * time to recover before the end.
 */
export function planFaults(
  submissions: number,
  workers: number,
  random: () => number,
): PlannedFault[] {
  const each = Math.max(1, Math.round(submissions / 70));
  const kinds: FaultKind[] = [
    ...Array<FaultKind>(2 * each).fill('kill-worker'),
    ...Array<FaultKind>(each).fill('restart-redis-keeping-data'),
    ...Array<FaultKind>(each).fill('restart-redis-losing-data'),
    ...Array<FaultKind>(each).fill('restart-postgres'),
  ];
  const points = kinds
    .map(() => Math.floor(submissions * (0.05 + 0.75 * random())))
    .sort((a, b) => a - b);
  // Fisher-Yates, so that the order of kinds is random too.
  for (let index = kinds.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [kinds[index], kinds[other]] = [kinds[other], kinds[index]];
  }
  return kinds.map((kind, index) => {
    const worker = Math.floor(random() * workers);
    // Drawn for every fault so that a seed keeps its plan. A killed worker restarts at once.
    const downMs = 1000 + Math.floor(random() * 4000);
    return {
      kind,
      afterSettled: points[index],
      worker,
      downMs: kind === 'kill-worker' ? 0 : downMs,
    };
  });
}
