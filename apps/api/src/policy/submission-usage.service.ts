import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Assignment, Submission } from '@dmlg/db';
import type { SubmissionUsage } from '@dmlg/grading';

const HOUR_MS = 3600 * 1000;

/** Counts a student's submissions to an assignment, every version and every status included. */
@Injectable()
export class SubmissionUsageService {
  async of(
    manager: EntityManager,
    courseId: string,
    slug: string,
    userId: string,
    now: Date,
  ): Promise<SubmissionUsage> {
    const rows: { created_at: Date }[] = await manager
      .createQueryBuilder(Submission, 'submission')
      .innerJoin(Assignment, 'assignment', 'assignment.id = submission.assignment_id')
      .select('submission.created_at', 'created_at')
      .where('assignment.course_id = :courseId', { courseId })
      .andWhere('assignment.slug = :slug', { slug })
      .andWhere('submission.user_id = :userId', { userId })
      .getRawMany();
    const hourAgo = now.getTime() - HOUR_MS;
    return {
      total: rows.length,
      lastHour: rows
        .map((row) => new Date(row.created_at))
        .filter((date) => date.getTime() > hourAgo),
    };
  }
}
