import { posix } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import {
  packMountArchive,
  readOutputArchive,
  SandboxInfrastructureError,
  validateRunRequest,
  type Sandbox,
  type SandboxRunRequest,
  type SandboxRunResult,
  type SandboxTermination,
} from '@dmlg/sandbox';
import type { ClusterJobEnd, ClusterJobStatus, SchedulerAdapter } from './batch-job';
import { describeEnvironment, type HpcEnvironment } from './hpc-environment';
import {
  JOB_FILES,
  KILL_AFTER_SECONDS,
  renderEnvFile,
  renderJobBody,
  stagedFolder,
} from './job-script';
import { shellQuote } from './shell-quote';
import type { SshConnection } from './ssh-connection';

const MIB = 1024 * 1024;

/** What one run asks of the cluster beyond the sandbox limits: from the assignment's `runner`. */
export interface HpcJobResources {
  gpus: number;
  gpuModel?: string;
  /** Slurm partition or PBS queue; the dispatcher's default when unset. */
  partition?: string;
}

export interface HpcDispatcherOptions {
  scheduler: SchedulerAdapter;
  connection: SshConnection;
  /** Absolute folder on the cluster (shared between login and compute nodes) for run folders. */
  workDir: string;
  environment: HpcEnvironment;
  /** Seconds a job may wait in the queue before it is cancelled and the run retried. */
  pendingLimitSeconds: number;
  /** Seconds the scheduler's walltime exceeds the sandbox's wall-clock limit (staging, start-up). */
  walltimeGraceSeconds: number;
  /** Backoff of the scheduler polls: first delay, growth factor, longest delay (ms). */
  poll: { initialMs: number; factor: number; maxMs: number };
  defaultPartition?: string;
  account?: string;
  /** Keeps each run folder on the cluster for debugging instead of removing it. */
  keepRunFolders?: boolean;
}

/** A job in the queue or running, so that cancel and shutdown can reach it. */
interface ActiveJob {
  jobId?: string;
  cancelled: boolean;
  wake?: () => void;
}

/** Names in a run folder that mounts may not take. */
const RESERVED_NAMES = new Set<string>([...Object.values(JOB_FILES), `${JOB_FILES.status}.tmp`]);

/** Consecutive failed polls (SSH dropped, scheduler busy) before the run is given up. */
const MAX_POLL_FAILURES = 5;

/** Polls in a row in which the scheduler knows no such job and no status file exists. */
const MAX_UNKNOWN_POLLS = 5;

/**
 * Runs sandbox requests as batch jobs on a Slurm or PBS cluster over SSH: stage the mounts into
 * `<workDir>/<runId>/`, submit a rendered batch script, poll with backoff, read the output folder
 * back with the same rules as the Docker sandbox, and remove the run folder. Returns the Docker
 * sandbox's result shape, so scoring is shared: a walltime kill is `timeout`, a memory kill
 * `oom-killed`, and every SSH or scheduler fault a SandboxInfrastructureError (retried).
 */
export class HpcDispatcher implements Sandbox {
  private readonly logger = new Logger(HpcDispatcher.name);
  private readonly active = new Map<string, ActiveJob>();

  constructor(private readonly options: HpcDispatcherOptions) {
    if (!/^\/[A-Za-z0-9_./-]+$/.test(options.workDir) || options.workDir.includes('..')) {
      throw new Error(
        `HPC work folder ${JSON.stringify(options.workDir)} must be an absolute path of letters, digits, _ . / -; set DMLG_HPC_WORK_DIR`,
      );
    }
  }

  run(request: SandboxRunRequest): Promise<SandboxRunResult> {
    return this.dispatch(request, { gpus: 0 });
  }

  /** Runs the request as one cluster job with the given GPUs and partition. */
  async dispatch(
    request: SandboxRunRequest,
    resources: HpcJobResources,
  ): Promise<SandboxRunResult> {
    validateRunRequest(request);
    this.checkFolderNames(request);
    const job: ActiveJob = { cancelled: false };
    this.active.set(request.runId, job);
    const runDir = posix.join(this.options.workDir, request.runId);
    let cleanupMs = 0;
    try {
      const result = await this.execute(request, resources, runDir, job);
      const cleanupStart = performance.now();
      await this.cleanup(request.runId, runDir);
      cleanupMs = performance.now() - cleanupStart;
      return { ...result, timings: { ...result.timings, cleanupMs: Math.round(cleanupMs) } };
    } catch (error) {
      await this.cleanup(request.runId, runDir);
      throw error;
    } finally {
      this.active.delete(request.runId);
    }
  }

