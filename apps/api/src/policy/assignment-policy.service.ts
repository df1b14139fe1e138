import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import {
  Assignment,
  AssignmentPolicy,
  AssignmentPolicyChange,
  DeadlineExtension,
  Enrolment,
  User,
} from '@dmlg/db';
import {
  effectiveDeadlines,
  loadStudentPolicy,
  policyRulesOf,
  type PolicyRules,
} from '@dmlg/grading';
import { AccessPolicy } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { AssignmentsService } from '../assignments/assignments.service';
import type { ExtensionDto, PolicyChangeDto, PolicyDto } from './assignment-policy.dto';
import { CountingGradesService } from './counting-grades.service';
import { SubmissionUsageService } from './submission-usage.service';
import { parseInstant, parsePolicyInput, parseReason, type PolicyInput } from './policy-validation';

/** Reading and changing an assignment's submission and late rules, and per-student extensions. */
@Injectable()
export class AssignmentPolicyService {
  private readonly logger = new Logger(AssignmentPolicyService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly assignments: AssignmentsService,
    private readonly usage: SubmissionUsageService,
    private readonly counting: CountingGradesService,
  ) {}

  /** The rules, and what the principal's own submissions amount to under them. */
  async view(principal: Principal, slug: string): Promise<PolicyDto> {
    const { assignment } = await this.assignments.findLatest(slug);
    AccessPolicy.requireCourseRole(principal, assignment.courseId, 'student', `assignment ${slug}`);
    const manager = this.dataSource.manager;
    const { rules, extensionDeadline } = await loadStudentPolicy(
      manager,
      assignment.courseId,
      slug,
      principal.user.id,
    );
    const effective = effectiveDeadlines(rules, extensionDeadline);
    const used = await this.usage.of(
      manager,
      assignment.courseId,
      slug,
      principal.user.id,
      new Date(),
    );
    const counted = await this.counting.forAssignment(
      manager,
      assignment.courseId,
      slug,
      rules.counting,
      principal.user.id,
    );
    const mine = counted.get(principal.user.id) ?? null;
    return {
      assignment: slug,
      ...serializeRules(rules),
      yours: {
        extensionDeadline: effective.extensionDeadline?.toISOString() ?? null,
        effectiveDeadline: effective.deadline?.toISOString() ?? null,
        effectiveCutoffAt: effective.cutoffAt?.toISOString() ?? null,
        submissionsUsed: used.total,
        submissionsLastHour: used.lastHour.length,
        countingScore: mine?.score ?? null,
        countingSubmissionId: mine?.submissionId ?? null,
      },
    };
  }

  /** Replaces the rules (instructors): a new version, its audit row, and the assignment's deadline. */
  async replace(principal: Principal, slug: string, body: unknown): Promise<PolicyDto> {
    const { assignment } = await this.assignments.findLatest(slug);
    AccessPolicy.requireCourseRole(
      principal,
      assignment.courseId,
      'instructor',
      `policy of assignment ${slug}`,
    );
    const input = parsePolicyInput(body);
    const reason = parseReason((body as { reason?: unknown }).reason, 'policy set');
    await this.store(assignment, input, principal.user.id, reason);
    return this.view(principal, slug);
  }

  /** Sets only the deadline (instructors), keeping the other rules; used by `PUT .../deadline`. */
  async setDeadline(principal: Principal, slug: string, deadline: unknown): Promise<void> {
    const { assignment } = await this.assignments.findLatest(slug);
    AccessPolicy.requireCourseRole(
      principal,
      assignment.courseId,
      'instructor',
      `assignment ${slug}`,
    );
    const current = await this.dataSource.manager.findOne(AssignmentPolicy, {
      where: { courseId: assignment.courseId, assignmentSlug: slug },
    });
    const rules = policyRulesOf(current);
    const problems: string[] = [];
    const value = parseInstant(deadline, 'deadline', problems);
    if (problems.length) throw new BadRequestException(problems);
    // Re-validated as a whole, so a deadline after the cutoff is rejected with the same message.
    const { version: _version, ...fields } = serializeRules(rules);
    const input = parsePolicyInput({ ...fields, deadline: value?.toISOString() ?? null });
    await this.store(assignment, input, principal.user.id, 'deadline set');
  }

