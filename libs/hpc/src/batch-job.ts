/** What the dispatcher asks a scheduler for: one batch job of one sandbox run. */
export interface BatchJobSpec {
  /** Job name shown by `squeue`/`qstat`, e.g. `dmlg-<run id>`. */
  name: string;
  /** Absolute folder of the run on the cluster; the job starts there and writes `job.out` there. */
  runDir: string;
  /** Wall-clock limit the scheduler enforces, in seconds (already including the dispatcher's grace). */
  wallSeconds: number;
  memoryMb: number;
  /** Whole cores; fractional sandbox limits are rounded up. */
  cpus: number;
  gpus: number;
  /** GPU model for `--gres=gpu:<model>:N` (Slurm) or `feature=<model>` (PBS); unset for any. */
  gpuModel?: string;
  /** Slurm partition or PBS queue. */
  partition?: string;
  /** Slurm account or PBS project (`-A`); unset where the site needs none. */
  account?: string;
  /** Shell lines run by the job after the scheduler directives. */
  body: string;
}

/**
 * How a cluster job stands, as far as the scheduler tells. `ended` is set once the job left the
 * queue; `exitCode` is the batch script's own exit status where the scheduler reports it.
 */
export interface ClusterJobStatus {
  jobId: string;
  phase: 'pending' | 'running' | 'ended' | 'unknown';
  ended?: ClusterJobEnd;
  /** The scheduler's own state word (`PENDING`, `TIMEOUT`, `Q`, `C`, ...), for messages. */
  state: string;
  /** Why a job waits or ended (`Resources`, `Priority`, a PBS comment), when reported. */
  reason?: string;
  exitCode?: number;
  node?: string;
}

/**
 * How a job left the queue. `completed`/`failed`: the script ran to its end (the harness's own
 * status file then tells the rest). The others: the scheduler or the cluster ended it.
 */
export type ClusterJobEnd =
  'completed' | 'failed' | 'walltime' | 'memory' | 'cancelled' | 'node-failure' | 'preempted';

/** Renders batch scripts for one scheduler and reads what its commands print. */
export interface SchedulerAdapter {
  readonly kind: 'slurm' | 'pbs';
  renderScript(spec: BatchJobSpec): string;
  /** Shell command that submits the script at `scriptPath` and prints the job id. */
  submitCommand(scriptPath: string): string;
  /** Reads the job id from the submit command's standard output. */
  parseSubmitOutput(stdout: string): string;
  /** Shell command that prints the job's state; it may exit non-zero for a job the scheduler forgot. */
  statusCommand(jobId: string): string;
  parseStatus(jobId: string, stdout: string): ClusterJobStatus;
  cancelCommand(jobId: string): string;
  /** Reads a scheduler's kill notice (walltime, memory) from the job's output file, if any. */
  classifyJobOutput(output: string): ClusterJobEnd | undefined;
}

/** Output of a scheduler command that the adapter cannot read. */
export class SchedulerOutputError extends Error {
  constructor(
    readonly command: string,
    readonly output: string,
    detail: string,
  ) {
    super(`${detail}; ${command} printed ${JSON.stringify(output.slice(0, 300))}`);
    this.name = 'SchedulerOutputError';
  }
}

/** Formats seconds as `HH:MM:SS` (hours may pass 24), the walltime form both schedulers accept. */
export function formatWalltime(seconds: number): string {
  const total = Math.max(1, Math.ceil(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  return [hours, minutes, rest].map((part) => String(part).padStart(2, '0')).join(':');
}

/** Job ids are echoed into shell commands, so only scheduler-shaped ids are accepted. */
export function checkJobId(jobId: string, command: string): string {
  if (!/^[0-9]+(\.[A-Za-z0-9_.-]+)?(\[[0-9]*\])?$/.test(jobId)) {
    throw new SchedulerOutputError(command, jobId, `"${jobId}" is not a job id`);
  }
  return jobId;
}
