/** Resource limits of one sandbox run; units are in the names. */
export interface SandboxLimits {
  wallSeconds: number;
  memoryMb: number;
  cpus: number;
  pids: number;
  tmpfsMb: number;
  /**
   * Cap on the output folder: the bytes read back, and its size on the engine's disk, which is
   * polled during the run (the container is killed when it passes the cap).
   */
  outputMb: number;
  /** Cap on the log bytes kept: half from the head of the log, half from the tail. */
  logKb: number;
}

export interface SandboxFile {
  /** Path relative to the mount, with `/` separators and no `..`. */
  path: string;
  content: Buffer;
  /** Unix permission bits; defaults to 0o444 for files. */
  mode?: number;
}

/** A folder staged for the run, mounted read-only at `target` (e.g. `/submission`). */
export interface SandboxMount {
  target: string;
  files: SandboxFile[];
}

export interface SandboxRunRequest {
  /** Names the container and volumes (`dmlg-run-<runId>-...`), so leftovers can be found. */
  runId: string;
  image: string;
  command: string[];
  workingDir?: string;
  env?: Record<string, string>;
  mounts: SandboxMount[];
  /** Writable folder collected after the run, e.g. `/out`. */
  outputDir: string;
  limits: SandboxLimits;
  /**
   * More runs of this shape (image, command, env, mount targets, limits) are expected soon, as
   * on the practical lane: a sandbox with a warm pool then keeps created, never started
   * containers of this shape ready for them. Never shares a container between two runs. Such a
   * run's containers and volumes are removed just after `run` returns (`timings.cleanupMs` is
   * then 0), so that the caller records its result sooner.
   */
  keepWarm?: boolean;
}

/**
 * How the run container ended: on its own, killed at the wall-clock limit, by the kernel's OOM
 * killer, or killed because the output folder grew past `limits.outputMb` during the run.
 */
export type SandboxTermination = 'exited' | 'timeout' | 'oom-killed' | 'output-limit';

export interface SandboxOutputFile {
  path: string;
  content: Buffer;
}

/**
 * Record of where a run executed, stored with the run (grading_runs.placement). Each sandbox
 * layer adds what it knows: the GPU pool its device, the worker its GPU model and driver, the
 * cluster dispatcher its scheduler, job and node.
 */
export type SandboxPlacement = {
  runner: 'docker' | 'slurm' | 'pbs';
  gpuModel?: string;
  gpuDriver?: string;
  /** GPU index on the worker, as given to Docker's device request. */
  gpuDevice?: string;
  jobId?: string;
  node?: string;
  /** `apptainer:<image>` or `host:<python>` on a cluster. */
  environment?: string;
};

export interface SandboxRunResult {
  termination: SandboxTermination;
  exitCode: number | null;
  startedAt: Date;
  finishedAt: Date;
  imageDigest: string;
  /** stdout and stderr interleaved, cut to `limits.logKb` with the head and the tail kept. */
  log: string;
  logBytesDropped: number;
  outputs: SandboxOutputFile[];
  /** Reasons some outputs were not read back: links, special files, the size cap. */
  outputProblems: string[];
  timings: { prepareMs: number; runMs: number; collectMs: number; cleanupMs: number };
  placement?: SandboxPlacement;
}

export interface Sandbox {
  run(request: SandboxRunRequest): Promise<SandboxRunResult>;
  /**
   * Stops the run `runId` if this sandbox is executing it, so that `run` returns soon. Returns
   * whether it found the run. Sandboxes without it cannot cancel.
   */
  cancel?(runId: string): Promise<boolean>;
  /** Removes what the sandbox keeps between runs (pre-created containers); called at shutdown. */
  close?(): Promise<void>;
}

/**
 * A fault of the sandbox machinery (Docker down, image missing, volume error), never of the
 * student's code. The worker retries these a bounded number of times.
 */
export class SandboxInfrastructureError extends Error {
  constructor(
    readonly operation: string,
    readonly target: string,
    override readonly cause: unknown,
  ) {
    super(
      `sandbox ${operation} failed for ${target}: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'SandboxInfrastructureError';
  }
}