  /** Every version of the policy, newest first (TAs and instructors). */
  async history(principal: Principal, slug: string): Promise<PolicyChangeDto[]> {
    const { assignment } = await this.assignments.findLatest(slug);
    AccessPolicy.requireCourseRole(
      principal,
      assignment.courseId,
      'ta',
      `policy of assignment ${slug}`,
    );
    const policy = await this.dataSource.manager.findOne(AssignmentPolicy, {
      where: { courseId: assignment.courseId, assignmentSlug: slug },
    });
    if (!policy) return [];
    const changes = await this.dataSource.manager.find(AssignmentPolicyChange, {
      where: { policyId: policy.id },
      order: { version: 'DESC' },
    });
    const users = await this.usersById(changes.map((change) => change.changedBy));
    return changes.map((change) => ({
      version: change.version,
      rules: change.rules,
      changedBy: change.changedBy ? (users.get(change.changedBy) ?? change.changedBy) : null,
      reason: change.reason,
      createdAt: change.createdAt.toISOString(),
    }));
  }

  async listExtensions(principal: Principal, slug: string): Promise<ExtensionDto[]> {
    const { assignment } = await this.assignments.findLatest(slug);
    AccessPolicy.requireCourseRole(
      principal,
      assignment.courseId,
      'ta',
      `extensions of assignment ${slug}`,
    );
    const rows = await this.dataSource.manager.find(DeadlineExtension, {
      where: { courseId: assignment.courseId, assignmentSlug: slug },
      relations: { user: true },
      order: { deadline: 'ASC' },
    });
    const granters = await this.usersById(rows.map((row) => row.grantedBy));
    return rows.map((row) => ({
      userId: row.userId,
      email: row.user?.email ?? row.userId,
      deadline: row.deadline.toISOString(),
      reason: row.reason,
      grantedBy: row.grantedBy ? (granters.get(row.grantedBy) ?? row.grantedBy) : null,
      updatedAt: row.updatedAt.toISOString(),
    }));
  }

  /** Grants or changes one student's extension (instructors). */
  async setExtension(
    principal: Principal,
    slug: string,
    userId: string,
    body: unknown,
  ): Promise<ExtensionDto> {
    const { assignment } = await this.assignments.findLatest(slug);
    AccessPolicy.requireCourseRole(
      principal,
      assignment.courseId,
      'instructor',
      `extensions of assignment ${slug}`,
    );
    await this.requireStudent(assignment.courseId, userId);
    const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<
      string,
      unknown
    >;
    const problems: string[] = [];
    const deadline = parseInstant(fields.deadline, 'deadline', problems);
    if (!deadline && problems.length === 0) {
      problems.push(
        'deadline is missing; send the extended deadline as ISO 8601, such as 2027-03-03T21:59:00Z',
      );
    }
    const reason = typeof fields.reason === 'string' ? fields.reason.trim() : '';
    if (reason.length < 3 || reason.length > 500) {
      problems.push(
        `reason ${JSON.stringify(fields.reason ?? null)} is invalid; send 3 to 500 characters saying why`,
      );
    }
    const rules = policyRulesOf(
      await this.dataSource.manager.findOne(AssignmentPolicy, {
        where: { courseId: assignment.courseId, assignmentSlug: slug },
      }),
    );
    if (!rules.deadline) {
      problems.push(
        `assignment ${slug} has no deadline to extend; set the policy's deadline first`,
      );
    } else if (deadline && deadline.getTime() <= rules.deadline.getTime()) {
      problems.push(
        `deadline ${deadline.toISOString()} is not after the assignment's deadline ${rules.deadline.toISOString()}; an extension must be later`,
      );
    }
    if (problems.length || !deadline) throw new BadRequestException(problems);
    await this.dataSource.manager.upsert(
      DeadlineExtension,
      {
        courseId: assignment.courseId,
        assignmentSlug: slug,
        userId,
        deadline,
        reason,
        grantedBy: principal.user.id,
      },
      ['courseId', 'assignmentSlug', 'userId'],
    );
    this.logger.log(
      `user ${principal.user.id} extended ${slug} for user ${userId} to ${deadline.toISOString()}: ${reason}`,
    );
    const found = (await this.listExtensions(principal, slug)).find((row) => row.userId === userId);
    if (!found)
      throw new NotFoundException(`extension of user ${userId} not found after saving it`);
    return found;
  }

