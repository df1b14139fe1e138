import { decodeNpy, NpyFormatError, type DecodedNpy } from '@dmlg/datasets';
import type { LocalizedText } from '@dmlg/db';
import type { SandboxOutputFile } from '@dmlg/sandbox';
import type { HarnessError, HarnessResultFile } from '../harness/harness-protocol';
import type { AssignmentManifest, ManifestTask } from '../manifest/assignment-manifest.schema';
import { formatHarnessError } from '../checks/check-messages';
import { harnessResultSchema } from './harness-result.schema';

/** `result.json` larger than this is not parsed: the harness writes a few KiB at most. */
const MAX_RESULT_JSON_BYTES = 1024 * 1024;

/** Validated result of one task. `arrays` contains only the outputs that passed validation. */
export interface TaskOutcome {
  taskId: string;
  ok: boolean;
  arrays: Map<string, DecodedNpy>;
  /** Why the task has no usable output: an exception, a missing or malformed array, a limit. */
  problem?: TaskProblem;
}

export interface TaskProblem {
  kind: 'student-error' | 'invalid-output' | 'not-run' | 'harness-error';
  /** Shown to the student in the check's feedback, so in both languages. */
  message: LocalizedText;
  error?: HarnessError;
}

export interface RunOutputs {
  /** Null when `result.json` is missing or invalid. */
  result: HarnessResultFile | null;
  resultProblem?: string;
  tasks: Map<string, TaskOutcome>;
}

/**
 * Reads and validates everything the sandbox left in `/out`. The folder is untrusted: only
 * `result.json` and the `.npy` files it names are read, each array is checked against the
 * manifest's dtype and shape, and NaN or Inf are rejected.
 */
export function readRunOutputs(
  manifest: AssignmentManifest,
  files: SandboxOutputFile[],
  sizes: ReadonlyMap<string, { n: number; d: number }>,
  /** The sandbox's reasons for files not read back (`SandboxRunResult.outputProblems`). */
  outputProblems: readonly string[] = [],
): RunOutputs {
  const byPath = new Map(files.map((file) => [file.path, file.content]));
  const parsed = parseResultJson(byPath.get('result.json'));
  const tasks = new Map<string, TaskOutcome>();

  for (const task of manifest.tasks) {
    const size = sizes.get(task.dataset) ?? { n: 0, d: 0 };
    tasks.set(task.id, readTaskOutcome(task, parsed.result, byPath, size, outputProblems));
  }
  return { result: parsed.result, resultProblem: parsed.problem, tasks };
}

function parseResultJson(content: Buffer | undefined): {
  result: HarnessResultFile | null;
  problem?: string;
} {
  if (!content) {
    return { result: null, problem: 'the harness wrote no result.json' };
  }
  if (content.length > MAX_RESULT_JSON_BYTES) {
    return {
      result: null,
      problem: `result.json is ${content.length} bytes, over the ${MAX_RESULT_JSON_BYTES}-byte cap`,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(content.toString('utf8'));
  } catch (error) {
    return { result: null, problem: `result.json is not valid JSON: ${(error as Error).message}` };
  }
  const checked = harnessResultSchema.safeParse(value);
  if (!checked.success) {
    return {
      result: null,
      problem: `result.json does not match the harness protocol: ${checked.error.issues[0]?.message ?? 'unknown'}`,
    };
  }
  return { result: checked.data };
}

function readTaskOutcome(
  task: ManifestTask,
  result: HarnessResultFile | null,
  files: ReadonlyMap<string, Buffer>,
  size: { n: number; d: number },
  outputProblems: readonly string[],
): TaskOutcome {
  const arrays = new Map<string, DecodedNpy>();
  const reported = result?.tasks.find((entry) => entry.id === task.id);
  if (!reported) {
    return {
      taskId: task.id,
      ok: false,
      arrays,
      problem: { kind: 'not-run', message: taskNotRun(task.id) },
    };
  }
  if (!reported.ok) {
    const error = reported.error;
    const kind = error?.kind === 'harness' ? 'harness-error' : 'student-error';
    return {
      taskId: task.id,
      ok: false,
      arrays,
      problem: {
        kind,
        message: error
          ? formatHarnessError(error)
          : { en: 'the task failed', lv: 'uzdevums neizdevās' },
        error,
      },
    };
  }

  // Every output is checked, so a message lists all broken arrays, not only the first one.
  const problems: LocalizedText[] = [];
  for (const [name, expected] of Object.entries(task.outputs)) {
    const fileName = reported.outputs[name];
    const content = fileName === undefined ? undefined : files.get(fileName);
    if (content === undefined) {
      // A file the harness wrote but the sandbox did not read back was replaced (by a link,
      // a folder) or left out by the output cap; say which, not "did not set".
      const notRead =
        fileName === undefined
          ? undefined
          : outputProblems.find((problem) => problem.startsWith(`${fileName}:`));
      // The sandbox's reason (notRead) names files and limits and stays in English.
      if (notRead)
        problems.push({
          en: `${name} was not read back: ${notRead}`,
          lv: `${name} netika nolasīts: ${notRead}`,
        });
      else if (!expected.optional) {
        const method = `${task.call.class}.${task.call.method}`;
        problems.push({ en: `${method} did not set ${name}`, lv: `${method} neiestatīja ${name}` });
      }
      continue;
    }
    let array: DecodedNpy;
    try {
      array = decodeNpy(content, { maxElements: 50_000_000 });
    } catch (error) {
      const reason = error instanceof NpyFormatError ? error.message : String(error as Error);
      problems.push({
        en: `${name} could not be read as a numeric array: ${reason}`,
        lv: `${name} nevarēja nolasīt kā skaitļu masīvu: ${reason}`,
      });
      continue;
    }
    const problem = checkArray(name, array, expected, size);
    if (problem) {
      if (!expected.optional) problems.push(problem);
      continue;
    }
    arrays.set(name, array);
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.en.localeCompare(b.en));
    return invalid(task.id, arrays, {
      en: problems.map((problem) => problem.en).join('; '),
      lv: problems.map((problem) => problem.lv).join('; '),
    });
  }
  return { taskId: task.id, ok: true, arrays };
}

