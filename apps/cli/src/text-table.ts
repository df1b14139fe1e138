import type { SubmissionView } from './api-client';
import type { CliMessages } from './cli-messages';

/** Left-aligned columns separated by two spaces. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** Formats a submission and its per-check results for people rather than scripts. */
export function submissionTable(submission: SubmissionView, text: CliMessages): string {
  const number = (value: number | null): string => (value === null ? '-' : value.toFixed(3));
  const status = text.statusNames[submission.status] ?? submission.status;
  const lines = [
    text.submissionLine(
      submission.id,
      status,
      submission.score === null ? '-' : String(submission.score),
    ),
  ];
  const checks = submission.checks ?? [];
  if (checks.length > 0) {
    lines.push(
      textTable(
        text.checkHeader,
        checks.map((check) => [
          check.id,
          String(check.weight),
          (100 * check.score).toFixed(1),
          number(check.value),
          number(check.target),
        ]),
      ),
    );
    for (const check of checks) lines.push(`- ${check.id}: ${check.message}`);
  }
  if (submission.failureReason) lines.push(text.failure(submission.failureReason));
  return `${lines.join('\n')}\n`;
}