  /**
   * Cancels the cluster job of a run (`scancel`/`qdel`); the run then fails with a
   * SandboxInfrastructureError. Returns false when the run is not in progress here.
   */
  async cancel(runId: string): Promise<boolean> {
    const job = this.active.get(runId);
    if (!job) return false;
    job.cancelled = true;
    job.wake?.();
    if (job.jobId) await this.cancelJob(runId, job.jobId);
    return true;
  }

  /** Cancels every job in progress and closes the SSH connection (worker shutdown). */
  async close(): Promise<void> {
    const runIds = [...this.active.keys()];
    if (runIds.length > 0) {
      this.logger.warn(`shutdown: cancelling cluster jobs of runs ${runIds.join(', ')}`);
    }
    await Promise.all(runIds.map((runId) => this.cancel(runId)));
    await this.options.connection.close();
  }

  private async execute(
    request: SandboxRunRequest,
    resources: HpcJobResources,
    runDir: string,
    job: ActiveJob,
  ): Promise<Omit<SandboxRunResult, 'timings'> & { timings: SandboxRunResult['timings'] }> {
    const { scheduler, connection } = this.options;
    const prepareStart = performance.now();
    await this.stage(request, resources, runDir);
    const scriptPath = posix.join(runDir, JOB_FILES.script);
    const submitted = await this.remote('submit job', scriptPath, () =>
      connection.exec(scheduler.submitCommand(scriptPath)),
    );
    if (submitted.code !== 0) {
      throw new SandboxInfrastructureError(
        'submit job',
        scriptPath,
        new Error(
          `${scheduler.kind} submit exited ${submitted.code}: ${submitted.stderr.trim() || submitted.stdout.trim()}`,
        ),
      );
    }
    const jobId = await this.remote('read job id', scriptPath, async () =>
      scheduler.parseSubmitOutput(submitted.stdout),
    );
    job.jobId = jobId;
    const startedAt = new Date();
    const prepareMs = performance.now() - prepareStart;
    this.logger.log(
      `run ${request.runId}: ${scheduler.kind} job ${jobId} submitted on ${connection.target} (wall ${request.limits.wallSeconds} s, memory ${request.limits.memoryMb} MB, cpus ${request.limits.cpus}, gpus ${resources.gpus}${resources.gpuModel ? ` ${resources.gpuModel}` : ''})`,
    );
    if (job.cancelled) await this.cancelJob(request.runId, jobId);

    const runStart = performance.now();
    const ended = await this.waitForEnd(request, runDir, jobId, job);
    const finishedAt = new Date();
    const runMs = performance.now() - runStart;

    const collectStart = performance.now();
    const jobOutput =
      (await this.remote('read job output', runDir, () =>
        connection.readFile(posix.join(runDir, JOB_FILES.output)),
      )) ?? Buffer.alloc(0);
    const outputText = jobOutput.toString('utf8');
    const termination = this.termination(request, jobId, ended, outputText);
    const outputDir = stagedFolder(runDir, request.outputDir);
    const archive = await this.remote('read output archive', outputDir, () =>
      connection.execStream(
        `tar -C ${shellQuote(runDir)} -cf - ${shellQuote(posix.basename(outputDir))}`,
      ),
    );
    const read = await this.remote('read output archive', outputDir, () =>
      readOutputArchive(archive, request.outputDir, request.limits.outputMb * MIB),
    );
    const collectMs = performance.now() - collectStart;

    const header = `[dmlg] ${scheduler.kind} job ${jobId}${ended.status.node ? ` on ${ended.status.node}` : ''}, environment ${describeEnvironment(this.options.environment)}\n`;
    const log = cutHeadTail(header + outputText, request.limits.logKb * 1024);
    this.logger.log(
      `run ${request.runId}: ${scheduler.kind} job ${jobId} ${ended.status.state}: ${termination.termination}, exit code ${termination.exitCode ?? 'none'}, ${read.files.length} output files (queued ${Math.round(ended.queuedMs)} ms)`,
    );
    return {
      termination: termination.termination,
      exitCode: termination.exitCode,
      startedAt,
      finishedAt,
      imageDigest: describeEnvironment(this.options.environment),
      placement: {
        runner: scheduler.kind,
        jobId,
        node: ended.status.node,
        environment: describeEnvironment(this.options.environment),
      },
      log: log.text,
      logBytesDropped: log.dropped,
      outputs: read.files,
      outputProblems: read.problems,
      timings: {
        prepareMs: Math.round(prepareMs),
        runMs: Math.round(runMs),
        collectMs: Math.round(collectMs),
        cleanupMs: 0,
      },
    };
  }

