/**
 * Widening applied to the measured seed spread. Three seeds underestimate the spread of a
 * correct solution's draws, so the band is half as wide again as what they show.
 */
export const SEED_BAND_SAFETY_FACTOR = 1.5;

/** Values of one task's metric: the baseline, the canonical reference and each seed's run. */
export interface SeedSpreadInput {
  taskId: string;
  baseline: number;
  /** The reference's value with the canonical seed, the 1 of the score scale. */
  canonical: number;
  /** Every calibration seed's value, the canonical seed's included. */
  seedValues: number[];
}

export interface DerivedSeedTolerance {
  /** The tolerance checks are scored with: `unclamped` clamped to [min, max]. */
  tolerance: number;
  /** Safety factor times the widest relative spread, before clamping. */
  unclamped: number;
  /** The task whose spread set `unclamped`; null when no task has a gap. */
  widestTaskId: string | null;
}

/**
 * Derives a seed-banded check's tolerance from the reference's runs over several seeds.
 *
 * Rule: for each task, spread = (best seed value − worst seed value) / |canonical − baseline|,
 * the canonical seed's run counted among the seeds; tolerance =
 * {@link SEED_BAND_SAFETY_FACTOR} × the largest spread over the check's tasks, clamped to
 * [min, max].
 *
 * The rule uses the whole spread, not only the shortfall below the canonical value. A submission
 * trains with the canonical seed, but its own code draws other random numbers, so its value can
 * land anywhere in the seeds' spread. The canonical run may itself be the luckiest draw, so a
 * seed that beats the canonical value widens the band as much as one that falls short.
 *
 * A task whose reference is no better than its baseline (zero gap) adds nothing: calibrateScore
 * scores it 1 at or past the reference and ignores the tolerance. A metric that is the same for
 * every seed has spread 0, so the band is `min`. The direction of the metric does not matter
 * because spread and gap are both magnitudes.
 *
 * Example: baseline 0.1, canonical 0.5, seeds 0.5, 0.44, 0.52: spread (0.52 − 0.44) / 0.4 = 0.2,
 * tolerance 1.5 × 0.2 = 0.3 with bounds [0.02, 0.5].
 */
export function deriveSeedTolerance(
  tasks: SeedSpreadInput[],
  bounds: { min: number; max: number },
): DerivedSeedTolerance {
  if (bounds.min > bounds.max) {
    throw new RangeError(`seed band min ${bounds.min} exceeds max ${bounds.max}`);
  }
  let widest = 0;
  let widestTaskId: string | null = null;
  for (const task of tasks) {
    if (task.seedValues.length < 2) {
      throw new RangeError(
        `task ${task.taskId} has ${task.seedValues.length} seed values; a spread needs at least 2`,
      );
    }
    for (const value of [task.baseline, task.canonical, ...task.seedValues]) {
      if (!Number.isFinite(value)) {
        throw new RangeError(`task ${task.taskId} has a non-finite value ${value}`);
      }
    }
    const gap = Math.abs(task.canonical - task.baseline);
    if (!(gap > 1e-12)) continue;
    const spread = (Math.max(...task.seedValues) - Math.min(...task.seedValues)) / gap;
    if (widestTaskId === null || spread > widest) {
      widest = spread;
      widestTaskId = task.taskId;
    }
  }
  const unclamped = SEED_BAND_SAFETY_FACTOR * widest;
  return {
    tolerance: Math.min(bounds.max, Math.max(bounds.min, unclamped)),
    unclamped,
    widestTaskId,
  };
}

/** The rule above in one line, for instructors reading a band (English and Latvian). */
export const SEED_BAND_RULE = {
  en: `${SEED_BAND_SAFETY_FACTOR} × (best − worst seed value) / |reference − baseline|, widest task, clamped to [min, max]`,
  // Latvian writes a decimal comma.
  lv: `${String(SEED_BAND_SAFETY_FACTOR).replace('.', ',')} × (labākā − sliktākā sēklas vērtība) / |atsauce − bāzlīnija|, platākais uzdevums, ierobežots līdz [min, max]`,
};
