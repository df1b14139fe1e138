import { Queue } from 'bullmq';
import { GRADING_QUEUE, redisConnectionOptions } from '@dmlg/grading';
import { queryOnce } from './fault-run';
import type { FaultStack } from './fault-stack';

/** Log lines quoted per submission: enough for its deliveries, runs and sweeps. */
const LINES_PER_SUBMISSION = 40;
/** Error and warning lines of the whole stack quoted at the end, for faults that name no id. */
const PROBLEM_LINES = 40;

/**
 * Describes each of `submissionIds` for the message of a failed assertion: its row, its runs, its
 * BullMQ job on the main grading queue (where kmeans jobs go) and the log lines that name it.
 * CI keeps only the test's output, so the report must hold everything needed to find the cause.
 */
export async function describeUnsettled(
  databaseUrl: string,
  redisUrl: string,
  stack: FaultStack,
  submissionIds: string[],
): Promise<string> {
  if (submissionIds.length === 0) return '';
  const queue = new Queue(GRADING_QUEUE, { connection: redisConnectionOptions(redisUrl) });
  try {
    const reports: string[] = [];
    for (const id of submissionIds) {
      reports.push(await describeOne(databaseUrl, queue, stack, id));
    }
    const problems = stack
      .logLines()
      .filter((line) => / (ERROR|WARN) /.test(line))
      .slice(-PROBLEM_LINES);
    reports.push(
      [`errors and warnings of the stack (last ${PROBLEM_LINES}):`, ...problems].join('\n'),
    );
    return reports.join('\n\n');
  } finally {
    await queue.close();
  }
}

async function describeOne(
  databaseUrl: string,
  queue: Queue,
  stack: FaultStack,
  id: string,
): Promise<string> {
  const [row] = await queryOnce(
    databaseUrl,
    `select status, infrastructure_attempts, created_at, started_at, failure_reason
     from submissions where id = $1`,
    [id],
  );
  const runs = await queryOnce(
    databaseUrl,
    `select id, worker_name, attempt, outcome, started_at, finished_at, error_message
     from grading_runs where submission_id = $1 order by started_at`,
    [id],
  );
  const job = await queue.getJob(id);
  const jobState = job
    ? {
        state: await job.getState(),
        attemptsMade: job.attemptsMade,
        timestamp: job.timestamp,
        processedOn: job.processedOn,
        finishedOn: job.finishedOn,
        delay: job.delay,
        failedReason: job.failedReason,
      }
    : 'no job';
  const lines = stack.logLines(id).slice(-LINES_PER_SUBMISSION);
  return [
    `submission ${id}: ${JSON.stringify(row ?? 'no row')}`,
    `runs: ${JSON.stringify(runs)}`,
    `job: ${JSON.stringify(jobState)}`,
    `log lines naming it (last ${LINES_PER_SUBMISSION}):`,
    ...lines,
  ].join('\n');
}
