import { ForbiddenException, NotFoundException } from '@nestjs/common';
import type { CourseRole } from '@dmlg/db';
import type { Principal } from './principal';
import { localized } from '../errors/localized-message';

/** Order of course roles; a higher role may do everything a lower one may. */
const RANK: Record<CourseRole | 'admin', number> = { student: 1, ta: 2, instructor: 3, admin: 4 };

const ROLE_LV: Record<CourseRole, string> = {
  student: 'students',
  ta: 'asistents',
  instructor: 'pasniedzējs',
};

/** What a refused request tried to reach, named in both languages for the error message. */
export interface Named {
  en: string;
  lv: string;
}

/**
 * Every authorization decision of the API, in one place. Controllers call these before they
 * read or write; the authorization matrix test (test/e2e/authorization-matrix.e2e.spec.ts)
 * checks every route against every role.
 *
 * Rules: an admin acts as instructor in every course. A student reads only their own
 * submissions; TAs and instructors read their course. Things a principal may not see answer 404
 * (their existence is not revealed); things they may see but not change answer 403.
 */
export const AccessPolicy = {
  /** The principal's effective role in a course, or null when they are not in it. */
  roleIn(principal: Principal, courseId: string): CourseRole | 'admin' | null {
    if (principal.user.role === 'admin') return 'admin';
    return principal.courseRoles.get(courseId) ?? null;
  },

  /** Throws 404 when the principal is not in the course and 403 when their role is too low. */
  requireCourseRole(
    principal: Principal,
    courseId: string,
    minimum: CourseRole,
    what: string | Named,
  ): CourseRole | 'admin' {
    const role = AccessPolicy.roleIn(principal, courseId);
    const name = typeof what === 'string' ? { en: what, lv: what } : what;
    if (role === null) {
      throw new NotFoundException(localized(`${name.en} not found`, `Nav atrasts: ${name.lv}`));
    }
    if (RANK[role] < RANK[minimum]) {
      throw new ForbiddenException(
        localized(
          `${name.en}: needs the ${minimum} role in this course`,
          `${name.lv}: vajadzīga loma „${ROLE_LV[minimum]}” šajā kursā`,
        ),
      );
    }
    return role;
  },

  /** Whether the principal is at least `minimum` in the course. */
  hasCourseRole(principal: Principal, courseId: string, minimum: CourseRole): boolean {
    const role = AccessPolicy.roleIn(principal, courseId);
    return role !== null && RANK[role] >= RANK[minimum];
  },

  /** The owner of a submission and the course's TAs and instructors may read it; others get 404. */
  requireSubmissionRead(
    principal: Principal,
    submission: { id: string; userId: string },
    courseId: string,
  ): void {
    if (submission.userId === principal.user.id) return;
    if (!AccessPolicy.hasCourseRole(principal, courseId, 'ta')) {
      throw new NotFoundException(
        localized(
          `submission ${submission.id} not found`,
          `Iesniegums ${submission.id} nav atrasts`,
        ),
      );
    }
  },

  /** Hidden checks: staff always; the submission's owner once the deadline has passed. */
  showsHiddenChecks(
    principal: Principal,
    courseId: string,
    deadline: Date | null,
    now: Date = new Date(),
  ): boolean {
    if (AccessPolicy.hasCourseRole(principal, courseId, 'ta')) return true;
    return deadline !== null && deadline.getTime() <= now.getTime();
  },

  /** Global instructors and admins may create courses. */
  requireCourseCreator(principal: Principal): void {
    if (principal.user.role !== 'admin' && principal.user.role !== 'instructor') {
      throw new ForbiddenException(
        localized(
          'creating a course needs an instructor or admin account',
          'Kursu var izveidot tikai pasniedzēja vai administratora konts',
        ),
      );
    }
  },

  /** TAs and instructors of at least one course, and admins, may see the grading queue. */
  requireStaffSomewhere(principal: Principal): void {
    if (principal.user.role === 'admin') return;
    for (const role of principal.courseRoles.values()) if (RANK[role] >= RANK.ta) return;
    throw new ForbiddenException(
      localized(
        'the queue is visible to TAs, instructors and admins only',
        'Rindu redz tikai asistenti, pasniedzēji un administratori',
      ),
    );
  },
};
