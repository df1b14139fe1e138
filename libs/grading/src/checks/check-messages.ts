import type { LocalizedText } from '@dmlg/db';
import type { HarnessError } from '../harness/harness-protocol';
import type { CheckMetric } from './check-metric';
import type { CheckOutcome } from './score-checks';

/** Reason a run produced no outputs or only some, worded for the student. */
export type RunFailure =
  | { kind: 'import'; error: HarnessError }
  | { kind: 'timeout'; limitSeconds: number; runningTask?: string }
  | { kind: 'oom-killed'; limitMb: number; runningTask?: string }
  | { kind: 'crashed'; exitCode: number | null; detail: LocalizedText }
  // TODO: the sandbox words `problems` in English only (libs/sandbox/src/sandbox-archive.ts);
  // they stay English in the Latvian message until the sandbox reports them as codes.
  | { kind: 'output-rejected'; limitMb: number; problems: string[] };

/** Latvian takes the singular after numbers ending in 1 but not 11 ("no 21 datu kopas"). */
const LATVIAN_PLURAL = new Intl.PluralRules('lv');

/**
 * Formats a measured value with three decimals, or in exponent form when very large or small.
 * Latvian takes a decimal comma.
 */
function formatNumber(value: number | null): LocalizedText {
  if (value === null) return { en: 'n/a', lv: 'nav datu' };
  const text =
    value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3)
      ? value.toExponential(3)
      : value.toFixed(3);
  return { en: text, lv: text.replace('.', ',') };
}

/**
 * `SyntaxError at kmeans.py line 7: invalid syntax`. The exception's type and message come from
 * Python and stay as they are in both languages.
 */
export function formatHarnessError(error: HarnessError): LocalizedText {
  const place: LocalizedText = error.file
    ? {
        en: ` at ${error.file}${error.line ? ` line ${error.line}` : ''}`,
        lv: ` failā ${error.file}${error.line ? `, ${error.line}. rindā` : ''}`,
      }
    : { en: '', lv: '' };
  return {
    en: `${error.type}${place.en}: ${error.message}`,
    lv: `${error.type}${place.lv}: ${error.message}`,
  };
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
        en: `Your module could not be imported: ${error.en}. Nothing could be graded; fix this error and run the public tests locally before submitting again.`,
        lv: `Jūsu moduli neizdevās importēt: ${error.lv}. Neko nevarēja novērtēt; izlabojiet šo kļūdu un pirms atkārtotas iesniegšanas palaidiet publiskos testus lokāli.`,
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
        en: `The run ended before the grader's harness finished (exit code ${failure.exitCode ?? 'none'}): ${failure.detail.en}. Do not call sys.exit, os._exit or kill processes from your module.`,
        lv: `Izpilde beidzās, pirms vērtētāja palaidējprogramma pabeidza darbu (izejas kods ${failure.exitCode ?? 'nav'}): ${failure.detail.lv}. Neizsauciet sys.exit, os._exit un neapturiet procesus no sava moduļa.`,
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
  const [value, target, baseline] = [outcome.value, outcome.target, outcome.baseline].map(
    formatNumber,
  );

  if (failure) parts.push(describeRunFailure(failure));
  parts.push({
    en: `${metric.label.en} ${value.en} on average over ${measured} of ${total} data sets (reference ${target.en}, ${metric.baselineLabel.en} ${baseline.en}): ${percent}% of this check.`,
    lv: `${metric.label.lv} ${value.lv} vidēji ${measured} no ${total} ${LATVIAN_PLURAL.select(total) === 'one' ? 'datu kopas' : 'datu kopām'} (atsauce ${target.lv}, ${metric.baselineLabel.lv} ${baseline.lv}): ${percent} % no šīs pārbaudes.`,
  });
  if (!failure) {
    // Tasks that failed the same way share one sentence, so a missing class reads once.
    const tasksByProblem = new Map<string, { problem: LocalizedText; taskIds: string[] }>();
    for (const detail of outcome.details) {
      if (!detail.problem) continue;
      const entry = tasksByProblem.get(detail.problem.en) ?? {
        problem: detail.problem,
        taskIds: [],
      };
      entry.taskIds.push(detail.taskId);
      tasksByProblem.set(detail.problem.en, entry);
    }
    for (const { problem, taskIds } of tasksByProblem.values()) {
      const plural = taskIds.length > 1;
      parts.push({
        en: `${plural ? 'Tasks' : 'Task'} ${taskIds.join(', ')} failed: ${problem.en}.`,
        lv: `${plural ? 'Uzdevumi' : 'Uzdevums'} ${taskIds.join(', ')} neizdevās: ${problem.lv}.`,
      });
    }
  }
  if (outcome.score < 0.5 && measured > 0) parts.push(metric.advice);
  return { en: parts.map((part) => part.en).join(' '), lv: parts.map((part) => part.lv).join(' ') };
}
