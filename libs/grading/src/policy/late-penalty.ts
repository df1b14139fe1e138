import { DAY_MS, type LatePenaltyRule } from './policy-rules';

/**
 * Percent (0 to 100) of the raw score taken off a submission `lateMs` milliseconds after its
 * effective deadline. Not late (`lateMs <= 0`) is always 0.
 */
export function latePenaltyPercent(rule: LatePenaltyRule, lateMs: number): number {
  if (lateMs <= 0) return 0;
  switch (rule.kind) {
    case 'none':
      return 0;
    case 'per-day': {
      // Each started 24-hour period counts in full: one minute late is one day late.
      const startedDays = Math.ceil(lateMs / DAY_MS);
      return Math.min(rule.maxPercent, startedDays * rule.percentPerDay, 100);
    }
    case 'curve':
      return Math.min(interpolateCurve(rule.points, lateMs / DAY_MS), 100);
  }
}

/** Piecewise-linear value of the curve at `days`; the last point's percent holds after it. */
function interpolateCurve(points: { days: number; percent: number }[], days: number): number {
  if (points.length === 0) return 0;
  for (let index = 1; index < points.length; index += 1) {
    const left = points[index - 1];
    const right = points[index];
    if (days <= right.days) {
      const fraction = (days - left.days) / (right.days - left.days);
      return left.percent + fraction * (right.percent - left.percent);
    }
  }
  return points[points.length - 1].percent;
}

/** The score after the penalty: `raw * (1 - percent / 100)`, on the raw score's scale. */
export function applyLatePenalty(rawScore: number, penaltyPercent: number): number {
  return rawScore * (1 - penaltyPercent / 100);
}
