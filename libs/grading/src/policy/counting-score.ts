import type { CountingRule } from './policy-rules';

/** One graded submission of a student: the counting rule uses only its score and time. */
export interface GradedAttempt {
  score: number;
  submittedAt: Date;
}

/**
 * Picks the attempt whose score is the student's grade. Under `best` it is the highest score, and
 * the earlier submission wins a tie. Under `last` it is the most recently submitted graded one.
 * Returns null when there is no attempt. Callers pass graded submissions only, so under `last` a
 * resubmission still queued does not replace the grade until it is graded.
 */
export function countingAttempt<T extends GradedAttempt>(
  attempts: readonly T[],
  rule: CountingRule,
): T | null {
  let chosen: T | null = null;
  for (const attempt of attempts) {
    if (!chosen) {
      chosen = attempt;
      continue;
    }
    const later = attempt.submittedAt.getTime() > chosen.submittedAt.getTime();
    if (
      rule === 'last'
        ? later
        : attempt.score > chosen.score || (attempt.score === chosen.score && !later)
    ) {
      chosen = attempt;
    }
  }
  return chosen;
}
