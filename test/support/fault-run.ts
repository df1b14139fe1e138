import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { FaultStack } from './fault-stack';
import type { FaultKind, PlannedFault } from './fault-plan';
import type { PrivatePostgres } from './private-postgres';
import type { PrivateRedis } from './private-redis';

/** A file to submit, under a name the report and the score comparison use. */
export interface FaultRunFile {
  name: string;
  /** Path of the `kmeans.py` to upload. */
  path: string;
}

/** What one injected fault did. */
export interface InjectedFault {
  kind: FaultKind;
  /** Settled submissions when it was injected. */
  settledBefore: number;
  /** Milliseconds since the start of the run. */
  injectedAtMs: number;
  /** Milliseconds the service was down (0 for a killed worker, which restarts at once). */
  downMs: number;
  /** The submission whose run the killed worker had in progress, if any. */
  interruptedSubmission?: string;
  /** Milliseconds from the fault until the interrupted submission was graded. */
  interruptedGradedAfterMs?: number;
  /** Submissions accepted and not settled when the fault was injected or while it lasted. */
  pending: number;
  /** Milliseconds from the fault until every one of them had settled. */
  pendingSettledAfterMs?: number;
}

/** One accepted upload of the run. */
export interface FaultRunSubmission {
  id: string;
  file: string;
}

export interface FaultRunResult {
  submissions: FaultRunSubmission[];
  faults: InjectedFault[];
  /** Uploads rejected with 503 (database down) and tried again. */
  uploadRetries: number;
  /** Milliseconds from the first upload until every submission had settled. */
  durationMs: number;
  /** Submissions not settled by the deadline. */
  unsettled: string[];
}

export interface FaultRunOptions {
  stack: FaultStack;
  postgres: PrivatePostgres;
  redis: PrivateRedis;
  files: FaultRunFile[];
  submissions: number;
  faults: PlannedFault[];
  random: () => number;
  /** Most submissions accepted but not settled at one time, like a class submitting in waves. */
  window: number;
  /** Milliseconds after which the run stops waiting and reports what is unsettled. */
  deadlineMs: number;
  log: (line: string) => void;
}

/** Runs one query on a connection of its own, so that a Postgres restart breaks no pool. */
export async function queryOnce<T extends object>(
  databaseUrl: string,
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2000 });
  // Without a listener an error of an idle client, e.g. at a server restart, kills the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<T>(sql, parameters)).rows;
  } finally {
    await client.end();
  }
}