/** The problem of a task that the harness did not report on: it never started it. */
export function taskNotRun(taskId: string): LocalizedText {
  return { en: `task ${taskId} did not run`, lv: `uzdevums ${taskId} netika izpildīts` };
}

function invalid(
  taskId: string,
  arrays: Map<string, DecodedNpy>,
  message: LocalizedText,
): TaskOutcome {
  return { taskId, ok: false, arrays, problem: { kind: 'invalid-output', message } };
}

/** Returns a message when `array` does not match the manifest's dtype family and shape. */
function checkArray(
  name: string,
  array: DecodedNpy,
  expected: ManifestTask['outputs'][string],
  size: { n: number; d: number },
): LocalizedText | undefined {
  const symbols: Record<string, number | undefined> = { n: size.n, d: size.d };
  const expectedShape = expected.shape.map((entry) =>
    typeof entry === 'number' ? entry : symbols[entry],
  );
  const shapeMatches =
    array.shape.length === expectedShape.length &&
    expectedShape.every((entry, axis) => entry === undefined || entry === array.shape[axis]);
  if (!shapeMatches) {
    const shown = expected.shape.map((entry) =>
      typeof entry === 'number' ? entry : (symbols[entry] ?? entry),
    );
    const want = `(${shown.join(', ')}${shown.length === 1 ? ',' : ''})`;
    const got = `(${array.shape.join(', ')}${array.shape.length === 1 ? ',' : ''})`;
    return {
      en: `${name} must have shape ${want}, got ${got}`,
      lv: `${name} formai jābūt ${want}, saņemta ${got}`,
    };
  }
  for (let index = 0; index < array.data.length; index++) {
    if (!Number.isFinite(array.data[index])) {
      const value = array.data[index];
      return {
        en: `${name} contains ${value} at flat index ${index}; NaN and Inf are not allowed`,
        lv: `${name} saplacinātajā indeksā ${index} ir ${value}; NaN un Inf nav atļauti`,
      };
    }
  }
  if (expected.dtype === 'int' && array.kind === 'float') {
    // Float labels with integral values (a common result of np.zeros) are accepted.
    const fractional = array.data.findIndex((value) => !Number.isInteger(value));
    if (fractional >= 0) {
      const value = array.data[fractional];
      return {
        en: `${name} must hold integers, got ${value} at index ${fractional} (dtype ${array.dtype})`,
        lv: `${name} jāsatur veseli skaitļi, indeksā ${fractional} ir ${value} (dtype ${array.dtype})`,
      };
    }
  }
  if (array.kind === 'bool' && expected.dtype === 'float') {
    return {
      en: `${name} must be a float array, got dtype ${array.dtype}`,
      lv: `${name} jābūt peldošā punkta skaitļu masīvam, saņemts dtype ${array.dtype}`,
    };
  }
  return undefined;
}
