import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BadRequestException,
  Inject,
  Injectable,
  Logger,
  UnprocessableEntityException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import { Assignment, Enrolment, Submission, User } from '@dmlg/db';
import {
  ContentStore,
  DEFAULT_SIMILARITY_OPTIONS,
  assignmentFolder,
  compareInWorker,
  type SimilarityReport,
  type SourceFile,
  type SubmissionSource,
} from '@dmlg/grading';
import { AssignmentsService } from '../assignments/assignments.service';
import { AccessPolicy } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import type { SimilarityReportDto, SimilaritySubmissionDto } from './similarity.dto';

/** Pairs returned when the request names no limit, and the maximum it may request. */
const DEFAULT_PAIR_LIMIT = 20;
const MAX_PAIR_LIMIT = 100;
/**
 * Maximum number of students one report compares, because pair counting grows with the square
 * of the number of students whose code is alike. The comparison runs in a worker thread, so the
 * API keeps serving meanwhile; `npm run bench:similarity` measured 0.5 s for 64 renamed variants
 * of a 200-line file and 1.4 to 2.6 s for 300 (2-core AMD EPYC under load, Node 20).
 */
const MAX_STUDENTS = 300;
/** Maximum Python source one report reads, in bytes, summed over all compared submissions. */
const MAX_SOURCE_BYTES = 32 * 1024 * 1024;
/** Reports kept in memory, one per assignment, the least recently computed dropped first. */
const CACHED_REPORTS = 16;

interface CachedReport {
  report: SimilarityReport;
  computedAt: Date;
  computeMs: number;
}

/**
 * Pairwise similarity of the latest submission of every student to an assignment, for the
 * course's TAs and instructors. Computed on request and cached per assignment until a student
 * submits again, the assignment gets a new version or its starter code changes.
 */
@Injectable()
export class SimilarityService {
  private readonly logger = new Logger(SimilarityService.name);
  private readonly store: ContentStore;
  /** Per assignment: the inputs' hash and the report, pending while it is computed. */
  private readonly cache = new Map<string, { key: string; entry: Promise<CachedReport> }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly assignments: AssignmentsService,
    @InjectRepository(Assignment) private readonly assignmentRows: Repository<Assignment>,
    @InjectRepository(Submission) private readonly submissions: Repository<Submission>,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {
    this.store = new ContentStore(join(config.dataDir, 'files'));
  }

  async report(
    principal: Principal,
    slug: string,
    limit: string | undefined,
  ): Promise<SimilarityReportDto> {
    const pairLimit = parsePairLimit(limit);
    const { assignment } = await this.assignments.findLatest(slug);
    AccessPolicy.requireCourseRole(
      principal,
      assignment.courseId,
      'ta',
      `similarity report of ${slug}`,
    );

    const latest = await this.latestPerStudent(assignment);
    if (latest.length > MAX_STUDENTS) {
      throw new UnprocessableEntityException(
        `assignment ${slug} has submissions from ${latest.length} students, but a similarity ` +
          `report compares at most ${MAX_STUDENTS} because its cost grows with the square of ` +
          'that number; the cap is MAX_STUDENTS in apps/api/src/similarity/similarity.service.ts',
      );
    }

    const starter = await this.starterFiles(assignment);
    const key = createHash('sha256')
      .update([assignment.id, ...latest.map((row) => row.id)].join('\n'))
      .update(JSON.stringify(starter))
      .digest('hex');
    const cacheKey = `${assignment.courseId}/${slug}`;
    let cached = this.cache.get(cacheKey);
    if (cached?.key !== key) {
      // Requests that arrive while the report is computed wait for the same computation.
      const pending = { key, entry: this.compute(assignment, latest, starter) };
      this.remember(cacheKey, pending);
      // The caller below receives the error; this handler only forgets the failed report.
      void pending.entry.catch((error: unknown) => {
        this.logger.warn(`similarity report of ${cacheKey} failed: ${(error as Error).message}`);
        if (this.cache.get(cacheKey) === pending) this.cache.delete(cacheKey);
      });
      cached = pending;
    }
    return this.present(assignment, latest, await cached.entry, pairLimit);
  }

  /**
   * The newest submission of each user enrolled as a student in the assignment's course, over
   * every version of the assignment. TAs', instructors' and admins' test submissions are left
   * out, as on the dashboard (see dashboard-figures.ts), so both count the same students.
   */
  private async latestPerStudent(assignment: Assignment): Promise<Submission[]> {
    const versions = await this.assignmentRows.find({
      where: { courseId: assignment.courseId, slug: assignment.slug },
      select: { id: true },
    });
    return this.submissions
      .createQueryBuilder('submission')
      .innerJoin(
        Enrolment,
        'enrolment',
        'enrolment.user_id = submission.user_id AND enrolment.course_id = :courseId ' +
          "AND enrolment.role = 'student'",
        { courseId: assignment.courseId },
      )
      .where('submission.assignment_id IN (:...ids)', { ids: versions.map((row) => row.id) })
      .distinctOn(['submission.user_id'])
      .orderBy('submission.user_id')
      .addOrderBy('submission.created_at', 'DESC')
      .getMany();
  }