  async removeExtension(principal: Principal, slug: string, userId: string): Promise<void> {
    const { assignment } = await this.assignments.findLatest(slug);
    AccessPolicy.requireCourseRole(
      principal,
      assignment.courseId,
      'instructor',
      `extensions of assignment ${slug}`,
    );
    const removed = /^[0-9a-f-]{36}$/i.test(userId)
      ? await this.dataSource.manager.delete(DeadlineExtension, {
          courseId: assignment.courseId,
          assignmentSlug: slug,
          userId,
        })
      : { affected: 0 };
    if (!removed.affected)
      throw new NotFoundException(`user ${userId} has no extension for ${slug}`);
    this.logger.log(
      `user ${principal.user.id} removed the extension of user ${userId} for ${slug}`,
    );
  }

  /** Writes a new policy version with its audit row and copies the deadline to every version. */
  private async store(
    assignment: Assignment,
    input: PolicyInput,
    userId: string,
    reason: string,
  ): Promise<void> {
    const version = await this.dataSource.transaction(async (manager: EntityManager) => {
      const existing = await manager.findOne(AssignmentPolicy, {
        where: { courseId: assignment.courseId, assignmentSlug: assignment.slug },
        lock: { mode: 'pessimistic_write' },
      });
      const row =
        existing ??
        manager.create(AssignmentPolicy, {
          courseId: assignment.courseId,
          assignmentSlug: assignment.slug,
          version: 0,
        });
      Object.assign(row, input, { version: row.version + 1, updatedBy: userId });
      const saved = await manager.save(row);
      await manager.save(
        manager.create(AssignmentPolicyChange, {
          policyId: saved.id,
          version: saved.version,
          rules: { ...serializeRules(policyRulesOf(saved)) },
          changedBy: userId,
          reason,
        }),
      );
      // The assignment's own deadline decides when hidden checks become visible; it follows the policy.
      await manager.update(
        Assignment,
        { courseId: assignment.courseId, slug: assignment.slug },
        { deadline: input.deadline },
      );
      return saved.version;
    });
    this.logger.log(
      `user ${userId} set policy version ${version} of ${assignment.slug}: ${reason}`,
    );
  }

  private async requireStudent(courseId: string, userId: string): Promise<void> {
    const enrolment = /^[0-9a-f-]{36}$/i.test(userId)
      ? await this.dataSource.manager.findOne(Enrolment, { where: { courseId, userId } })
      : null;
    if (!enrolment) throw new NotFoundException(`user ${userId} is not in this course`);
  }

  private async usersById(ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = ids.filter((id): id is string => id !== null);
    if (!wanted.length) return new Map();
    const users = await this.dataSource.manager.find(User, { where: { id: In(wanted) } });
    return new Map(users.map((user) => [user.id, user.email]));
  }
}

/** Rules as JSON: dates as ISO 8601 strings. */
export function serializeRules(rules: PolicyRules): Omit<PolicyDto, 'assignment' | 'yours'> {
  return {
    version: rules.version,
    opensAt: rules.opensAt?.toISOString() ?? null,
    deadline: rules.deadline?.toISOString() ?? null,
    cutoffAt: rules.cutoffAt?.toISOString() ?? null,
    latePenalty: { ...rules.latePenalty },
    maxSubmissions: rules.maxSubmissions,
    maxSubmissionsPerHour: rules.maxSubmissionsPerHour,
    counting: rules.counting,
  };
}
