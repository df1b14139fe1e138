import { join } from 'node:path';
import { BadRequestException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Observable } from 'rxjs';
import { In, type DataSource, type Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import {
  Assignment,
  Grade,
  GradeChange,
  GradingRun,
  Submission,
  User,
  type Locale,
} from '@dmlg/db';
import { ContentStore } from '@dmlg/grading';
import { AccessPolicy } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import type { SubmissionDetailDto, SubmissionDto, SubmissionEventDto } from './submission.dto';
import { SubmissionsService } from './submissions.service';
import { localized } from '../errors/localized-message';

/** How often an open event stream looks at the submission, in milliseconds. */
const POLL_MS = 500;
/** Longest an event stream stays open; the page reconnects if grading takes longer. */
const STREAM_MAX_MS = 30 * 60 * 1000;
/** File text shown on the detail page is cut here, in bytes. */
const FILE_PREVIEW_BYTES = 200 * 1024;

export interface ServerSentEvent {
  data: SubmissionEventDto;
}

/** Reading one submission under the access policy: result, live progress, staff detail, regrade. */
@Injectable()
export class SubmissionReviewService {
  private readonly logger = new Logger(SubmissionReviewService.name);
  private readonly store: ContentStore;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Submission) private readonly submissions: Repository<Submission>,
    @InjectRepository(GradingRun) private readonly runs: Repository<GradingRun>,
    @InjectRepository(GradeChange) private readonly changes: Repository<GradeChange>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly described: SubmissionsService,
  ) {
    this.store = new ContentStore(join(config.dataDir, 'files'));
  }

  /** The submission with its assignment, if the principal may read it; 404 otherwise. */
  async readable(
    principal: Principal,
    id: string,
  ): Promise<Submission & { assignment: Assignment }> {
    const submission = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.submissions.findOne({ where: { id }, relations: { assignment: true } })
      : null;
    if (!submission?.assignment) {
      throw new NotFoundException(
        localized(`submission ${id} not found`, `Iesniegums ${id} nav atrasts`),
      );
    }
    AccessPolicy.requireSubmissionRead(principal, submission, submission.assignment.courseId);
    return submission as Submission & { assignment: Assignment };
  }

  async describe(principal: Principal, id: string, locale: Locale): Promise<SubmissionDto> {
    const submission = await this.readable(principal, id);
    const showHidden = AccessPolicy.showsHiddenChecks(
      principal,
      submission.assignment.courseId,
      submission.assignment.deadline,
    );
    const view = await this.described.describe(id, locale);
    return showHidden ? view : { ...view, checks: view.checks.filter((check) => !check.hidden) };
  }

  /**
   * Progress as server-sent events: one event per phase change (queued, running with elapsed
   * time every poll, scoring once the sandbox has finished, graded or failed), then the stream
   * ends. Polls Postgres every 500 ms; closes after 30 minutes at the latest.
   */
  async events(principal: Principal, id: string): Promise<Observable<ServerSentEvent>> {
    await this.readable(principal, id);
    return new Observable<ServerSentEvent>((subscriber) => {
      const opened = Date.now();
      let last = '';
      let stopped = false;
      const tick = async (): Promise<void> => {
        if (stopped) return;
        try {
          const event = await this.phase(id);
          const key = `${event.phase}/${event.score}/${event.phase === 'running' ? event.elapsedMs : ''}`;
          if (key !== last) {
            last = key;
            subscriber.next({ data: event });
          }
          if (
            event.phase === 'graded' ||
            event.phase === 'failed' ||
            event.phase === 'cancelled' ||
            Date.now() - opened > STREAM_MAX_MS
          ) {
            subscriber.complete();
            return;
          }
        } catch (error) {
          this.logger.error(`event stream of submission ${id} failed: ${(error as Error).message}`);
          subscriber.error(error);
          return;
        }
        timer = setTimeout(() => void tick(), POLL_MS);
      };
      let timer = setTimeout(() => void tick(), 0);
      return () => {
        stopped = true;
        clearTimeout(timer);
      };
    });
  }

  /** Files, runs, every check and the grade's audit trail, for TAs and instructors. */
  async detail(principal: Principal, id: string, locale: Locale): Promise<SubmissionDetailDto> {
    const submission = await this.readable(principal, id);
    AccessPolicy.requireCourseRole(principal, submission.assignment.courseId, 'ta', {
      en: `submission ${id} detail`,
      lv: `iesnieguma ${id} detaļas`,
    });
    const view = await this.described.describe(id, locale);
    const student = await this.users.findOne({ where: { id: submission.userId } });
    const fileContents = [];
    for (const file of submission.files) {
      let content = '';
      try {
        const bytes = await this.store.get(file.sha256);
        content = bytes.subarray(0, FILE_PREVIEW_BYTES).toString('utf8');
      } catch (error) {
        content = `(file missing from the store: ${(error as Error).message})`;
      }
      fileContents.push({ path: file.path, bytes: file.bytes, sha256: file.sha256, content });
    }
    const runs = await this.runs.find({ where: { submissionId: id }, order: { startedAt: 'ASC' } });
    const grade = await this.dataSource
      .getRepository(Grade)
      .findOne({ where: { submissionId: id } });
    const changes = grade
      ? await this.changes.find({ where: { gradeId: grade.id }, order: { createdAt: 'ASC' } })
      : [];
    const changers = await this.users.find({
      where: { id: In(changes.map((change) => change.changedBy).filter((x): x is string => !!x)) },
    });
    return {
      ...view,
      student: student?.email ?? submission.userId,
      fileContents,
      runs: runs.map((run) => ({
        id: run.id,
        attempt: run.attempt,
        workerName: run.workerName,
        imageTag: run.imageTag,
        imageDigest: run.imageDigest,
        placement: run.placement,
        outcome: run.outcome,
        termination: run.termination,
        exitCode: run.exitCode,
        errorMessage: run.errorMessage,
        startedAt: run.startedAt.toISOString(),
        finishedAt: run.finishedAt?.toISOString() ?? null,
        timings: run.timings,
        limits: run.limits,
        logTail: run.logTail,
      })),
      gradeChanges: changes.map((change) => ({
        previousScore: change.previousScore,
        newScore: change.newScore,
        changedBy: changers.find((user) => user.id === change.changedBy)?.email ?? null,
        reason: change.reason,
        createdAt: change.createdAt.toISOString(),
        rawScore: change.rawScore,
        penaltyPercent: change.penaltyPercent,
        extensionDeadline: change.extensionDeadline?.toISOString() ?? null,
        policyVersion: change.policyVersion,
        rerunSetId: change.rerunSetId,
      })),
    };
  }

  /** Sets a graded submission's score by hand, with the audit row naming who and why. */
  async changeGrade(
    principal: Principal,
    id: string,
    score: unknown,
    reason: unknown,
  ): Promise<void> {
    const submission = await this.readable(principal, id);
    AccessPolicy.requireCourseRole(principal, submission.assignment.courseId, 'instructor', {
      en: `grade of submission ${id}`,
      lv: `iesnieguma ${id} vērtējums`,
    });
    const value = Number(score);
    if (!Number.isFinite(value) || value < 0 || value > 100) {
      throw new BadRequestException(
        localized(
          `score ${JSON.stringify(score)}: send a number from 0 to 100`,
          `Vērtējums ${JSON.stringify(score)}: nosūtiet skaitli no 0 līdz 100`,
        ),
      );
    }
    const why = typeof reason === 'string' ? reason.trim() : '';
    if (why.length < 3) {
      throw new BadRequestException(
        localized(
          'reason is required (at least 3 characters)',
          'Vajadzīgs iemesls (vismaz 3 rakstzīmes)',
        ),
      );
    }
    await this.dataSource.transaction(async (manager) => {
      const grade = await manager.findOne(Grade, {
        where: { submissionId: id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!grade)
        throw new BadRequestException(
          localized(
            `submission ${id} has no grade yet; wait until it is graded`,
            `Iesniegumam ${id} vēl nav vērtējuma; pagaidiet, līdz tas ir novērtēts`,
          ),
        );
      await manager.insert(GradeChange, {
        gradeId: grade.id,
        previousScore: grade.score,
        newScore: value,
        changedBy: principal.user.id,
        reason: why,
      });
      await manager.update(Grade, grade.id, { score: value });
      await manager.update(Submission, id, { score: value });
    });
    this.logger.log(
      `user ${principal.user.id} set the grade of submission ${id} to ${value}: ${why}`,
    );
  }

  private async phase(id: string): Promise<SubmissionEventDto> {
    const submission = await this.submissions.findOneOrFail({ where: { id } });
    if (
      submission.status === 'graded' ||
      submission.status === 'failed' ||
      submission.status === 'cancelled'
    ) {
      return { phase: submission.status, elapsedMs: null, score: submission.score };
    }
    if (submission.status === 'queued' || !submission.startedAt) {
      return { phase: 'queued', elapsedMs: null, score: null };
    }
    const run = await this.runs.findOne({
      where: { submissionId: id },
      order: { startedAt: 'DESC' },
    });
    const elapsedMs = Date.now() - submission.startedAt.getTime();
    // The sandbox has finished and the worker is measuring the outputs.
    const phase = run?.finishedAt ? 'scoring' : 'running';
    return { phase, elapsedMs: Math.round(elapsedMs / 1000) * 1000, score: null };
  }
}
