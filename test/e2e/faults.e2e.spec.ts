import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findRepositoryRoot } from '@dmlg/config';
import { describeUnsettled } from '../support/fault-diagnosis';
import { planFaults, seededRandom } from '../support/fault-plan';
import {
  queryOnce,
  runWithFaults,
  type FaultRunFile,
  type FaultRunResult,
} from '../support/fault-run';
import { startFaultStack, type FaultStack } from '../support/fault-stack';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis';

/**
 * Grades kmeans submissions on a stack with a Postgres and a Redis of its own while killing
 * workers and restarting Redis (with and without its data) and Postgres at seeded points, then
 * checks that every submission has exactly one grade, equal to the grade of the same file in a
 * quiet run before the faults. `npm test` runs it at DMLG_FAULT_SUBMISSIONS=12 and
 * `npm run test:faults` at 200. DMLG_FAULT_SEED changes the plan.
 */
const SUBMISSIONS = Number(process.env.DMLG_FAULT_SUBMISSIONS ?? '12');
const SEED = Number(process.env.DMLG_FAULT_SEED ?? '12');
const WORKERS = 2;
const API_PORT = 3450;
const POSTGRES_PORT = 55480;
const REDIS_PORT = 56390;
/**
 * Worst recovery: Redis loses a job whose worker died before creating its run row. With no
 * heartbeat to go by, the stuck-run sweeper waits for the wall limit plus margin (3 min for kmeans).
 */
const RECOVERY_ALLOWANCE_MS = 6 * 60 * 1000;
/** Generous per-submission time on 2 shared cores; a kmeans grade takes about 3 s. */
const PER_SUBMISSION_MS = 10_000;

const repositoryRoot = findRepositoryRoot();
const kmeansFixtures = join(repositoryRoot, 'test', 'fixtures', 'submissions', '02-kmeans');
/** Files with different grades: full marks, about 0, K-Means checks failed, import failed. */
const FILES: FaultRunFile[] = [
  {
    name: 'reference',
    path: join(repositoryRoot, 'reference-solutions', '02-kmeans', 'kmeans.py'),
  },
  { name: 'random-labels', path: join(kmeansFixtures, 'random-labels', 'kmeans.py') },
  { name: 'crash-in-fit', path: join(kmeansFixtures, 'crash-in-fit', 'kmeans.py') },
  { name: 'syntax-error', path: join(kmeansFixtures, 'syntax-error', 'kmeans.py') },
];

interface SubmissionRow {
  id: string;
  status: string;
  score: number | null;
}

interface RunRow {
  id: string;
  submission_id: string;
  outcome: string;
}

