import { existsSync } from 'node:fs';
import { CliError, FINAL_STATUSES, type ApiClient, type SubmissionView } from '../api-client';
import type { CliContext } from '../cli-context';
import { collectFiles } from '../collect-files';
import { submissionTable } from '../text-table';

/** Seconds `submit` and `grade` wait for the grade unless --timeout sets another value. */
const DEFAULT_TIMEOUT_SECONDS = 600;

/** Uploads the file or folder and returns the submission id. */
async function upload(
  context: CliContext,
  client: ApiClient,
  slug: string,
  target: string,
): Promise<{ id: string; files: number }> {
  if (!existsSync(target)) throw new CliError(context.text.pathMissing(target));
  const files = collectFiles(target);
  const form = new FormData();
  for (const file of files) form.append('files', new Blob([file.content]), file.path);
  const receipt = await client.json<{ id: string }>(
    `/api/assignments/${encodeURIComponent(slug)}/submissions`,
    { method: 'POST', body: form },
  );
  return { id: receipt.id, files: files.length };
}

/**
 * Polls the submission until it is graded or failed, or `timeoutSeconds` pass. Each change of
 * status is reported through `onProgress`.
 */
async function waitForGrade(
  client: ApiClient,
  id: string,
  timeoutSeconds: number,
  onProgress: (submission: SubmissionView, seconds: number) => void,
): Promise<SubmissionView> {
  const started = Date.now();
  let delay = 200;
  let lastStatus = '';
  for (;;) {
    const submission = await client.submission(id);
    const seconds = Math.round((Date.now() - started) / 1000);
    if (submission.status !== lastStatus) {
      lastStatus = submission.status;
      onProgress(submission, seconds);
    }
    if (FINAL_STATUSES.includes(submission.status)) return submission;
    if (Date.now() - started > timeoutSeconds * 1000) return submission;
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(1000, delay * 1.5);
  }
}

function exitCodeOf(submission: SubmissionView): number {
  return submission.status === 'graded' ? 0 : 1;
}

/**
 * `dmlg submit <assignment> <path>`: uploads, shows the progress on stderr until graded, then
 * the per-check table (or, with --json, the submission as JSON). --no-wait returns at once.
 */
export async function submitCommand(context: CliContext): Promise<number> {
  const [slug, target] = context.positionals(2, 'submit <assignment> <path>');
  const timeoutSeconds = context.timeoutSeconds(DEFAULT_TIMEOUT_SECONDS);
  const { text } = context;
  const client = context.client();
  const receipt = await upload(context, client, slug, target);
  if (context.args.flags.has('--no-wait')) {
    if (context.json) context.outJson({ id: receipt.id, status: 'queued' });
    else context.out(text.submittedNoWait(receipt.id));
    return 0;
  }
  if (!context.json) context.note(text.submitted(receipt.files, receipt.id));
  const submission = await waitForGrade(client, receipt.id, timeoutSeconds, (current, seconds) => {
    if (!context.json)
      context.note(text.progress(text.statusNames[current.status] ?? current.status, seconds));
  });
  if (context.json) context.outJson(submission);
  else context.out(submissionTable(submission, text));
  if (!FINAL_STATUSES.includes(submission.status)) {
    context.note(text.notGradedInTime(timeoutSeconds, submission.status, submission.id));
  }
  return exitCodeOf(submission);
}

/**
 * `dmlg grade <assignment> <path>`: the original scripting command, kept as it was: JSON of the
 * graded submission on stdout (a table with --table), the receipt on stderr.
 */
export async function gradeCommand(context: CliContext): Promise<number> {
  const [slug, target] = context.positionals(
    2,
    'grade <assignment> <path> [--timeout SECONDS] [--table]',
  );
  const timeoutSeconds = context.timeoutSeconds(DEFAULT_TIMEOUT_SECONDS);
  const client = context.client();
  const receipt = await upload(context, client, slug, target);
  context.note(context.text.submitted(receipt.files, receipt.id));
  const submission = await waitForGrade(client, receipt.id, timeoutSeconds, () => undefined);
  if (context.args.flags.has('--table')) context.out(submissionTable(submission, context.text));
  else context.outJson(submission);
  if (!FINAL_STATUSES.includes(submission.status)) {
    context.note(context.text.notGradedInTime(timeoutSeconds, submission.status, submission.id));
  }
  return exitCodeOf(submission);
}
