import type { Dataset } from '@dmlg/datasets';
import type { GradingRunOutcome } from '@dmlg/db';
import type { Sandbox, SandboxFile, SandboxLimits, SandboxRunResult } from '@dmlg/sandbox';
import { describeRunFailure, type RunFailure } from '../checks/check-messages';
import { buildInputFiles } from '../harness/build-task-file';
import type { AssignmentManifest, ManifestLimits } from '../manifest/assignment-manifest.schema';
import { readRunOutputs, type RunOutputs } from '../outputs/read-run-outputs';

export interface HarnessRunPlan {
  runId: string;
  image: string;
  manifest: AssignmentManifest;
  /** The student's (or the reference solution's) files, mounted read-only at `/submission`. */
  submissionFiles: SandboxFile[];
  /** The Python harness package, mounted read-only at `/harness`. */
  harnessFiles: SandboxFile[];
  datasets: ReadonlyMap<string, Dataset>;
}

export interface HarnessRun {
  sandbox: SandboxRunResult;
  outputs: RunOutputs;
  outcome: Exclude<GradingRunOutcome, 'running'>;
  /** Set when the student's code stopped the run as a whole (import error, limit, crash). */
  failure?: RunFailure;
  /** Set when the grader itself failed; such runs are retried and never count against the student. */
  infrastructureProblem?: string;
}

export function sandboxLimits(limits: ManifestLimits): SandboxLimits {
  return {
    wallSeconds: limits.wall_seconds,
    memoryMb: limits.memory_mb,
    cpus: limits.cpus,
    pids: limits.pids,
    tmpfsMb: limits.tmpfs_mb,
    outputMb: limits.output_mb,
    logKb: limits.log_kb,
  };
}

/** Last non-empty line of the log, for messages about a crash. */
function lastLogLine(log: string): string {
  const lines = log
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return (lines.at(-1) ?? 'no output').slice(0, 300);
}

/** Runs the harness on a submission in the sandbox and classifies how the run ended. */
export async function runHarness(sandbox: Sandbox, plan: HarnessRunPlan): Promise<HarnessRun> {
  const { manifest } = plan;
  const limits = sandboxLimits(manifest.limits);
  const result = await sandbox.run({
    runId: plan.runId,
    image: plan.image,
    command: [
      'python3',
      '-m',
      'dmlg_harness',
      '--tasks',
      '/inputs/tasks.json',
      '--inputs',
      '/inputs',
      '--submission',
      '/submission',
      '--out',
      '/out',
    ],
    workingDir: '/tmp',
    env: {
      PYTHONPATH: '/harness',
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONUNBUFFERED: '1',
      HOME: '/tmp',
      MPLBACKEND: 'Agg',
      // Numerical libraries size their thread pools by the host's cores, not the CPU limit.
      OMP_NUM_THREADS: String(Math.max(1, Math.floor(limits.cpus))),
      OPENBLAS_NUM_THREADS: String(Math.max(1, Math.floor(limits.cpus))),
      MKL_NUM_THREADS: String(Math.max(1, Math.floor(limits.cpus))),
      // Read by the harness to name the limit in messages and to cap torch.set_num_threads.
      DMLG_LIMIT_CPUS: String(Math.max(1, Math.floor(limits.cpus))),
      DMLG_LIMIT_PIDS: String(limits.pids),
      DMLG_LIMIT_TMPFS_MB: String(limits.tmpfsMb),
    },
    mounts: [
      { target: '/harness', files: plan.harnessFiles },
      { target: '/inputs', files: buildInputFiles(manifest, plan.datasets) },
      { target: '/submission', files: plan.submissionFiles },
    ],
    outputDir: '/out',
    limits,
    // In-lecture checks come in bursts of one shape; pre-created containers serve them sooner.
    keepWarm: manifest.lane === 'practical',
  });

  const sizes = new Map(
    [...plan.datasets].map(([id, dataset]) => [id, { n: dataset.n, d: dataset.d }]),
  );
  const outputs = readRunOutputs(manifest, result.outputs, sizes, result.outputProblems);
  const classified = classifyRun(result, outputs, limits);
  if (classified.failure?.kind === 'output-rejected') {
    // A rejected output folder voids every array in it: none is scored.
    const message = describeRunFailure(classified.failure);
    for (const [taskId] of outputs.tasks) {
      outputs.tasks.set(taskId, {
        taskId,
        ok: false,
        arrays: new Map(),
        problem: { kind: 'invalid-output', message },
      });
    }
  }
  return { sandbox: result, outputs, ...classified };
}

/**
 * Logged by the harness before it imports the student's module
 * (assignments/harness/dmlg_harness/runner.py, STARTED_MARKER). The log keeps its head, so the
 * line survives any amount of output after it.
 */
const HARNESS_STARTED_MARKER = 'dmlg_harness: started';

/**
 * Limits that the kernel enforces by failing a call (fork, thread start, write) instead of
 * killing the run. The harness names them in the error message (`sandbox_hint` in
 * assignments/harness/dmlg_harness/errors.py), and such runs are recorded as limit-exceeded.
 */
