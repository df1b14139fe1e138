import type { EntityManager } from 'typeorm';
import { AssignmentPolicy, DeadlineExtension } from '@dmlg/db';
import { DEFAULT_POLICY_RULES, type PolicyRules } from './policy-rules';

/** The rules of an assignment in a course and one student's extension deadline, if any. */
export interface StudentPolicy {
  rules: PolicyRules;
  extensionDeadline: Date | null;
}

/** Converts a stored policy row (or its absence) to the rules the pure functions take. */
export function policyRulesOf(row: AssignmentPolicy | null): PolicyRules {
  if (!row) return DEFAULT_POLICY_RULES;
  return {
    version: row.version,
    opensAt: row.opensAt,
    deadline: row.deadline,
    cutoffAt: row.cutoffAt,
    latePenalty: row.latePenalty,
    maxSubmissions: row.maxSubmissions,
    maxSubmissionsPerHour: row.maxSubmissionsPerHour,
    counting: row.counting,
  };
}

/** Loads the policy of `assignmentSlug` in the course and the student's extension. */
export async function loadStudentPolicy(
  manager: EntityManager,
  courseId: string,
  assignmentSlug: string,
  userId: string,
): Promise<StudentPolicy> {
  const row = await manager.findOne(AssignmentPolicy, { where: { courseId, assignmentSlug } });
  const extension = await manager.findOne(DeadlineExtension, {
    where: { courseId, assignmentSlug, userId },
  });
  return { rules: policyRulesOf(row), extensionDeadline: extension?.deadline ?? null };
}
