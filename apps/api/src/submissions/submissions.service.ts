import { join } from 'node:path';
import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import {
  CheckResult,
  Grade,
  Submission,
  type Locale,
  type SubmittedFile,
  type User,
} from '@dmlg/db';
import { ContentStore, GradingQueueRouter } from '@dmlg/grading';
import { AssignmentsService } from '../assignments/assignments.service';
import { SubmissionAdmissionService } from '../policy/submission-admission.service';
import type { CheckToleranceDto, SubmissionDto, SubmissionReceiptDto } from './submission.dto';
import { unpackUpload } from './upload-unpacking';
import { validateUpload, type UploadedSource } from './upload-validation';
import { localized } from '../errors/localized-message';

@Injectable()
export class SubmissionsService {
  private readonly logger = new Logger(SubmissionsService.name);
  private readonly store: ContentStore;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: GradingQueueRouter,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Submission) private readonly submissions: Repository<Submission>,
    @InjectRepository(CheckResult) private readonly checks: Repository<CheckResult>,
    private readonly assignments: AssignmentsService,
    private readonly admission: SubmissionAdmissionService,
  ) {
    this.store = new ContentStore(join(config.dataDir, 'files'));
  }

  /**
   * Applies the assignment's policy, validates and stores the files, commits the submission row,
   * then enqueues it. If the enqueue fails the row stays `queued` and the worker's recovery
   * sweep enqueues it later, so the receipt is never a lie. Every way of submitting calls this,
   * so the policy (opening time, cutoff, limits) holds for all of them.
   */
  async submit(
    slug: string,
    uploaded: UploadedSource[],
    user: User,
  ): Promise<SubmissionReceiptDto> {
    const { assignment, manifest } = await this.assignments.findLatest(slug);
    // Checked before unpacking so that a rejected upload costs nothing, and again under the lock.
    await this.admission.assertAdmitted(this.dataSource.manager, assignment, user);
    const files = await unpackUpload(uploaded, manifest.module, this.config.upload);
    validateUpload(files, manifest.module, this.config.upload);

    const stored: SubmittedFile[] = [];
    for (const file of files) {
      stored.push({
        path: file.path,
        sha256: await this.store.put(file.content),
        bytes: file.content.length,
      });
    }
    const submission = await this.dataSource.transaction(async (manager) => {
      // Serialises one student's submissions to one assignment, so two parallel uploads cannot
      // both take the last free slot of a limit.
      await manager.query('select pg_advisory_xact_lock(hashtext($1))', [
        `submission:${assignment.courseId}:${assignment.slug}:${user.id}`,
      ]);
      await this.admission.assertAdmitted(manager, assignment, user);
      return manager.save(
        manager.create(Submission, {
          assignmentId: assignment.id,
          userId: user.id,
          status: 'queued',
          files: stored,
        }),
      );
    });
    try {
      await this.queues.enqueue(submission.id, manifest);
    } catch (error) {
      this.logger.error(
        `submission ${submission.id} stored but not enqueued (the recovery sweep will retry): ${(error as Error).message}`,
      );
    }
    this.logger.log(
      `submission ${submission.id} received for ${slug} v${assignment.version} from user ${user.id} (${files.length} files)`,
    );
    return { id: submission.id, status: 'queued', url: `/api/submissions/${submission.id}` };
  }

  async describe(id: string, locale: Locale): Promise<SubmissionDto> {
    const submission = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.submissions.findOne({
          where: { id },
          relations: { assignment: { course: true } },
        })
      : null;
    if (!submission || !submission.assignment) {
      throw new NotFoundException(
        localized(`submission ${id} not found`, `Iesniegums ${id} nav atrasts`),
      );
    }
    const checks =
      submission.status === 'graded'
        ? inManifestOrder(await this.latestChecks(submission.id), submission.assignment.manifest)
        : [];
    const grade = await this.dataSource.manager.findOne(Grade, {
      where: { submissionId: submission.id },
    });
    return {
      id: submission.id,
      assignment: submission.assignment.slug,
      assignmentTitle: submission.assignment.title[locale],
      course: submission.assignment.course?.slug ?? '',
      assignmentVersion: submission.assignment.version,
      status: submission.status,
      score: submission.score,
      failureReason: submission.failureReason,
      files: submission.files.map((file) => file.path),
      createdAt: submission.createdAt.toISOString(),
      startedAt: submission.startedAt?.toISOString() ?? null,
      gradedAt: submission.gradedAt?.toISOString() ?? null,
      checks: checks.map((check) => ({
        id: check.checkId,
        title: check.title[locale],
        score: check.score,
        weight: check.weight,
        value: check.value,
        target: check.target,
        baseline: check.baseline,
        message: check.message[locale],
        hidden: check.hidden,
        tolerance: toleranceView(check.tolerance),
      })),
      computation: grade
        ? {
            rawScore: grade.rawScore,
            penaltyPercent: grade.penaltyPercent,
            extensionDeadline: grade.extensionDeadline?.toISOString() ?? null,
            policyVersion: grade.policyVersion,
          }
        : null,
    };
  }

  /** Check results of the run that produced the grade. */
  private async latestChecks(submissionId: string): Promise<CheckResult[]> {
    return this.checks
      .createQueryBuilder('check')
      .innerJoin('grades', 'grade', 'grade.run_id = check.run_id')
      .where('check.submission_id = :submissionId', { submissionId })
      .orderBy('check.check_id')
      .getMany();
  }
}

/**
 * Check results in the order the manifest lists its checks, as the dashboard shows them; a check
 * the manifest no longer names goes last.
 */
function inManifestOrder(checks: CheckResult[], manifest: Record<string, unknown>): CheckResult[] {
  const listed = Array.isArray(manifest.checks) ? (manifest.checks as { id?: unknown }[]) : [];
  const position = new Map(listed.map((check, index) => [check.id, index]));
  const rank = (check: CheckResult): number => position.get(check.checkId) ?? listed.length;
  return [...checks].sort((a, b) => rank(a) - rank(b));
}

/** The public part of a stored `AppliedTolerance`: its value, source and, for bands, the seeds. */
function toleranceView(stored: Record<string, unknown> | null): CheckToleranceDto | null {
  if (!stored || typeof stored.value !== 'number') return null;
  if (stored.source === 'seeds' && Array.isArray(stored.seeds)) {
    return { value: stored.value, source: 'seeds', seeds: stored.seeds as number[] };
  }
  return { value: stored.value, source: 'manifest' };
}
