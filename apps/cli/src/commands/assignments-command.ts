import type { CliContext } from '../cli-context';
import { textTable } from '../text-table';

interface AssignmentItem {
  slug: string;
  number: number;
  course: string;
  title: { en: string; lv: string };
  deadline: string | null;
  bestScore: number | null;
  submissions: number;
}

/** `dmlg assignments`: the newest version of each assignment of your courses. */
export async function assignmentsCommand(context: CliContext): Promise<number> {
  context.positionals(0, 'assignments');
  const items = await context.client().json<AssignmentItem[]>('/api/assignments');
  if (context.json) {
    context.outJson(items);
    return 0;
  }
  if (items.length === 0) {
    context.out(context.text.noAssignments);
    return 0;
  }
  context.out(
    textTable(
      context.text.assignmentHeader,
      items.map((item) => [
        item.slug,
        `${item.number}. ${item.title[context.locale]}`,
        item.deadline ? item.deadline.slice(0, 16).replace('T', ' ') : '-',
        item.bestScore === null ? '-' : String(item.bestScore),
        String(item.submissions),
      ]),
    ),
  );
  return 0;
}