  /** Creates the run folder, unpacks each mount into it, writes the env file and the batch script. */
  private async stage(
    request: SandboxRunRequest,
    resources: HpcJobResources,
    runDir: string,
  ): Promise<void> {
    const { connection, scheduler, environment } = this.options;
    const dir = shellQuote(runDir);
    const outputDir = shellQuote(stagedFolder(runDir, request.outputDir));
    const tmp = shellQuote(posix.join(runDir, JOB_FILES.tmp));
    // A folder left by a crashed dispatcher under the same run id holds nothing worth keeping.
    const prepared = await this.remote('create run folder', runDir, () =>
      connection.exec(
        `(test ! -e ${dir} || (chmod -R u+w ${dir} && rm -rf ${dir})) && mkdir -p ${dir} && mkdir -m 700 ${outputDir} ${tmp}`,
      ),
    );
    if (prepared.code !== 0) {
      throw new SandboxInfrastructureError(
        'create run folder',
        `${connection.target}:${runDir}`,
        new Error(prepared.stderr.trim()),
      );
    }
    for (const mount of request.mounts) {
      const archive = await packMountArchive(mount.target, mount.files);
      await this.remote('stage files', `${runDir}:${mount.target}`, () =>
        connection.execWithInput(`tar -x --no-same-owner -C ${dir} -f -`, archive),
      );
    }
    const spec = {
      name: `dmlg-${request.runId}`.slice(0, 64),
      runDir,
      wallSeconds:
        request.limits.wallSeconds + KILL_AFTER_SECONDS + this.options.walltimeGraceSeconds,
      memoryMb: request.limits.memoryMb,
      cpus: Math.max(1, Math.ceil(request.limits.cpus)),
      gpus: resources.gpus,
      gpuModel: resources.gpuModel,
      partition: resources.partition ?? this.options.defaultPartition,
      account: this.options.account,
      body: renderJobBody(request, runDir, environment, resources.gpus),
    };
    await this.remote('write batch script', runDir, async () => {
      await connection.writeFile(
        posix.join(runDir, JOB_FILES.envFile),
        renderEnvFile(request),
        0o600,
      );
      await connection.writeFile(
        posix.join(runDir, JOB_FILES.script),
        scheduler.renderScript(spec),
        0o700,
      );
    });
  }

