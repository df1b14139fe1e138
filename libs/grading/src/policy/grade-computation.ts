import { effectiveDeadlines } from './effective-deadlines';
import { applyLatePenalty, latePenaltyPercent } from './late-penalty';
import type { PolicyRules } from './policy-rules';

/** How a grade was computed from the checks' score; stored on the grade and its audit row. */
export interface GradeComputation {
  /** The checks' weighted score, 0 to 100, before any penalty. */
  rawScore: number;
  /** Percent of the raw score taken off for lateness, 0 to 100. */
  penaltyPercent: number;
  /** `rawScore` after the penalty. */
  score: number;
  /** The student's extension deadline when it decided the lateness; null otherwise. */
  extensionDeadline: Date | null;
  /** Millisecond lateness after the effective deadline; 0 when on time. */
  lateMs: number;
  policyVersion: number;
}

/** Applies the late rules to a raw score of a submission received at `submittedAt`. */
export function computeGrade(
  rawScore: number,
  rules: PolicyRules,
  extensionDeadline: Date | null,
  submittedAt: Date,
): GradeComputation {
  const effective = effectiveDeadlines(rules, extensionDeadline);
  const lateMs = effective.deadline
    ? Math.max(0, submittedAt.getTime() - effective.deadline.getTime())
    : 0;
  const penaltyPercent = latePenaltyPercent(rules.latePenalty, lateMs);
  return {
    rawScore,
    penaltyPercent,
    score: applyLatePenalty(rawScore, penaltyPercent),
    extensionDeadline: effective.extensionDeadline,
    lateMs,
    policyVersion: rules.version,
  };
}

/** The columns that grades, their audit rows and rerun items share to say how a score came about. */
export function gradeComputationColumns(computed: GradeComputation): {
  rawScore: number;
  penaltyPercent: number;
  extensionDeadline: Date | null;
  policyVersion: number;
} {
  return {
    rawScore: computed.rawScore,
    penaltyPercent: computed.penaltyPercent,
    extensionDeadline: computed.extensionDeadline,
    policyVersion: computed.policyVersion,
  };
}
