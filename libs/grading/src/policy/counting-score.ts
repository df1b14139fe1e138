import type { CountingRule } from './policy-rules';

/** One graded submission of a student, as the counting rule sees it. */
export interface GradedAttempt {
  score: number;
  submittedAt: Date;
}

/**
 * The attempt whose score is the student's grade: the highest score (`best`; the earlier
 * submission wins a tie) or the most recently submitted graded one (`last`). Null when there is
 * no graded attempt. Submissions still queued or failed are not attempts, so under `last` a
 * pending resubmission does not replace the grade until it is graded.
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
