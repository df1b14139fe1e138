import { randomBytes } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import {
  Assignment,
  AssignmentPolicy,
  Course,
  Enrolment,
  Grade,
  User,
  type CourseRole,
} from '@dmlg/db';
import { CountingGradesService } from '../policy/counting-grades.service';
import { AccessPolicy } from '../auth/access-policy';
import { hashPassword } from '../auth/password-hasher';
import type { Principal } from '../auth/principal';
import type { CourseMembershipDto } from '../accounts/account.dto';
import type {
  CreateCourseDto,
  EnrolmentDto,
  ImportResultDto,
  InvitationLinkDto,
  PasswordResetDto,
} from './course.dto';
import { parseStudentCsv, toCsv } from './student-csv';
import { localized } from '../errors/localized-message';

const COURSE_ROLES: CourseRole[] = ['student', 'ta', 'instructor'];

/** Random password handed to a student once: 15 base64url characters, 90 bits. */
function temporaryPassword(): string {
  return randomBytes(12).toString('base64url').slice(0, 15);
}

/** Courses, enrolment (CSV import, invitation link, roles), password resets and grade export. */
@Injectable()
export class CoursesService {
  private readonly logger = new Logger(CoursesService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(Course) private readonly courses: Repository<Course>,
    @InjectRepository(Enrolment) private readonly enrolments: Repository<Enrolment>,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Assignment) private readonly assignments: Repository<Assignment>,
    @InjectRepository(Grade) private readonly grades: Repository<Grade>,
    @InjectRepository(AssignmentPolicy) private readonly policies: Repository<AssignmentPolicy>,
    private readonly countingGrades: CountingGradesService,
  ) {}

  /** The course with `slug` if the principal holds at least `minimum` in it (404/403 otherwise). */
  async courseFor(principal: Principal, slug: string, minimum: CourseRole): Promise<Course> {
    const course = await this.courses.findOne({ where: { slug } });
    if (!course) {
      throw new NotFoundException(
        localized(`course ${slug} not found`, `Kurss ${slug} nav atrasts`),
      );
    }
    AccessPolicy.requireCourseRole(principal, course.id, minimum, {
      en: `course ${slug}`,
      lv: `kurss ${slug}`,
    });
    return course;
  }

  async create(principal: Principal, body: CreateCourseDto): Promise<CourseMembershipDto> {
    AccessPolicy.requireCourseCreator(principal);
    const slug = String(body?.slug ?? '');
    if (!/^[a-z0-9-]{2,40}$/.test(slug)) {
      throw new BadRequestException(
        localized(
          `course slug ${JSON.stringify(slug)}: use 2 to 40 lower-case letters, digits and "-"`,
          `Kursa īsais nosaukums ${JSON.stringify(slug)}: lietojiet 2 līdz 40 mazos burtus, ciparus un "-"`,
        ),
      );
    }
    const titleEn = String(body.titleEn ?? '').trim();
    const titleLv = String(body.titleLv ?? '').trim();
    if (!titleEn || !titleLv) {
      throw new BadRequestException(
        localized(
          'titleEn and titleLv are required',
          'Vajadzīgi abi nosaukumi: titleEn un titleLv',
        ),
      );
    }
    if (await this.courses.exist({ where: { slug } })) {
      throw new ConflictException(
        localized(`course ${slug} exists already`, `Kurss ${slug} jau pastāv`),
      );
    }
    const course = await this.courses.save(
      this.courses.create({ slug, title: { en: titleEn, lv: titleLv } }),
    );
    await this.enrolments.insert({
      courseId: course.id,
      userId: principal.user.id,
      role: 'instructor',
    });
    this.logger.log(`user ${principal.user.id} created course ${slug}`);
    return { slug, title: course.title, role: 'instructor' };
  }

  async listEnrolments(principal: Principal, slug: string): Promise<EnrolmentDto[]> {
    const course = await this.courseFor(principal, slug, 'ta');
    const rows = await this.enrolments.find({
      where: { courseId: course.id },
      relations: { user: true },
    });
    return rows
      .map((row) => ({
        userId: row.userId,
        email: row.user?.email ?? '',
        displayName: row.user?.displayName ?? '',
        role: row.role,
        studentNumber: row.studentNumber,
      }))
      .sort((a, b) => a.email.localeCompare(b.email));
  }

  /**
   * Enrols each CSV row as a student. An unknown address gets a new account with a temporary
   * password, returned once; a known one is enrolled as it is.
   */
  async importStudents(principal: Principal, slug: string, csv: unknown): Promise<ImportResultDto> {
    const course = await this.courseFor(principal, slug, 'instructor');
    const rows = parseStudentCsv(typeof csv === 'string' ? csv : '');
    const result: ImportResultDto = { enrolled: 0, created: [], unchanged: 0 };
    for (const row of rows) {
      let user = await this.users.findOne({ where: { email: row.email } });
      if (!user) {
        const initialPassword = temporaryPassword();
        user = await this.users.save(
          this.users.create({
            email: row.email,
            displayName: row.name,
            role: 'student',
            passwordHash: await hashPassword(initialPassword),
          }),
        );
        result.created.push({ email: row.email, initialPassword });
      }
      const inserted = await this.enrolments
        .createQueryBuilder()
        .insert()
        .values({
          courseId: course.id,
          userId: user.id,
          role: 'student',
          studentNumber: row.studentNumber,
        })
        .orIgnore()
        .execute();
      if (inserted.identifiers.length > 0 && inserted.identifiers[0]) result.enrolled += 1;
      else result.unchanged += 1;
    }
    this.logger.log(
      `user ${principal.user.id} imported ${rows.length} rows into ${slug}: ${result.enrolled} enrolled, ${result.created.length} accounts created`,
    );
    return result;
  }

  async changeRole(
    principal: Principal,
    slug: string,
    userId: string,
    role: unknown,
  ): Promise<void> {
    const course = await this.courseFor(principal, slug, 'instructor');
    if (!COURSE_ROLES.includes(role as CourseRole)) {
      throw new BadRequestException(
        localized(
          `role ${JSON.stringify(role)}: use one of ${COURSE_ROLES.join(', ')}`,
          `Loma ${JSON.stringify(role)}: lietojiet vienu no ${COURSE_ROLES.join(', ')}`,
        ),
      );
    }
    const enrolment = await this.enrolmentOf(course, userId);
    await this.enrolments.update(enrolment.id, { role: role as CourseRole });
    this.logger.log(`user ${principal.user.id} made ${userId} ${String(role)} in ${slug}`);
  }

  async unenrol(principal: Principal, slug: string, userId: string): Promise<void> {
    const course = await this.courseFor(principal, slug, 'instructor');
    const enrolment = await this.enrolmentOf(course, userId);
    if (userId === principal.user.id) {
      throw new BadRequestException(
        localized(
          'you cannot remove yourself; ask another instructor',
          'Sevi izņemt nevar; lūdziet to citam pasniedzējam',
        ),
      );
    }
    await this.enrolments.delete(enrolment.id);
    this.logger.log(`user ${principal.user.id} removed ${userId} from ${slug}`);
  }

  async createInvitation(principal: Principal, slug: string): Promise<InvitationLinkDto> {
    const course = await this.courseFor(principal, slug, 'instructor');
    const code = randomBytes(18).toString('base64url');
    await this.courses.update(course.id, { invitationCode: code });
    this.logger.log(`user ${principal.user.id} created an invitation link for ${slug}`);
    return { code, url: `${this.config.http.publicUrl}/#/join/${code}` };
  }

  async revokeInvitation(principal: Principal, slug: string): Promise<void> {
    const course = await this.courseFor(principal, slug, 'instructor');
    await this.courses.update(course.id, { invitationCode: null });
  }

  /**
   * Sets a temporary password for a student or TA of the course. Instructors and admins are
   * left alone: their passwords are reset by an admin.
   */
  async resetPassword(
    principal: Principal,
    slug: string,
    userId: string,
  ): Promise<PasswordResetDto> {
    const course = await this.courseFor(principal, slug, 'instructor');
    const enrolment = await this.enrolmentOf(course, userId);
    const target = await this.users.findOneOrFail({ where: { id: userId } });
    const protectedAccount = enrolment.role === 'instructor' || target.role === 'admin';
    if (protectedAccount && principal.user.role !== 'admin') {
      throw new BadRequestException(
        localized(
          "an instructor's or admin's password can be reset by an admin only",
          'Pasniedzēja vai administratora paroli var atiestatīt tikai administrators',
        ),
      );
    }
    const password = temporaryPassword();
    await this.users.update(userId, { passwordHash: await hashPassword(password) });
    this.logger.log(`user ${principal.user.id} reset the password of ${userId} in ${slug}`);
    return { temporaryPassword: password };
  }

  /**
   * One row per student, one column per assignment (newest version's slug) with the score that
   * counts under the assignment's policy (best or last graded), empty without a grade.
   */
  async gradesCsv(principal: Principal, slug: string): Promise<string> {
    const course = await this.courseFor(principal, slug, 'ta');
    const assignments = await this.assignments
      .createQueryBuilder('assignment')
      .distinctOn(['assignment.slug'])
      .where('assignment.course_id = :courseId', { courseId: course.id })
      .orderBy('assignment.slug')
      .addOrderBy('assignment.version', 'DESC')
      .getMany();
    assignments.sort((a, b) => a.number - b.number);
    const students = await this.enrolments.find({
      where: { courseId: course.id, role: 'student' },
      relations: { user: true },
    });
    students.sort((a, b) => (a.user?.email ?? '').localeCompare(b.user?.email ?? ''));
    const lookup = new Map<string, number>();
    for (const assignment of assignments) {
      const policy = await this.policies.findOne({
        where: { courseId: course.id, assignmentSlug: assignment.slug },
      });
      const counted = await this.countingGrades.forAssignment(
        this.grades.manager,
        course.id,
        assignment.slug,
        policy?.counting ?? 'best',
      );
      for (const [userId, grade] of counted)
        lookup.set(`${userId}/${assignment.slug}`, grade.score);
    }
    const header = ['student_id', 'email', 'name', ...assignments.map((a) => a.slug)];
    const lines = students.map((enrolment) => [
      enrolment.studentNumber ?? '',
      enrolment.user?.email ?? '',
      enrolment.user?.displayName ?? '',
      ...assignments.map((assignment) => {
        const score = lookup.get(`${enrolment.userId}/${assignment.slug}`);
        return score === undefined ? '' : score.toFixed(2);
      }),
    ]);
    return toCsv([header, ...lines]);
  }

  private async enrolmentOf(course: Course, userId: string): Promise<Enrolment> {
    const enrolment = /^[0-9a-f-]{36}$/i.test(userId)
      ? await this.enrolments.findOne({ where: { courseId: course.id, userId } })
      : null;
    if (!enrolment) {
      throw new NotFoundException(
        localized(
          `user ${userId} is not in course ${course.slug}`,
          `Lietotājs ${userId} nav kursā ${course.slug}`,
        ),
      );
    }
    return enrolment;
  }
}
