import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import {
  Assignment,
  AssignmentPolicy,
  CheckResult,
  Enrolment,
  Grade,
  Submission,
  type Locale,
} from '@dmlg/db';
import { assignmentFolder, policyRulesOf } from '@dmlg/grading';
import { AccessPolicy } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import type {
  AssignmentDashboardDto,
  AssignmentDetailDto,
  AssignmentListItemDto,
  SubmissionSummaryDto,
} from './assignment-summary.dto';
import { readPublicAssignmentFile } from './assignment-files';
import { AssignmentsService } from './assignments.service';
import { dashboardFigures } from './dashboard-figures';
import { UPLOAD_EXTENSIONS } from '../submissions/upload-unpacking';


const DAY_MS = 24 * 3600 * 1000;

/** What students and staff see of assignments: lists with scores, task text, dashboards. */
@Injectable()
export class AssignmentViewsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly assignments: AssignmentsService,
    @InjectRepository(Assignment) private readonly assignmentRows: Repository<Assignment>,
    @InjectRepository(Submission) private readonly submissions: Repository<Submission>,
    @InjectRepository(Grade) private readonly grades: Repository<Grade>,
    @InjectRepository(CheckResult) private readonly checks: Repository<CheckResult>,
    @InjectRepository(Enrolment) private readonly enrolments: Repository<Enrolment>,
    @InjectRepository(AssignmentPolicy) private readonly policies: Repository<AssignmentPolicy>,
  ) {}

  /** The newest version of each assignment of the principal's courses, with their own best score. */
  async list(principal: Principal): Promise<AssignmentListItemDto[]> {
    const rows = await this.assignmentRows
      .createQueryBuilder('assignment')
      .leftJoinAndSelect('assignment.course', 'course')
      .distinctOn(['assignment.course_id', 'assignment.slug'])
      .orderBy('assignment.course_id')
      .addOrderBy('assignment.slug')
      .addOrderBy('assignment.version', 'DESC')
      .getMany();
    const visible = rows
      .filter((row) => AccessPolicy.roleIn(principal, row.courseId) !== null)
      .sort((a, b) => a.number - b.number);
    const result: AssignmentListItemDto[] = [];
    for (const row of visible) result.push(await this.listItem(principal, row));
    return result;
  }

  /** One assignment with its task text; 404 unless the principal is in its course. */
  async detail(principal: Principal, slug: string, locale: Locale): Promise<AssignmentDetailDto> {
    const { assignment } = await this.assignments.findLatest(slug);
    const role = AccessPolicy.requireCourseRole(
      principal,
      assignment.courseId,
      'student',
      { en: `assignment ${slug}`, lv: `uzdevums ${slug}` },
    );
    const item = await this.listItem(principal, assignment);
    return {
      ...item,
      readme: this.readme(assignment, locale),
      // The list the upload route checks against, so the page offers exactly what it accepts.
      acceptedFiles: UPLOAD_EXTENSIONS,
      uploadLimits: { ...this.config.upload },
      role,
    };
  }

  /** The principal's own submissions to an assignment, newest first. */
  async history(principal: Principal, slug: string): Promise<SubmissionSummaryDto[]> {
    const { assignment } = await this.assignments.findLatest(slug);
    AccessPolicy.requireCourseRole(principal, assignment.courseId, 'student', { en: `assignment ${slug}`, lv: `uzdevums ${slug}` });
    const rows = await this.submissions.find({
      where: { assignmentId: In(await this.versionIds(assignment)), userId: principal.user.id },
      order: { createdAt: 'DESC' },
      take: 500,
    });
    return rows.map((row) => ({
      id: row.id,
      status: row.status,
      score: row.score,
      createdAt: row.createdAt.toISOString(),
      gradedAt: row.gradedAt?.toISOString() ?? null,
    }));
  }

  /** Score histogram, per-check pass rates, submissions per day and the students' table. */
  async dashboard(principal: Principal, slug: string, locale: Locale): Promise<AssignmentDashboardDto> {
    const { assignment, manifest } = await this.assignments.findLatest(slug);
    AccessPolicy.requireCourseRole(principal, assignment.courseId, 'ta', { en: `assignment ${slug}`, lv: `uzdevums ${slug}` });
    const versionIds = await this.versionIds(assignment);
    const students = await this.enrolments.find({
      where: { courseId: assignment.courseId, role: 'student' },
      relations: { user: true },
    });
    const submissions = await this.submissions.find({
      where: { assignmentId: In(versionIds) },
      order: { createdAt: 'ASC' },
    });
    const grades = await this.grades.find({ where: { assignmentId: In(versionIds) } });
    const checkResults = grades.length
      ? await this.checks.find({ where: { runId: In(grades.map((grade) => grade.runId)) } })
      : [];
    const policy = await this.policies.findOne({
      where: { courseId: assignment.courseId, assignmentSlug: slug },
    });
    const figures = dashboardFigures({
      studentIds: new Set(students.map((enrolment) => enrolment.userId)),
      submissions,
      grades,
      checkResults,
      checks: manifest.checks.map((check) => ({ id: check.id, title: check.title[locale] })),
      counting: policyRulesOf(policy).counting,
    });

    const table = students.map((enrolment) => {
      const own = figures.students.get(enrolment.userId);
      const last = own?.lastSubmission;
      const lateMs =
        last && assignment.deadline ? last.createdAt.getTime() - assignment.deadline.getTime() : 0;
      return {
        userId: enrolment.userId,
        email: enrolment.user?.email ?? '',
        displayName: enrolment.user?.displayName ?? '',
        studentNumber: enrolment.studentNumber,
        submissions: own?.submissions.length ?? 0,
        bestScore: own?.bestScore ?? null,
        countingScore: own?.countingScore ?? null,
        lastScore: own?.lastScore ?? null,
        lastSubmissionId: last?.id ?? null,
        lateDays: lateMs > 0 ? Math.ceil(lateMs / DAY_MS) : 0,
      };
    });
    table.sort((a, b) => a.email.localeCompare(b.email));
    const { histogram, checks, perDay } = figures;
    return { slug, histogram, checks, perDay, students: table };
  }

  private async listItem(principal: Principal, row: Assignment): Promise<AssignmentListItemDto> {
    const summary = (await this.assignments.listLatest()).find((entry) => entry.slug === row.slug);
    const versionIds = await this.versionIds(row);
    const best: { best: number | null } | undefined = await this.grades
      .createQueryBuilder('grade')
      .select('max(grade.score)', 'best')
      .where('grade.assignment_id in (:...versionIds)', { versionIds })
      .andWhere('grade.user_id = :userId', { userId: principal.user.id })
      .getRawOne();
    const count = await this.submissions.count({
      where: { assignmentId: In(versionIds), userId: principal.user.id },
    });
    const course = row.course ?? (await this.assignmentRows.findOneOrFail({ where: { id: row.id }, relations: { course: true } })).course;
    return {
      ...(summary ?? {
        slug: row.slug,
        number: row.number,
        version: row.version,
        title: row.title,
        module: '',
        limits: {},
        checks: [],
      }),
      course: course?.slug ?? '',
      deadline: row.deadline?.toISOString() ?? null,
      bestScore: best?.best === null || best?.best === undefined ? null : Number(best.best),
      submissions: count,
    };
  }

  private async versionIds(assignment: Assignment): Promise<string[]> {
    const versions = await this.assignmentRows.find({
      where: { courseId: assignment.courseId, slug: assignment.slug },
      select: { id: true },
    });
    return versions.map((version) => version.id);
  }

  /** Returns a public file of the assignment (task text, starter, public tests) to its students. */
  async publicFile(principal: Principal, slug: string, path: string): Promise<string> {
    const { assignment } = await this.assignments.findLatest(slug);
    AccessPolicy.requireCourseRole(principal, assignment.courseId, 'student', {
      en: `assignment ${slug}`,
      lv: `uzdevums ${slug}`,
    });
    const folder = join(this.config.repositoryRoot, 'assignments', assignmentFolder(assignment));
    return readPublicAssignmentFile(folder, path, slug);
  }

  private readme(assignment: Assignment, locale: Locale): string {
    const folder = join(this.config.repositoryRoot, 'assignments', assignmentFolder(assignment));
    const localized = join(folder, locale === 'lv' ? 'README.lv.md' : 'README.md');
    const file = existsSync(localized) ? localized : join(folder, 'README.md');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }
}
