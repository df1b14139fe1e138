/**
 * Files exchanged between the worker and the Python harness (`assignments/harness/dmlg_harness`).
 *
 * The worker writes `/inputs/tasks.json` (a {@link HarnessTaskFile}) and one `.npy` per input
 * array. The harness writes `/out/result.json` (a {@link HarnessResultFile}) after every task, by
 * rename, so a run stopped at its time limit still leaves the results of the tasks it finished,
 * and `running` names the task it was in. Every output array is a `.npy` file under `/out`,
 * scalars as 0-d arrays. Everything in `/out` is untrusted: the worker validates it.
 */

export const HARNESS_PROTOCOL_VERSION = 1;

export interface HarnessTask {
  id: string;
  class: string;
  init: Record<string, unknown>;
  method: string;
  /** Input file names relative to `/inputs`, passed positionally to `method`. */
  args: string[];
  /** Further method calls; an argument `$name` passes an earlier step's result. */
  then?: { method: string; args: string[]; save: string }[];
  /** Harness driver (`dmlg_harness.drivers.<name>`) that runs the task instead of the call. */
  driver?: string;
  driver_params?: Record<string, unknown>;
  /** Saved step results or instance attributes to write; `optional` ones may be absent. */
  outputs: Record<string, { optional: boolean }>;
}

export interface HarnessTaskFile {
  protocol: number;
  /** Student module to import from `/submission`, without `.py`. */
  module: string;
  tasks: HarnessTask[];
}

/**
 * Origin of an error. `student`: the traceback passes through the student's files, or the
 * student's code broke the interface (missing class, attribute not set). `harness`: a fault of
 * the grader itself, never counted against the student.
 */
export type HarnessErrorKind = 'student' | 'harness';

export interface HarnessError {
  kind: HarnessErrorKind;
  /** Python exception class name, e.g. `SyntaxError`, or `MissingName` / `MissingAttribute`. */
  type: string;
  message: string;
  /** Student file and 1-based line of the innermost student frame, when there is one. */
  file?: string;
  line?: number;
  /** Traceback with the harness's own frames removed, at most 4,000 characters. */
  traceback?: string;
}

export interface HarnessTaskResult {
  id: string;
  ok: boolean;
  seconds: number;
  /** Output attribute name to `.npy` file name under `/out`, for each attribute that was set. */
  outputs: Record<string, string>;
  error?: HarnessError;
}

export interface HarnessResultFile {
  protocol: number;
  python: string;
  numpy: string;
  import: { ok: boolean; seconds: number; error?: HarnessError };
  tasks: HarnessTaskResult[];
  /** Id of the task in progress when the file was written; absent once the harness finished. */
  running?: string;
  finished: boolean;
}
