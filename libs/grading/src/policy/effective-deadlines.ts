import type { PolicyRules } from './policy-rules';

/** A student's deadline and hard cutoff once their extension, if any, is applied. */
export interface EffectiveDeadlines {
  deadline: Date | null;
  cutoffAt: Date | null;
  /** The extension's deadline when one was applied; null otherwise. */
  extensionDeadline: Date | null;
}

/**
 * Applies a per-student extension: the extension replaces the deadline, and the hard cutoff
 * moves by the same amount so that the late window keeps its length. An extension is ignored
 * when the assignment has no deadline, or when it is earlier than the deadline (an extension
 * never shortens the time a student has).
 */
export function effectiveDeadlines(
  rules: Pick<PolicyRules, 'deadline' | 'cutoffAt'>,
  extensionDeadline: Date | null,
): EffectiveDeadlines {
  const { deadline, cutoffAt } = rules;
  if (!deadline || !extensionDeadline || extensionDeadline.getTime() <= deadline.getTime()) {
    return { deadline, cutoffAt, extensionDeadline: null };
  }
  const shiftMs = extensionDeadline.getTime() - deadline.getTime();
  return {
    deadline: extensionDeadline,
    cutoffAt: cutoffAt ? new Date(cutoffAt.getTime() + shiftMs) : null,
    extensionDeadline,
  };
}
