/** Milliseconds in one day of lateness; days are counted as 24-hour periods, not calendar days. */
export const DAY_MS = 24 * 3600 * 1000;

/** One point of a late-penalty curve: `percent` of the raw score is taken off `days` after the deadline. */
export interface PenaltyCurvePoint {
  days: number;
  percent: number;
}

/**
 * How much of a late submission's score is taken off.
 * - `none`: late submissions keep their raw score.
 * - `per-day`: `percentPerDay` for every started 24-hour period after the deadline, capped at
 *   `maxPercent`.
 * - `curve`: piecewise-linear interpolation between points over fractional days late; the first
 *   point is at day 0 and the last point's percent applies after it.
 */
export type LatePenaltyRule =
  | { kind: 'none' }
  | { kind: 'per-day'; percentPerDay: number; maxPercent: number }
  | { kind: 'curve'; points: PenaltyCurvePoint[] };

/** Which graded submission gives a student's grade for an assignment. */
export type CountingRule = 'best' | 'last';

/**
 * The submission and late rules of one assignment in one course. Every change raises `version`,
 * and each grade records the version it was computed with.
 */
export interface PolicyRules {
  version: number;
  /** Submissions before this instant are rejected; null: open from the start. */
  opensAt: Date | null;
  /** After this instant submissions are late and the penalty applies; null: never late. */
  deadline: Date | null;
  /** Hard cutoff: submissions after it are rejected; null: late submissions are always accepted. */
  cutoffAt: Date | null;
  latePenalty: LatePenaltyRule;
  /** Maximum submissions per student to the assignment (all versions); null: unlimited. */
  maxSubmissions: number | null;
  /** Maximum submissions per student in any 60-minute window; null: unlimited. */
  maxSubmissionsPerHour: number | null;
  counting: CountingRule;
}

/** Rules of an assignment that no instructor has configured: always open, never late. */
export const DEFAULT_POLICY_RULES: PolicyRules = {
  version: 0,
  opensAt: null,
  deadline: null,
  cutoffAt: null,
  latePenalty: { kind: 'none' },
  maxSubmissions: null,
  maxSubmissionsPerHour: null,
  counting: 'best',
};
