import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Enrolment, type Assignment, type User } from '@dmlg/db';
import { decideAdmission, loadStudentPolicy, type RejectionRule } from '@dmlg/grading';
import { SubmissionUsageService } from './submission-usage.service';

/**
 * A submission rejected by the assignment's policy. The body names the rule (`rule`), the
 * instant it refers to (`at`: the opening, the cutoff, or when the next submission is accepted)
 * and the limit, with the message in the submitter's language and in both.
 */
export class SubmissionRejectedException extends HttpException {
  constructor(
    readonly rule: RejectionRule,
    at: Date | null,
    limit: number | null,
    messages: { en: string; lv: string },
    locale: 'en' | 'lv',
  ) {
    // 429 for the hourly limit, which passes with time; 403 for rules that waiting does not lift.
    const status = rule === 'hourly-limit' ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.FORBIDDEN;
    super(
      {
        statusCode: status,
        error: rule === 'hourly-limit' ? 'Too Many Requests' : 'Forbidden',
        message: messages[locale],
        messages,
        rule,
        at: at?.toISOString() ?? null,
        limit,
      },
      status,
    );
  }
}

/**
 * Applies an assignment's opening time, hard cutoff and submission limits to a new submission.
 * Every way of submitting (web upload, git push, CLI) goes through `SubmissionsService.submit`,
 * which calls this. TAs, instructors and admins are exempt, so staff can try an assignment at
 * any time.
 */
@Injectable()
export class SubmissionAdmissionService {
  private readonly logger = new Logger(SubmissionAdmissionService.name);

  constructor(private readonly usage: SubmissionUsageService) {}

  /** Throws {@link SubmissionRejectedException} when the policy rejects the submission now. */
  async assertAdmitted(manager: EntityManager, assignment: Assignment, user: User): Promise<void> {
    if (await this.isStaff(manager, assignment.courseId, user)) return;
    const now = new Date();
    const { rules, extensionDeadline } = await loadStudentPolicy(
      manager,
      assignment.courseId,
      assignment.slug,
      user.id,
    );
    const usage = await this.usage.of(manager, assignment.courseId, assignment.slug, user.id, now);
    const decision = decideAdmission(rules, extensionDeadline, usage, now, assignment.slug);
    if (decision.admitted) return;
    this.logger.log(
      `submission of user ${user.id} to ${assignment.slug} rejected by policy version ${rules.version}: ${decision.rule}`,
    );
    throw new SubmissionRejectedException(
      decision.rule,
      decision.at,
      decision.limit,
      decision.message,
      user.locale,
    );
  }

  private async isStaff(manager: EntityManager, courseId: string, user: User): Promise<boolean> {
    if (user.role === 'admin') return true;
    const enrolment = await manager.findOne(Enrolment, { where: { courseId, userId: user.id } });
    return enrolment?.role === 'ta' || enrolment?.role === 'instructor';
  }
}
