import {
  BadRequestException,
  ConflictException,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import {
  Assignment,
  Grade,
  GradeChange,
  RerunItem,
  RerunSet,
  Submission,
  User,
  type RerunScope,
} from '@dmlg/db';
import { GradingQueueRouter, parseManifest } from '@dmlg/grading';
import { AccessPolicy } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { AssignmentsService } from '../assignments/assignments.service';
import type { RerunDecisionDto, RerunItemDto, RerunSetDto } from './rerun.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A rerun set of more submissions than this is rejected; split it by student instead. */
const MAX_ITEMS = 5000;

/**
 * Rerun sets: regrade chosen submissions into a reviewable set, then apply (grades written, each
 * with an audit row) or discard (nothing written). Nothing outside the set changes before apply.
 */
@Injectable()
export class RerunsService {
  private readonly logger = new Logger(RerunsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: GradingQueueRouter,
    private readonly assignments: AssignmentsService,
  ) {}

  /** Creates a set and enqueues one rerun job per item (instructors). */
  async create(principal: Principal, slug: string, body: unknown): Promise<RerunSetDto> {
    const { assignment } = await this.assignments.findLatest(slug);
    AccessPolicy.requireCourseRole(
      principal,
      assignment.courseId,
      'instructor',
      `reruns of assignment ${slug}`,
    );
    const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<
      string,
      unknown
    >;
    const scope = fields.scope as RerunScope;
    if (!['submission', 'student', 'assignment'].includes(String(scope))) {
      throw new BadRequestException(
        `scope ${JSON.stringify(fields.scope ?? null)} is invalid; send "submission" (with submissionId), "student" (with userId) or "assignment"`,
      );
    }
    const reason = typeof fields.reason === 'string' ? fields.reason.trim() : '';
    if (reason.length < 3 || reason.length > 500) {
      throw new BadRequestException(
        `reason ${JSON.stringify(fields.reason ?? null)} is invalid; send 3 to 500 characters saying why the rerun is needed`,
      );
    }
    const versions = await this.dataSource.manager.find(Assignment, {
      where: { courseId: assignment.courseId, slug },
      order: { version: 'ASC' },
    });
    let target: Assignment | null = null;
    if (fields.assignmentVersion !== undefined && fields.assignmentVersion !== null) {
      target = versions.find((version) => version.version === fields.assignmentVersion) ?? null;
      if (!target) {
        throw new BadRequestException(
          `assignmentVersion ${JSON.stringify(fields.assignmentVersion)} of ${slug} does not exist; known versions: ${versions.map((v) => v.version).join(', ')}`,
        );
      }
    }
    const submissions = await this.chooseSubmissions(
      scope,
      fields,
      versions.map((v) => v.id),
      slug,
    );

    const set = await this.dataSource.transaction(async (manager) => {
      const created = await manager.save(
        manager.create(RerunSet, {
          courseId: assignment.courseId,
          assignmentSlug: slug,
          scope,
          scopeId:
            scope === 'submission'
              ? String(fields.submissionId)
              : scope === 'student'
                ? String(fields.userId)
                : null,
          targetVersion: target?.version ?? null,
          status: 'grading',
          reason,
          createdBy: principal.user.id,
        }),
      );
      const grades = await manager.find(Grade, {
        where: { submissionId: In(submissions.map((submission) => submission.id)) },
      });
      const scoreOf = new Map(grades.map((grade) => [grade.submissionId, grade.score]));
      await manager.insert(
        RerunItem,
        submissions.map((submission) => ({
          setId: created.id,
          submissionId: submission.id,
          assignmentId: target?.id ?? submission.assignmentId,
          status: 'queued' as const,
          previousScore: scoreOf.get(submission.id) ?? null,
        })),
      );
      return created;
    });
    const items = await this.dataSource.manager.find(RerunItem, { where: { setId: set.id } });
    // Each item goes on its assignment version's queue (practical, a GPU model's or the main
    // one), the same queue a new submission of that version would take.
    const itemVersions = await this.dataSource.manager.find(Assignment, {
      where: { id: In([...new Set(items.map((item) => item.assignmentId))]) },
    });
    const routes = new Map(
      itemVersions.map((version) => [
        version.id,
        parseManifest(version.manifest, `assignment ${version.slug} v${version.version}`),
      ]),
    );
    for (const item of items) {
      const route = routes.get(item.assignmentId);
      if (!route) throw new Error(`rerun item ${item.id}: assignment ${item.assignmentId} is gone`);
      await this.queues.enqueueRerun(item.id, route);
    }
    this.logger.log(
      `user ${principal.user.id} created rerun set ${set.id} of ${slug} (${scope}, ${items.length} submissions${target ? `, against v${target.version}` : ''}): ${reason}`,
    );
    return this.view(principal, set.id);
  }

  /** Sets of an assignment, newest first, without their items (TAs and instructors). */
  async list(principal: Principal, slug: string): Promise<RerunSetDto[]> {
    const { assignment } = await this.assignments.findLatest(slug);
    AccessPolicy.requireCourseRole(
      principal,
      assignment.courseId,
      'ta',
      `reruns of assignment ${slug}`,
    );
    const sets = await this.dataSource.manager.find(RerunSet, {
      where: { courseId: assignment.courseId, assignmentSlug: slug },
      order: { createdAt: 'DESC' },
      take: 200,
    });
    const result: RerunSetDto[] = [];
    for (const set of sets) result.push(await this.describe(set, false));
    return result;
  }

  /** Returns one set with its items: old, current and new score side by side (TAs and instructors). */
  async view(principal: Principal, id: string): Promise<RerunSetDto> {
    const set = await this.readable(principal, id, 'ta');
    return this.describe(set, true);
  }

  /** Writes the new grades of every graded item, each with an audit row (instructors). */
  async apply(principal: Principal, id: string, body: unknown): Promise<RerunDecisionDto> {
    const set = await this.readable(principal, id, 'instructor');
    const note = this.decisionNote(body);
    const reason = `rerun set ${set.id} applied: ${set.reason}${note ? ` (${note})` : ''}`;
    const counts = await this.dataSource.transaction(async (manager) => {
      const locked = await this.lockSet(manager, set.id);
      if (locked.status !== 'ready') {
        throw new ConflictException(
          `rerun set ${set.id} is ${locked.status}; only a ready set (every item graded or failed) can be applied${locked.status === 'grading' ? ', so wait for the grading to finish' : ''}`,
        );
      }
      const items = await manager.find(RerunItem, { where: { setId: set.id } });
      let applied = 0;
      for (const item of items) {
        if (item.status !== 'graded' || item.score === null || item.runId === null) continue;
        await this.applyItem(manager, item, principal.user.id, set.id, reason);
        applied += 1;
      }
      await manager.update(RerunSet, set.id, {
        status: 'applied',
        decidedBy: principal.user.id,
        decidedAt: new Date(),
      });
      return { applied, skipped: items.length - applied };
    });
    this.logger.log(
      `user ${principal.user.id} applied rerun set ${set.id}: ${counts.applied} grades written, ${counts.skipped} skipped`,
    );
    return { status: 'applied', ...counts };
  }

  /** Closes the set without writing anything (instructors); queued items are skipped by the worker. */
  async discard(principal: Principal, id: string, body: unknown): Promise<RerunDecisionDto> {
    const set = await this.readable(principal, id, 'instructor');
    this.decisionNote(body);
    const skipped = await this.dataSource.transaction(async (manager) => {
      const locked = await this.lockSet(manager, set.id);
      if (locked.status === 'applied' || locked.status === 'discarded') {
        throw new ConflictException(
          `rerun set ${set.id} is already ${locked.status}; nothing to discard`,
        );
      }
      await manager.update(RerunSet, set.id, {
        status: 'discarded',
        decidedBy: principal.user.id,
        decidedAt: new Date(),
      });
      return manager.count(RerunItem, { where: { setId: set.id } });
    });
    this.logger.log(`user ${principal.user.id} discarded rerun set ${set.id} (${skipped} items)`);
    return { status: 'discarded', applied: 0, skipped };
  }

  private async applyItem(
    manager: EntityManager,
    item: RerunItem,
    userId: string,
    setId: string,
    reason: string,
  ): Promise<void> {
    const score = item.score as number;
    const computation = {
      rawScore: item.rawScore,
      penaltyPercent: item.penaltyPercent ?? 0,
      extensionDeadline: item.extensionDeadline,
      policyVersion: item.policyVersion ?? 0,
    };
    const submission = await manager.findOneOrFail(Submission, {
      where: { id: item.submissionId },
    });
    let grade = await manager.findOne(Grade, {
      where: { submissionId: item.submissionId },
      lock: { mode: 'pessimistic_write' },
    });
    const previousScore = grade?.score ?? null;
    if (grade) {
      await manager.update(Grade, grade.id, {
        score,
        ...computation,
        runId: item.runId as string,
        assignmentId: item.assignmentId,
      });
    } else {
      // The first grading had failed (a grader fault): the rerun gives the submission its first grade.
      grade = await manager.save(
        manager.create(Grade, {
          submissionId: item.submissionId,
          assignmentId: item.assignmentId,
          userId: submission.userId,
          runId: item.runId as string,
          score,
          ...computation,
        }),
      );
    }
    await manager.insert(GradeChange, {
      gradeId: grade.id,
      previousScore,
      newScore: score,
      ...computation,
      rerunSetId: setId,
      changedBy: userId,
      reason,
    });
    await manager.update(Submission, submission.id, {
      score,
      status: 'graded',
      failureReason: null,
      gradedAt: submission.gradedAt ?? new Date(),
    });
  }

  private async chooseSubmissions(
    scope: RerunScope,
    fields: Record<string, unknown>,
    versionIds: string[],
    slug: string,
  ): Promise<Submission[]> {
    const where: Record<string, unknown> = {
      assignmentId: In(versionIds),
      status: In(['graded', 'failed']),
    };
    if (scope === 'submission') {
      const id = String(fields.submissionId ?? '');
      if (!UUID.test(id)) {
        throw new BadRequestException(
          `submissionId ${JSON.stringify(fields.submissionId ?? null)} is invalid; send the id of a submission to ${slug}`,
        );
      }
      where.id = id;
    }
    if (scope === 'student') {
      const id = String(fields.userId ?? '');
      if (!UUID.test(id)) {
        throw new BadRequestException(
          `userId ${JSON.stringify(fields.userId ?? null)} is invalid; send the id of a student in the course`,
        );
      }
      where.userId = id;
    }
    const submissions = await this.dataSource.manager.find(Submission, {
      where,
      order: { createdAt: 'ASC' },
      take: MAX_ITEMS + 1,
    });
    if (submissions.length === 0) {
      throw new BadRequestException(
        `no graded or failed submission of ${slug} matches scope ${scope}; submissions still queued or running are graded normally and cannot be rerun yet`,
      );
    }
    if (submissions.length > MAX_ITEMS) {
      throw new BadRequestException(
        `more than ${MAX_ITEMS} submissions match; create sets per student instead`,
      );
    }
    return submissions;
  }

  private decisionNote(body: unknown): string {
    const reason =
      (typeof body === 'object' && body !== null
        ? (body as Record<string, unknown>).reason
        : undefined) ?? '';
    if (typeof reason !== 'string' || reason.length > 500) {
      throw new BadRequestException(
        `reason ${JSON.stringify(reason)} is invalid; send text of at most 500 characters, or leave it out`,
      );
    }
    return reason.trim();
  }

  private async lockSet(manager: EntityManager, id: string): Promise<RerunSet> {
    return manager.findOneOrFail(RerunSet, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Loads the set if the principal has at least the `minimum` role in its course; 404 for outsiders and bad ids. */
  private async readable(
    principal: Principal,
    id: string,
    minimum: 'ta' | 'instructor',
  ): Promise<RerunSet> {
    const set = UUID.test(id)
      ? await this.dataSource.manager.findOne(RerunSet, { where: { id } })
      : null;
    if (!set) throw new NotFoundException(`rerun set ${id} not found`);
    AccessPolicy.requireCourseRole(principal, set.courseId, minimum, `rerun set ${id}`);
    return set;
  }

  private async describe(set: RerunSet, withItems: boolean): Promise<RerunSetDto> {
    const manager = this.dataSource.manager;
    const items = await manager.find(RerunItem, {
      where: { setId: set.id },
      relations: { submission: true },
      order: { submission: { createdAt: 'ASC' } },
    });
    const counts: Record<string, number> = { queued: 0, running: 0, graded: 0, failed: 0 };
    for (const item of items) counts[item.status] += 1;
    const userIds = [
      set.createdBy,
      ...(set.decidedBy ? [set.decidedBy] : []),
      ...items.map((item) => item.submission?.userId ?? ''),
    ].filter(Boolean);
    const users = await manager.find(User, { where: { id: In(userIds) } });
    const email = (id: string): string => users.find((user) => user.id === id)?.email ?? id;
    let itemViews: RerunItemDto[] = [];
    if (withItems) {
      const grades = await manager.find(Grade, {
        where: { submissionId: In(items.map((item) => item.submissionId)) },
      });
      const versions = await manager.find(Assignment, {
        where: { id: In(items.map((item) => item.assignmentId)) },
      });
      itemViews = items.map((item) => ({
        id: item.id,
        submissionId: item.submissionId,
        student: email(item.submission?.userId ?? ''),
        submittedAt: item.submission?.createdAt.toISOString() ?? '',
        assignmentVersion:
          versions.find((version) => version.id === item.assignmentId)?.version ?? 0,
        status: item.status,
        previousScore: item.previousScore,
        currentScore:
          grades.find((grade) => grade.submissionId === item.submissionId)?.score ?? null,
        newScore: item.score,
        newRawScore: item.rawScore,
        newPenaltyPercent: item.penaltyPercent,
        policyVersion: item.policyVersion,
        extensionDeadline: item.extensionDeadline?.toISOString() ?? null,
        failureReason: item.failureReason,
      }));
    }
    return {
      id: set.id,
      assignment: set.assignmentSlug,
      scope: set.scope,
      targetVersion: set.targetVersion,
      status: set.status,
      reason: set.reason,
      createdBy: email(set.createdBy),
      createdAt: set.createdAt.toISOString(),
      decidedBy: set.decidedBy ? email(set.decidedBy) : null,
      decidedAt: set.decidedAt?.toISOString() ?? null,
      counts,
      items: itemViews,
    };
  }
}