describe(
  `grading under faults (${SUBMISSIONS} submissions, seed ${SEED})`,
  { timeout: RECOVERY_ALLOWANCE_MS + SUBMISSIONS * PER_SUBMISSION_MS + 10 * 60 * 1000 },
  () => {
    let postgres: PrivatePostgres;
    let redis: PrivateRedis;
    let stack: FaultStack;
    let run: FaultRunResult;
    /** Why the unsettled submissions did not settle, read before the stack stops. */
    let unsettledReport = '';
    const quietScores = new Map<string, number | null>();
    let submissions: SubmissionRow[];
    let grades: { submission_id: string; run_id: string; score: number; count: number }[];
    let runs: RunRow[];

    const select = <T extends object>(sql: string, parameters: unknown[] = []): Promise<T[]> =>
      queryOnce<T>(postgres.url, sql, parameters);

    before(async () => {
      postgres = startPrivatePostgres(POSTGRES_PORT);
      redis = startPrivateRedis(REDIS_PORT);
      stack = await startFaultStack({
        name: 'e2e_faults',
        port: API_PORT,
        databaseUrl: postgres.url,
        redisUrl: redis.url,
        workers: WORKERS,
      });
      const log = (line: string): void => {
        process.stderr.write(`[faults] ${line}\n`);
      };

      // The quiet run: each file once, with no fault, gives the scores to compare against.
      const quiet = await runWithFaults(postgres.url, {
        stack,
        postgres,
        redis,
        files: FILES,
        submissions: FILES.length,
        faults: [],
        random: (() => {
          let next = 0;
          // Each file once, in order.
          return () => (next++ % FILES.length) / FILES.length;
        })(),
        window: FILES.length,
        deadlineMs: RECOVERY_ALLOWANCE_MS,
        log,
      });
      assert.deepEqual(quiet.unsettled, [], 'the quiet run did not finish');
      const quietRows = await select<SubmissionRow>(
        'select id, status, score from submissions where id = any($1)',
        [quiet.submissions.map((submission) => submission.id)],
      );
      for (const submission of quiet.submissions) {
        const row = quietRows.find((candidate) => candidate.id === submission.id);
        quietScores.set(submission.file, row?.status === 'graded' ? row.score : null);
      }
      log(`quiet scores ${JSON.stringify(Object.fromEntries(quietScores))}`);

      const random = seededRandom(SEED);
      const faults = planFaults(SUBMISSIONS, WORKERS, random);
      log(`plan ${JSON.stringify(faults)}`);
      run = await runWithFaults(postgres.url, {
        stack,
        postgres,
        redis,
        files: FILES,
        submissions: SUBMISSIONS,
        faults,
        random,
        window: 10,
        deadlineMs: RECOVERY_ALLOWANCE_MS + SUBMISSIONS * PER_SUBMISSION_MS,
        log,
      });
      const ids = run.submissions.map((submission) => submission.id);
      submissions = await select<SubmissionRow>(
        'select id, status, score from submissions where id = any($1)',
        [ids],
      );
      grades = await select(
        `select submission_id, min(run_id::text) as run_id, min(score) as score,
         count(*)::int as count from grades where submission_id = any($1) group by submission_id`,
        [ids],
      );
      runs = await select<RunRow>(
        'select id, submission_id, outcome from grading_runs where submission_id = any($1)',
        [ids],
      );
      const attempts = await select<{ sum: number }>(
        'select coalesce(sum(infrastructure_attempts), 0)::int as sum from submissions where id = any($1)',
        [ids],
      );
      log(
        `summary ${JSON.stringify({
          submissions: run.submissions.length,
          faults: run.faults.length,
          durationS: Math.round(run.durationMs / 1000),
          uploadRetries: run.uploadRetries,
          runs: runs.length,
          abandonedOrDiscardedRuns: runs.filter((r) => r.outcome === 'infrastructure-error').length,
          infrastructureAttempts: attempts[0]?.sum ?? 0,
          unsettled: run.unsettled.length,
        })}`,
      );
      for (const fault of run.faults) log(`fault ${JSON.stringify(fault)}`);
      unsettledReport = await describeUnsettled(postgres.url, redis.url, stack, run.unsettled);
      if (unsettledReport) log(`unsettled:\n${unsettledReport}`);
    });

    after(async () => {
      await stack?.stop();
      redis?.remove();
      postgres?.remove();
    });

    it('accepts every upload', () => {
      assert.equal(run.submissions.length, SUBMISSIONS);
    });

    it('injects every planned fault', () => {
      assert.equal(run.faults.length, planFaults(SUBMISSIONS, WORKERS, seededRandom(SEED)).length);
    });

    it('settles every submission', () => {
      assert.deepEqual(run.unsettled, [], unsettledReport);
    });

    it('grades every submission', () => {
      const notGraded = submissions.filter((row) => row.status !== 'graded');
      assert.deepEqual(notGraded, []);
    });

    it('stores no submission beyond the receipts', async () => {
      const rows = await select<{ count: number }>(
        'select count(*)::int as count from submissions',
      );
      assert.equal(rows[0].count, SUBMISSIONS + FILES.length);
    });

    it('one grade per submission', () => {
      assert.equal(grades.length, SUBMISSIONS);
      assert.deepEqual(
        grades.filter((grade) => grade.count !== 1),
        [],
      );
    });

    it('one counted run per submission, the grade run', () => {
      const counted = runs.filter((row) => row.outcome !== 'infrastructure-error');
      const gradeRuns = new Set(grades.map((grade) => grade.run_id));
      assert.equal(counted.length, SUBMISSIONS);
      assert.deepEqual(
        counted.filter((row) => !gradeRuns.has(row.id)),
        [],
      );
    });

    it('no run left running', () => {
      assert.deepEqual(
        runs.filter((row) => row.outcome === 'running'),
        [],
      );
    });

    it('check results only from the grade run', async () => {
      const stray = await select<{ submission_id: string }>(
        `select c.submission_id from check_results c join grades g on g.submission_id = c.submission_id
         where c.submission_id = any($1) and c.run_id <> g.run_id`,
        [run.submissions.map((submission) => submission.id)],
      );
      assert.deepEqual(stray, []);
    });

    it('one audit row per grade', async () => {
      const audit = await select<{ grade_id: string; count: number }>(
        `select g.id as grade_id, count(c.id)::int as count from grades g
         left join grade_changes c on c.grade_id = g.id and c.previous_score is null
           and c.new_score = g.score
         where g.submission_id = any($1) group by g.id having count(c.id) <> 1`,
        [run.submissions.map((submission) => submission.id)],
      );
      assert.deepEqual(audit, []);
    });

    it('scores equal the quiet run', () => {
      const differing = run.submissions
        .map((submission) => ({
          ...submission,
          score: submissions.find((row) => row.id === submission.id)?.score,
          quiet: quietScores.get(submission.file),
        }))
        .filter((entry) => entry.score !== entry.quiet);
      assert.deepEqual(differing, []);
    });

    it('leaves no sandbox container or volume', async () => {
      const runIds = new Set(
        (await select<{ id: string }>('select id from grading_runs')).map((row) => row.id),
      );
      const listed = (args: string[]): string[] =>
        execFileSync('docker', args).toString().split('\n').filter(Boolean);
      const containers = listed([
        'ps',
        '--all',
        '--filter',
        'label=dmlg.run',
        '--format',
        '{{.Label "dmlg.run"}}',
      ]).filter((runId) => runIds.has(runId));
      const volumes = listed([
        'volume',
        'ls',
        '--filter',
        'label=dmlg.run',
        '--format',
        '{{.Label "dmlg.run"}}',
      ]).filter((runId) => runIds.has(runId));
      assert.deepEqual({ containers, volumes }, { containers: [], volumes: [] });
    });
  },
);