const LIMIT_IN_MESSAGE = /\(limits\.(pids|tmpfs_mb)\)/;

/**
 * Decides how a run ended: a limit, the student's code, or the grader (only the last is retried).
 * Exported for its unit tests.
 */
export function classifyRun(
  result: SandboxRunResult,
  outputs: RunOutputs,
  limits: SandboxLimits,
): Pick<HarnessRun, 'outcome' | 'failure' | 'infrastructureProblem'> {
  const running = outputs.result?.running;
  if (result.termination === 'timeout') {
    return {
      outcome: 'limit-exceeded',
      failure: { kind: 'timeout', limitSeconds: limits.wallSeconds, runningTask: running },
    };
  }
  if (result.termination === 'oom-killed') {
    return {
      outcome: 'limit-exceeded',
      failure: { kind: 'oom-killed', limitMb: limits.memoryMb, runningTask: running },
    };
  }
  const outputLimitHit =
    result.termination === 'output-limit' ||
    result.outputProblems.some(
      (problem) =>
        problem.startsWith('output size cap') || problem.startsWith('output has more than'),
    );
  if (outputLimitHit || (result.outputProblems.length > 0 && outputs.result?.finished)) {
    return {
      outcome: outputLimitHit ? 'limit-exceeded' : 'student-error',
      failure: {
        kind: 'output-rejected',
        limitMb: limits.outputMb,
        problems:
          result.termination === 'output-limit'
            ? [
                `the output folder grew past ${limits.outputMb} MB during the run, so the run was stopped`,
              ]
            : result.outputProblems.slice(0, 5),
      },
    };
  }
  const harnessResult = outputs.result;
  if (!harnessResult && result.log.includes(HARNESS_STARTED_MARKER)) {
    // The harness started, so the file was there; only code running in the sandbox can have
    // removed or replaced it since. Its claims are never read, whatever they say.
    return {
      outcome: 'student-error',
      failure: {
        kind: 'crashed',
        exitCode: result.exitCode,
        detail: {
          en: `${outputs.resultProblem ?? 'result.json is missing'}; the grader's result.json was removed or overwritten by the submission, so nothing it produced can be trusted`,
          lv: `${outputs.resultProblem ?? 'result.json nav'}; iesniegums izdzēsa vai pārrakstīja vērtētāja result.json, tāpēc nekam, ko tas izveidoja, nevar uzticēties`,
        },
      },
    };
  }
  if (!harnessResult) {
    // The harness writes result.json before it imports student code, so its absence means the
    // harness never started: a broken image or mount, not the student's doing.
    return {
      outcome: 'infrastructure-error',
      infrastructureProblem: `${outputs.resultProblem ?? 'no result.json'} (exit code ${result.exitCode}; last log line: ${lastLogLine(result.log)})`,
    };
  }
  if (!harnessResult.import.ok && !harnessResult.import.error && !harnessResult.finished) {
    // The harness writes result.json before the import starts. An import with no outcome therefore
    // means the process ended inside the student's module-level code (os._exit, a signal, a crash).
    return {
      outcome: 'student-error',
      failure: {
        kind: 'crashed',
        exitCode: result.exitCode,
        detail: {
          en: `the process ended while importing your module; last log line: ${lastLogLine(result.log)}`,
          lv: `process beidzās, importējot jūsu moduli; pēdējā žurnāla rinda: ${lastLogLine(result.log)}`,
        },
      },
    };
  }
  if (!harnessResult.import.ok) {
    const error = harnessResult.import.error;
    if (!error || error.kind === 'harness') {
      return {
        outcome: 'infrastructure-error',
        infrastructureProblem: `harness failed before importing the submission: ${error?.message ?? 'no error recorded'}`,
      };
    }
    return {
      outcome: LIMIT_IN_MESSAGE.test(error.message) ? 'limit-exceeded' : 'student-error',
      failure: { kind: 'import', error },
    };
  }
  const harnessFault = [...outputs.tasks.values()].find(
    (task) => task.problem?.kind === 'harness-error',
  );
  if (harnessFault) {
    return {
      outcome: 'infrastructure-error',
      infrastructureProblem: `harness failed in task ${harnessFault.taskId}: ${harnessFault.problem?.message.en}`,
    };
  }
  if (!harnessResult.finished) {
    const where = running
      ? { en: ` in task ${running}`, lv: ` uzdevumā ${running}` }
      : { en: '', lv: '' };
    return {
      outcome: 'student-error',
      failure: {
        kind: 'crashed',
        exitCode: result.exitCode,
        detail: {
          en: `the process ended${where.en}; last log line: ${lastLogLine(result.log)}`,
          lv: `process beidzās${where.lv}; pēdējā žurnāla rinda: ${lastLogLine(result.log)}`,
        },
      },
    };
  }
  const limitHit = [...outputs.tasks.values()].some((task) =>
    LIMIT_IN_MESSAGE.test(task.problem?.error?.message ?? ''),
  );
  return { outcome: limitHit ? 'limit-exceeded' : 'completed' };
}