  /**
   * Polls until the status file exists (the harness ended) or the scheduler reports the job gone.
   * Each poll is one SSH command that prints the status file, a separator and the scheduler's view.
   */
  private async waitForEnd(
    request: SandboxRunRequest,
    runDir: string,
    jobId: string,
    job: ActiveJob,
  ): Promise<{ status: ClusterJobStatus; statusFile?: string; queuedMs: number }> {
    const { scheduler, connection, poll, pendingLimitSeconds } = this.options;
    const submitted = performance.now();
    let runningSince: number | undefined;
    let delay = poll.initialMs;
    let failures = 0;
    let unknown = 0;
    const separator = '--dmlg-status--';
    const command = `cat ${shellQuote(posix.join(runDir, JOB_FILES.status))} 2>/dev/null; echo ${separator}; ${scheduler.statusCommand(jobId)}`;
    // Past this the scheduler should have killed the job itself; it is cancelled as stuck.
    const runningLimitMs =
      (request.limits.wallSeconds + KILL_AFTER_SECONDS + this.options.walltimeGraceSeconds + 120) *
      1000;
    for (;;) {
      await this.sleep(delay, job);
      delay = Math.min(poll.maxMs, delay * poll.factor);
      if (job.cancelled) {
        throw new SandboxInfrastructureError(
          'run cluster job',
          `${scheduler.kind} job ${jobId}`,
          new Error('the cluster job was cancelled by the grader'),
        );
      }
      let printed: string;
      try {
        printed = (await connection.exec(command)).stdout;
        failures = 0;
      } catch (error) {
        failures += 1;
        this.logger.warn(
          `run ${request.runId}: poll ${failures} of ${scheduler.kind} job ${jobId} failed: ${errorMessage(error)}`,
        );
        if (failures >= MAX_POLL_FAILURES) {
          await this.cancelJob(request.runId, jobId);
          throw new SandboxInfrastructureError(
            'poll cluster job',
            `${scheduler.kind} job ${jobId}`,
            error,
          );
        }
        continue;
      }
      const at = printed.indexOf(separator);
      const statusFile = at > 0 ? printed.slice(0, at).trim() : undefined;
      const status = await this.remote(
        'read job status',
        `${scheduler.kind} job ${jobId}`,
        async () => scheduler.parseStatus(jobId, printed.slice(at + separator.length)),
      );
      const now = performance.now();
      if (status.phase === 'running' && runningSince === undefined) runningSince = now;
      const queuedMs = (runningSince ?? now) - submitted;
      if (statusFile) return { status, statusFile, queuedMs };
      if (status.phase === 'ended') {
        // The job may have written its status file between this poll's `cat` and its scheduler
        // query, so the file is read once more before the job counts as ended without one.
        const again = (await connection.exec(command)).stdout;
        const late = again.slice(0, Math.max(0, again.indexOf(separator))).trim();
        return { status, statusFile: late || undefined, queuedMs };
      }
      if (status.phase === 'unknown') {
        unknown += 1;
        if (unknown >= MAX_UNKNOWN_POLLS) {
          throw new SandboxInfrastructureError(
            'poll cluster job',
            `${scheduler.kind} job ${jobId}`,
            new Error(
              `the scheduler has no record of the job (${status.state}) and the job wrote no status file`,
            ),
          );
        }
        continue;
      }
      unknown = 0;
      if (status.phase === 'pending' && now - submitted > pendingLimitSeconds * 1000) {
        await this.cancelJob(request.runId, jobId);
        throw new SandboxInfrastructureError(
          'wait for cluster job',
          `${scheduler.kind} job ${jobId}`,
          new Error(
            `pending for more than ${pendingLimitSeconds} s (DMLG_HPC_PENDING_LIMIT_SECONDS)${status.reason ? `, reason ${status.reason}` : ''}; cancelled so that the run is retried`,
          ),
        );
      }
      if (runningSince !== undefined && now - runningSince > runningLimitMs) {
        await this.cancelJob(request.runId, jobId);
        throw new SandboxInfrastructureError(
          'run cluster job',
          `${scheduler.kind} job ${jobId}`,
          new Error(
            `still ${status.state} ${Math.round(runningLimitMs / 1000)} s after it started, past its walltime; cancelled`,
          ),
        );
      }
    }
  }

