/**
 * Load test of the practical lane, on loopback only: starts a fresh stack (API on port 3470,
 * Redis db 0 of the test Redis, database `dmlg_test_bench_practical`, 2 grading and 2 practical
 * slots), enrols 64 students, grades one warm-up submission (it also computes the reference
 * values) and one idle check whose platform overhead is broken down by phase, then sends 64
 * practical submissions at once, one per student, and reports the time until the last is graded
 * and the latency distribution. Run with `npm run bench:practical` after `npm run build`.
 *
 * Needs the test services: DMLG_TEST_DATABASE_URL and DMLG_TEST_REDIS_URL default to the ones
 * `npm test` starts (Postgres 55433, Redis 56380); DMLG_SANDBOX_IMAGE names the sandbox image.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { findRepositoryRoot } from '@dmlg/config';
import {
  enrolClass,
  studentComputeSeconds,
  submitFile,
  waitUntilFinished,
  type SentSubmission,
  type SubmissionTimes,
} from '../support/class-submissions';
import { startStack, type RunningStack } from '../support/running-stack';

const STUDENTS = 64;
const API_PORT = 3470;
const REDIS_DATABASE = 0;
const SLOTS = '2';
/** The target for the last of the 64 checks to be graded, in seconds. */
const TARGET_SECONDS = 60;
const SLUG = 'practical-lloyd';

const repositoryRoot = findRepositoryRoot();
const solution = readFileSync(
  join(repositoryRoot, 'reference-solutions', '21-practical-lloyd', 'lloyd.py'),
  'utf8',
);

function quantile(sorted: readonly number[], q: number): number {
  // Nearest rank: the smallest value with at least q of the sample at or below it.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function distribution(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const format = (ms: number): string => (ms / 1000).toFixed(2);
  return `| ${format(sorted[0])} | ${format(quantile(sorted, 0.5))} | ${format(quantile(sorted, 0.9))} | ${format(sorted[sorted.length - 1])} |`;
}

function median(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** One submission's phases in milliseconds; `overhead` is everything but the student's code. */
function phases(
  sent: SentSubmission,
  times: SubmissionTimes,
): Record<string, number> & { latency: number; overhead: number } {
  const graded = times.gradedAt?.getTime() ?? Number.NaN;
  const started = times.startedAt?.getTime() ?? Number.NaN;
  const created = times.createdAt.getTime();
  const { prepareMs = 0, runMs = 0, collectMs = 0, cleanupMs = 0, scoreMs = 0 } = times.timings;
  const studentMs = studentComputeSeconds(times.logTail) * 1000;
  const latency = graded - sent.sentAt;
  return {
    receipt: sent.receiptMs,
    queueWait: started - created,
    prepare: prepareMs,
    runContainer: runMs - studentMs,
    student: studentMs,
    collect: collectMs,
    cleanup: cleanupMs,
    score: scoreMs,
    recordAndRest: graded - started - prepareMs - runMs - collectMs - cleanupMs - scoreMs,
    latency,
    overhead: latency - studentMs,
  };
}

async function main(): Promise<void> {
  process.env.DMLG_TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:55433/postgres';
  process.env.DMLG_TEST_REDIS_URL ??= 'redis://127.0.0.1:56380';
  let stack: RunningStack | undefined;
  let database: Client | undefined;
  try {
    stack = await startStack('bench_practical', API_PORT, REDIS_DATABASE, {
      env: { DMLG_WORKER_CONCURRENCY: SLOTS, DMLG_WORKER_PRACTICAL_SLOTS: SLOTS },
    });
    database = new Client({ connectionString: stack.databaseUrl });
    await database.connect();
    const students = await enrolClass(stack, 'bench', STUDENTS + 2);
    const [warmUpStudent, idleStudent, ...class64] = students;

    // The first submission of a version also runs the reference solution; not a lecture case.
    const warmUp = await submitFile(stack, warmUpStudent.token, SLUG, 'lloyd.py', solution);
    await waitUntilFinished(database, [warmUp.id], 120_000);

    const idle = await submitFile(stack, idleStudent.token, SLUG, 'lloyd.py', solution);
    const [idleTimes] = await waitUntilFinished(database, [idle.id], 60_000);
    const idlePhases = phases(idle, idleTimes);

    const loadBefore = loadavg()[0];
    const burstStart = Date.now();
    const sent = await Promise.all(
      class64.map((student) => submitFile(stack!, student.token, SLUG, 'lloyd.py', solution)),
    );
    const finished = await waitUntilFinished(
      database,
      sent.map((entry) => entry.id),
      600_000,
    );
    const lastGraded = Math.max(...finished.map((row) => row.gradedAt?.getTime() ?? Infinity));
    const loadAfter = loadavg()[0];

    const byId = new Map(finished.map((row) => [row.id, row]));
    const burst = sent.map((entry) => phases(entry, byId.get(entry.id)!));
    const notGraded = finished.filter((row) => row.status !== 'graded' || row.score !== 100);
    const totalSeconds = (lastGraded - burstStart) / 1000;

    const lines = [
      `Practical lane load test, ${new Date().toISOString()}: ${STUDENTS} students, ${SLOTS} practical + ${SLOTS} grading slots, ${cpus().length} cores, load average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after.`,
      '',
      `Last of ${STUDENTS} graded ${totalSeconds.toFixed(1)} s after the first upload started (target under ${TARGET_SECONDS} s: ${totalSeconds < TARGET_SECONDS ? 'met' : 'missed'}); ${notGraded.length} not graded 100.`,
      '',
      '| seconds | min | median | p90 | max |',
      '| --- | ---: | ---: | ---: | ---: |',
      `| latency (upload to grade) ${distribution(burst.map((entry) => entry.latency))}`,
      `| queue wait ${distribution(burst.map((entry) => entry.queueWait))}`,
      `| API receipt ${distribution(burst.map((entry) => entry.receipt))}`,
      `| platform overhead per check under load ${distribution(burst.map((entry) => entry.overhead))}`,
      '',
      'One check on an idle lane, milliseconds per phase (the burst medians after the slash):',
      '',
      '| phase | idle | burst median |',
      '| --- | ---: | ---: |',
      ...Object.keys(idlePhases).map(
        (phase) =>
          `| ${phase} | ${Math.round(idlePhases[phase])} | ${Math.round(median(burst.map((entry) => entry[phase])))} |`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (notGraded.length > 0) {
      process.stdout.write(
        `not graded 100: ${JSON.stringify(notGraded.map((row) => [row.id, row.status, row.score]))}\n`,
      );
      process.exitCode = 1;
    }
  } finally {
    await database?.end();
    await stack?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:practical failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