  private async compute(
    assignment: Assignment,
    latest: readonly Submission[],
    starter: readonly SourceFile[],
  ): Promise<CachedReport> {
    const sources: SubmissionSource[] = [];
    let bytes = 0;
    for (const submission of latest) {
      const files: SourceFile[] = [];
      for (const file of submission.files.filter((entry) => entry.path.endsWith('.py'))) {
        bytes += file.bytes;
        if (bytes > MAX_SOURCE_BYTES) {
          throw new UnprocessableEntityException(
            `the latest submissions to ${assignment.slug} contain more than ${MAX_SOURCE_BYTES} ` +
              'bytes of Python; a similarity report reads at most that much',
          );
        }
        const content = await this.store.get(file.sha256);
        files.push({ path: file.path, content: content.toString('utf8') });
      }
      sources.push({ id: submission.id, files });
    }
    const started = performance.now();
    const report = await compareInWorker(sources, starter, {
      ...DEFAULT_SIMILARITY_OPTIONS,
      maxPairs: MAX_PAIR_LIMIT,
    });
    const computeMs = Math.round(performance.now() - started);
    this.logger.log(
      `similarity report of ${assignment.slug} v${assignment.version}: ${sources.length} ` +
        `submissions, ${bytes} bytes, ${starter.length} starter files, ` +
        `${report.pairsWithOverlap} overlapping pairs in ${computeMs} ms`,
    );
    return { report, computedAt: new Date(), computeMs };
  }

  /** Reads the `.py` files under `assignments/<NN-slug>/starter/` by path; none if it is absent. */
  private async starterFiles(assignment: Assignment): Promise<SourceFile[]> {
    const folder = join(
      this.config.repositoryRoot,
      'assignments',
      assignmentFolder(assignment),
      'starter',
    );
    if (!existsSync(folder)) return [];
    const names = (await readdir(folder, { recursive: true }))
      .filter((name) => name.endsWith('.py'))
      .sort();
    const files: SourceFile[] = [];
    for (const name of names) {
      files.push({ path: name, content: await readFile(join(folder, name), 'utf8') });
    }
    return files;
  }

  private remember(
    assignmentKey: string,
    entry: { key: string; entry: Promise<CachedReport> },
  ): void {
    this.cache.delete(assignmentKey);
    this.cache.set(assignmentKey, entry);
    while (this.cache.size > CACHED_REPORTS) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }

  private async present(
    assignment: Assignment,
    latest: readonly Submission[],
    cached: CachedReport,
    pairLimit: number,
  ): Promise<SimilarityReportDto> {
    const pairs = cached.report.pairs.slice(0, pairLimit);
    const shownIds = new Set(pairs.flatMap((pair) => [pair.left, pair.right]));
    const pairedSubmissions = latest.filter((submission) => shownIds.has(submission.id));
    const people = pairedSubmissions.length
      ? await this.users.find({
          where: { id: In(pairedSubmissions.map((submission) => submission.userId)) },
        })
      : [];
    const describe = (submissionId: string): SimilaritySubmissionDto => {
      const submission = pairedSubmissions.find((row) => row.id === submissionId);
      const user = people.find((row) => row.id === submission?.userId);
      return {
        submissionId,
        userId: submission?.userId ?? '',
        email: user?.email ?? '',
        displayName: user?.displayName ?? '',
        submittedAt: submission?.createdAt.toISOString() ?? '',
      };
    };
    return {
      slug: assignment.slug,
      version: assignment.version,
      students: latest.length,
      pairsWithOverlap: cached.report.pairsWithOverlap,
      k: cached.report.options.k,
      w: cached.report.options.w,
      computedAt: cached.computedAt.toISOString(),
      computeMs: cached.computeMs,
      pairs: pairs.map((pair) => ({
        left: describe(pair.left),
        right: describe(pair.right),
        jaccard: pair.jaccard,
        leftContainment: pair.leftContainment,
        rightContainment: pair.rightContainment,
        sharedFingerprints: pair.sharedFingerprints,
        regions: pair.regions,
      })),
    };
  }
}

function parsePairLimit(limit: string | undefined): number {
  if (limit === undefined || limit === '') return DEFAULT_PAIR_LIMIT;
  const value = Number(limit);
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAIR_LIMIT) {
    throw new BadRequestException(
      `limit ${JSON.stringify(limit)} is invalid: send an integer from 1 to ${MAX_PAIR_LIMIT}`,
    );
  }
  return value;
}