/** Uploads `content` as kmeans.py for assignment kmeans, retrying after 503; returns the id. */
async function upload(stack: FaultStack, content: Buffer, onRetry: () => void): Promise<string> {
  for (let attempt = 1; attempt <= 60; attempt += 1) {
    const form = new FormData();
    form.append('files', new Blob([content]), 'kmeans.py');
    const response = await fetch(`${stack.baseUrl}/api/assignments/kmeans/submissions`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${stack.token}` },
    });
    if (response.status === 202) {
      return ((await response.json()) as { id: string }).id;
    }
    if (response.status !== 503) {
      throw new Error(`upload failed with status ${response.status}: ${await response.text()}`);
    }
    onRetry();
    const retryAfter = Number(response.headers.get('retry-after') ?? '1');
    await sleep(Math.min(retryAfter, 5) * 1000);
  }
  throw new Error('upload failed with status 503 60 times; is Postgres still down?');
}

/**
 * Submits `submissions` uploads while injecting `faults`, and waits until every submission has
 * settled (graded or failed) or the deadline passes. Three loops share the state. The submitter
 * keeps at most `window` submissions unsettled. The monitor reads their status from Postgres each
 * second, skipping seconds while Postgres is down. The injector waits for each fault's settle
 * count, injects the fault and measures how long the submissions it met took to settle.
 */
export async function runWithFaults(
  databaseUrl: string,
  options: FaultRunOptions,
): Promise<FaultRunResult> {
  const contents = new Map(options.files.map((file) => [file.name, readFileSync(file.path)]));
  const accepted: FaultRunSubmission[] = [];
  const settledAt = new Map<string, number>();
  const graded = new Set<string>();
  const injected: InjectedFault[] = [];
  let uploadRetries = 0;
  const started = Date.now();
  const deadline = started + options.deadlineMs;
  const elapsed = (): number => Date.now() - started;
  let aborted = false;
  const allSettled = (): boolean =>
    aborted || (accepted.length === options.submissions && settledAt.size === options.submissions);

  const submitter = async (): Promise<void> => {
    try {
      await submitAll();
    } catch (error) {
      aborted = true;
      throw error;
    }
  };

  const submitAll = async (): Promise<void> => {
    for (let index = 0; index < options.submissions; index += 1) {
      while (accepted.length - settledAt.size >= options.window && Date.now() < deadline) {
        await sleep(200);
      }
      const file = options.files[Math.floor(options.random() * options.files.length)];
      const id = await upload(options.stack, contents.get(file.name) as Buffer, () => {
        uploadRetries += 1;
      });
      accepted.push({ id, file: file.name });
    }
  };

  const monitor = async (): Promise<void> => {
    while (!allSettled() && Date.now() < deadline) {
      await sleep(1000);
      const open = accepted.filter((submission) => !settledAt.has(submission.id));
      if (open.length === 0) continue;
      let rows: { id: string; status: string }[];
      try {
        rows = await queryOnce(
          databaseUrl,
          `select id, status from submissions where id = any($1) and status in ('graded', 'failed')`,
          [open.map((submission) => submission.id)],
        );
      } catch {
        continue; // Postgres is down; the next second tries again.
      }
      for (const row of rows) {
        settledAt.set(row.id, elapsed());
        if (row.status === 'graded') graded.add(row.id);
      }
    }
  };

  const injector = async (): Promise<void> => {
    const measurements: Promise<void>[] = [];
    for (const fault of options.faults) {
      while (settledAt.size < fault.afterSettled && !aborted && Date.now() < deadline) {
        await sleep(200);
      }
      if (aborted || Date.now() >= deadline) break;
      const record = await inject(fault);
      injected.push(record);
      // `pending` and the recovery times come later, in the summary.
      const { pending: _pending, ...known } = record;
      options.log(`injected ${JSON.stringify(known)}`);
      measurements.push(measure(record));
    }
    await Promise.all(measurements);
  };

  /** Fills in the recovery times of `record` once its submissions have settled. */
  const measure = async (record: InjectedFault): Promise<void> => {
    const pendingIds = accepted
      .filter((submission) => (settledAt.get(submission.id) ?? Infinity) > record.injectedAtMs)
      .map((submission) => submission.id);
    record.pending = pendingIds.length;
    while (!aborted && Date.now() < deadline) {
      if (record.interruptedSubmission && graded.has(record.interruptedSubmission)) {
        record.interruptedGradedAfterMs ??=
          (settledAt.get(record.interruptedSubmission) as number) - record.injectedAtMs;
      }
      if (pendingIds.every((id) => settledAt.has(id))) {
        const last = Math.max(
          record.injectedAtMs,
          ...pendingIds.map((id) => settledAt.get(id) ?? 0),
        );
        record.pendingSettledAfterMs = last - record.injectedAtMs;
        return;
      }
      await sleep(500);
    }
  };

  const inject = async (fault: PlannedFault): Promise<InjectedFault> => {
    // `pending` is filled in by `measure`, from the submissions accepted by then.
    const base = { kind: fault.kind, settledBefore: settledAt.size, pending: 0 };
    switch (fault.kind) {
      case 'kill-worker': {
        const interrupted = await runningSubmissionOf(fault.worker);
        const injectedAtMs = elapsed();
        await options.stack.killWorker(fault.worker);
        // Like a service manager that restarts the process at once.
        options.stack.startWorker(fault.worker);
        return { ...base, injectedAtMs, downMs: 0, interruptedSubmission: interrupted };
      }
      case 'restart-redis-keeping-data':
      case 'restart-redis-losing-data': {
        const injectedAtMs = elapsed();
        options.redis.stop(fault.kind === 'restart-redis-keeping-data');
        await sleep(fault.downMs);
        options.redis.start();
        return { ...base, injectedAtMs, downMs: elapsed() - injectedAtMs };
      }
      case 'restart-postgres': {
        const injectedAtMs = elapsed();
        options.postgres.stop();
        await sleep(fault.downMs);
        options.postgres.start();
        return { ...base, injectedAtMs, downMs: elapsed() - injectedAtMs };
      }
    }
  };

  /** Waits up to 20 s for worker `index` to have a run in progress; returns its submission. */
  const runningSubmissionOf = async (index: number): Promise<string | undefined> => {
    const workerName = `${options.stack.name}-worker-${index}`;
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const rows = await queryOnce<{ submission_id: string }>(
        databaseUrl,
        `select submission_id from grading_runs where worker_name = $1 and outcome = 'running'
         and submission_id is not null order by started_at desc limit 1`,
        [workerName],
      );
      if (rows.length > 0) return rows[0].submission_id;
      await sleep(200);
    }
    return undefined;
  };

  await Promise.all([submitter(), monitor(), injector()]);
  return {
    submissions: accepted,
    faults: injected,
    uploadRetries,
    durationMs: Math.max(0, ...settledAt.values()),
    unsettled: accepted.filter((s) => !settledAt.has(s.id)).map((s) => s.id),
  };
}
