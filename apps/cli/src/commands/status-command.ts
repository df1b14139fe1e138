import { CliError, type SubmissionView } from '../api-client';
import type { CliContext } from '../cli-context';
import { submissionTable, textTable } from '../text-table';

interface AssignmentItem {
  slug: string;
  submissions: number;
}

interface SubmissionSummary {
  id: string;
  status: SubmissionView['status'];
  score: number | null;
  createdAt: string;
}

/**
 * `dmlg status [id]`: one submission with its checks, or without an id your latest submission
 * of each assignment you have submitted to. Exit code 1 when the named submission is not graded.
 */
export async function statusCommand(context: CliContext): Promise<number> {
  const rest = context.args.positionals.slice(1);
  if (rest.length > 1) throw new CliError(context.text.unexpectedArgument(rest[1]));
  const client = context.client();
  const { text } = context;
  if (rest.length === 1) {
    const submission = await client.submission(rest[0]);
    if (context.json) context.outJson(submission);
    else context.out(submissionTable(submission, text));
    return submission.status === 'graded' ? 0 : 1;
  }
  const latest: (SubmissionSummary & { assignment: string })[] = [];
  for (const assignment of await client.json<AssignmentItem[]>('/api/assignments')) {
    if (assignment.submissions === 0) continue;
    const history = await client.json<SubmissionSummary[]>(
      `/api/assignments/${encodeURIComponent(assignment.slug)}/submissions`,
    );
    if (history[0]) latest.push({ assignment: assignment.slug, ...history[0] });
  }
  if (context.json) {
    context.outJson(latest);
  } else if (latest.length === 0) {
    context.out(text.noSubmissions);
  } else {
    context.out(
      textTable(
        text.statusHeader,
        latest.map((entry) => [
          entry.assignment,
          entry.id,
          text.statusNames[entry.status] ?? entry.status,
          entry.score === null ? '-' : String(entry.score),
          entry.createdAt.slice(0, 19).replace('T', ' '),
        ]),
      ),
    );
  }
  return 0;
}