  /** Maps the job's end to the Docker sandbox's terminations; faults of the cluster throw. */
  private termination(
    request: SandboxRunRequest,
    jobId: string,
    ended: { status: ClusterJobStatus; statusFile?: string },
    jobOutput: string,
  ): { termination: SandboxTermination; exitCode: number | null } {
    const { scheduler } = this.options;
    const killedBy: ClusterJobEnd | undefined =
      scheduler.classifyJobOutput(jobOutput) ??
      (ended.status.ended === 'walltime' || ended.status.ended === 'memory'
        ? ended.status.ended
        : undefined);
    if (killedBy === 'memory') return { termination: 'oom-killed', exitCode: null };
    if (ended.statusFile) {
      const fields = new Map(
        ended.statusFile.split('\n').map((line) => line.split('=', 2) as [string, string]),
      );
      const code = Number(fields.get('exit_code'));
      const elapsed = Number(fields.get('elapsed_seconds'));
      // `timeout` exits 124 after its SIGTERM, 137 after the SIGKILL that follows it.
      if ((code === 124 || code === 137) && elapsed >= request.limits.wallSeconds) {
        return { termination: 'timeout', exitCode: null };
      }
      if (code === 137 && ended.status.ended === 'memory') {
        return { termination: 'oom-killed', exitCode: null };
      }
      return { termination: 'exited', exitCode: Number.isInteger(code) ? code : null };
    }
    if (killedBy === 'walltime') return { termination: 'timeout', exitCode: null };
    const what: Record<ClusterJobEnd, string> = {
      completed: 'ended before the harness wrote its status file',
      failed: 'failed before the harness wrote its status file',
      walltime: 'hit its walltime',
      memory: 'hit its memory limit',
      cancelled: 'was cancelled on the cluster (scancel/qdel by an operator or the scheduler)',
      'node-failure': 'ended because its node failed',
      preempted: 'was preempted by the scheduler',
    };
    const end = ended.status.ended ?? 'failed';
    const tail = jobOutput.trim().split('\n').slice(-3).join(' | ').slice(0, 400);
    throw new SandboxInfrastructureError(
      'run cluster job',
      `${scheduler.kind} job ${jobId}`,
      new Error(
        `job ${what[end]} (state ${ended.status.state}${ended.status.reason ? `, ${ended.status.reason}` : ''})${tail ? `; job output: ${tail}` : ''}`,
      ),
    );
  }

  private async cancelJob(runId: string, jobId: string): Promise<void> {
    const { scheduler, connection } = this.options;
    try {
      const result = await connection.exec(scheduler.cancelCommand(jobId));
      this.logger.warn(
        `run ${runId}: ${scheduler.kind} job ${jobId} cancelled (exit ${result.code})`,
      );
    } catch (error) {
      this.logger.error(
        `run ${runId}: cancelling ${scheduler.kind} job ${jobId} failed: ${errorMessage(error)}`,
      );
    }
  }

  /** Removes the run folder; a failure is logged with the run id, never thrown. */
  private async cleanup(runId: string, runDir: string): Promise<void> {
    if (this.options.keepRunFolders) return;
    const dir = shellQuote(runDir);
    try {
      const removed = await this.options.connection.exec(
        `test ! -e ${dir} || (chmod -R u+w ${dir} && rm -rf ${dir})`,
      );
      if (removed.code !== 0) throw new Error(removed.stderr.trim());
    } catch (error) {
      this.logger.error(
        `run ${runId}: cleanup failed to remove ${runDir} on the cluster: ${errorMessage(error)}`,
      );
    }
  }

  /** Mount folders become siblings in the run folder, so their names must differ from each other and from the job's files. */
  private checkFolderNames(request: SandboxRunRequest): void {
    const names = [...request.mounts.map((mount) => mount.target), request.outputDir].map(
      (target) => posix.basename(target),
    );
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name) || RESERVED_NAMES.has(name)) {
        throw new SandboxInfrastructureError(
          'stage files',
          `run ${request.runId}`,
          new Error(
            `mount folder name "${name}" is used twice or reserved (${[...RESERVED_NAMES].join(', ')})`,
          ),
        );
      }
      seen.add(name);
    }
  }

  /** Runs a remote step and turns any failure into a SandboxInfrastructureError naming the step. */
  private async remote<T>(operation: string, target: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof SandboxInfrastructureError) throw error;
      throw new SandboxInfrastructureError(operation, target, error);
    }
  }

  private sleep(ms: number, job: ActiveJob): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      job.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** Keeps the head and the tail of `text` within `maxBytes`, as the Docker sandbox does with its log. */
export function cutHeadTail(text: string, maxBytes: number): { text: string; dropped: number } {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text, dropped: 0 };
  const half = Math.floor(maxBytes / 2);
  const dropped = bytes.length - 2 * half;
  return {
    text: `${bytes.subarray(0, half).toString('utf8')}\n[... ${dropped} bytes dropped ...]\n${bytes.subarray(bytes.length - half).toString('utf8')}`,
    dropped,
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
