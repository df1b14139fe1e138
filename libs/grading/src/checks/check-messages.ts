import type { LocalizedText } from '@dmlg/db';
import type { HarnessError } from '../harness/harness-protocol';
import type { CheckMetric } from './check-metric';
import type { CheckOutcome } from './score-checks';

/** Reason a run produced no outputs or only some, worded for the student. */
export type RunFailure =
  | { kind: 'import'; error: HarnessError }
  | { kind: 'timeout'; limitSeconds: number; runningTask?: string }
  | { kind: 'oom-killed'; limitMb: number; runningTask?: string }
  | { kind: 'crashed'; exitCode: number | null; detail: string }
  | { kind: 'output-rejected'; limitMb: number; problems: string[] };

function formatNumber(value: number | null): string {
  if (value === null) return 'n/a';
  if (value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3))
    return value.toExponential(3);
  return value.toFixed(3);
}

/** `SyntaxError at kmeans.py line 7: invalid syntax`. */
export function formatHarnessError(error: HarnessError): string {
  const place = error.file ? ` at ${error.file}${error.line ? ` line ${error.line}` : ''}` : '';
  return `${error.type}${place}: ${error.message}`;
}

function whileRunning(task: string | undefined): LocalizedText {
  return task
    ? { en: ` while running task ${task}`, lv: ` izpildot uzdevumu ${task}` }
    : { en: '', lv: '' };
}

export function describeRunFailure(failure: RunFailure): LocalizedText {
  switch (failure.kind) {
    case 'import': {
      const error = formatHarnessError(failure.error);
      return {
        en: `Your module could not be imported: ${error}. Nothing could be graded; fix this error and run the public tests locally before submitting again.`,
        lv: `Jūsu moduli neizdevās importēt: ${error}. Neko nevarēja novērtēt; izlabojiet šo kļūdu un pirms atkārtotas iesniegšanas palaidiet publiskos testus lokāli.`,
      };
    }
    case 'timeout': {
      const running = whileRunning(failure.runningTask);
      return {
        en: `The run was stopped at the time limit of ${failure.limitSeconds} s (limits.wall_seconds)${running.en}. Check that every loop ends: an iteration cap and a convergence test.`,
        lv: `Izpilde tika apturēta, sasniedzot laika limitu ${failure.limitSeconds} s (limits.wall_seconds)${running.lv}. Pārbaudiet, vai katrs cikls beidzas: iterāciju ierobežojums un konverģences pārbaude.`,
      };
    }
    case 'oom-killed': {
      const running = whileRunning(failure.runningTask);
      return {
        en: `The run was stopped at the memory limit of ${failure.limitMb} MB (limits.memory_mb)${running.en}. Avoid n x n distance matrices on large inputs; compute distances to the k centres instead.`,
        lv: `Izpilde tika apturēta, sasniedzot atmiņas limitu ${failure.limitMb} MB (limits.memory_mb)${running.lv}. Izvairieties no n x n attālumu matricām lieliem datiem; rēķiniet attālumus līdz k centriem.`,
      };
    }
    case 'output-rejected': {
      const problems = failure.problems.join('; ');
      return {
        en: `The output folder was rejected: ${problems}. The grader reads only regular files it wrote, up to ${failure.limitMb} MB (limits.output_mb); do not write, link or copy files into the output folder.`,
        lv: `Izvades mape tika noraidīta: ${problems}. Vērtētājs lasa tikai paša rakstītus parastus failus līdz ${failure.limitMb} MB (limits.output_mb); nerakstiet, nesaistiet un nekopējiet failus izvades mapē.`,
      };
    }
    case 'crashed':
      return {
        en: `The run ended before the grader's harness finished (exit code ${failure.exitCode ?? 'none'}): ${failure.detail}. Do not call sys.exit, os._exit or kill processes from your module.`,
        lv: `Izpilde beidzās, pirms vērtētāja harness pabeidza darbu (izejas kods ${failure.exitCode ?? 'nav'}): ${failure.detail}. Neizsauciet sys.exit, os._exit un neapturiet procesus no sava moduļa.`,
      };
  }
}

/** Message of a check that measured at least one task. */
export function describeCheck(
  metric: CheckMetric,
  outcome: CheckOutcome,
  failure: RunFailure | undefined,
): LocalizedText {
  const measured = outcome.details.filter((detail) => detail.value !== null).length;
  const total = outcome.details.length;
  const percent = Math.round(outcome.score * 100);
  const parts: LocalizedText[] = [];

  if (failure) parts.push(describeRunFailure(failure));
  parts.push({
    en: `${metric.label.en} ${formatNumber(outcome.value)} on average over ${measured} of ${total} data sets (reference ${formatNumber(outcome.target)}, ${metric.baselineLabel.en} ${formatNumber(outcome.baseline)}): ${percent}% of this check.`,
    lv: `${metric.label.lv} ${formatNumber(outcome.value)} vidēji ${measured} no ${total} datu kopām (atsauce ${formatNumber(outcome.target)}, ${metric.baselineLabel.lv} ${formatNumber(outcome.baseline)}): ${percent}% no šīs pārbaudes.`,
  });
  if (!failure) {
    // Tasks that failed the same way share one sentence, so a missing class reads once.
    const tasksByProblem = new Map<string, string[]>();
    for (const detail of outcome.details) {
      if (detail.problem)
        tasksByProblem.set(detail.problem, [
          ...(tasksByProblem.get(detail.problem) ?? []),
          detail.taskId,
        ]);
    }
    for (const [problem, taskIds] of tasksByProblem) {
      const plural = taskIds.length > 1;
      parts.push({
        en: `${plural ? 'Tasks' : 'Task'} ${taskIds.join(', ')} failed: ${problem}.`,
        lv: `${plural ? 'Uzdevumi' : 'Uzdevums'} ${taskIds.join(', ')} neizdevās: ${problem}.`,
      });
    }
  }
  if (outcome.score < 0.5 && measured > 0) parts.push(metric.advice);
  return { en: parts.map((part) => part.en).join(' '), lv: parts.map((part) => part.lv).join(' ') };
}
