import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Assignment, Grade, Submission } from '@dmlg/db';
import { countingAttempt, type CountingRule } from '@dmlg/grading';

/** The grade that counts for one student: its score and the submission it came from. */
export interface CountingGrade {
  score: number;
  submissionId: string;
}

/** Picks each student's counting grade of an assignment under the policy's best-or-last rule. */
@Injectable()
export class CountingGradesService {
  /** Student id to counting grade, for every student (or only `userId`) with a grade. */
  async forAssignment(
    manager: EntityManager,
    courseId: string,
    slug: string,
    rule: CountingRule,
    userId?: string,
  ): Promise<Map<string, CountingGrade>> {
    const query = manager
      .createQueryBuilder(Grade, 'grade')
      .innerJoin(Submission, 'submission', 'submission.id = grade.submission_id')
      .innerJoin(Assignment, 'assignment', 'assignment.id = grade.assignment_id')
      .select('grade.user_id', 'user_id')
      .addSelect('grade.submission_id', 'submission_id')
      .addSelect('grade.score', 'score')
      .addSelect('submission.created_at', 'created_at')
      .where('assignment.course_id = :courseId', { courseId })
      .andWhere('assignment.slug = :slug', { slug });
    if (userId) query.andWhere('grade.user_id = :userId', { userId });
    const rows: { user_id: string; submission_id: string; score: number; created_at: Date }[] =
      await query.getRawMany();
    const byUser = new Map<string, { submissionId: string; score: number; submittedAt: Date }[]>();
    for (const row of rows) {
      const attempts = byUser.get(row.user_id) ?? [];
      attempts.push({
        submissionId: row.submission_id,
        score: Number(row.score),
        submittedAt: new Date(row.created_at),
      });
      byUser.set(row.user_id, attempts);
    }
    const result = new Map<string, CountingGrade>();
    for (const [user, attempts] of byUser) {
      const chosen = countingAttempt(attempts, rule);
      if (chosen) result.set(user, { score: chosen.score, submissionId: chosen.submissionId });
    }
    return result;
  }
}
