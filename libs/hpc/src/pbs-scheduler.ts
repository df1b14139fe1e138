import {
  checkJobId,
  formatWalltime,
  SchedulerOutputError,
  type BatchJobSpec,
  type ClusterJobEnd,
  type ClusterJobStatus,
  type SchedulerAdapter,
} from './batch-job';
import { shellQuote } from './shell-quote';

/**
 * PBS dialect. `torque` (Torque/Moab and the `slurm-wlm-torque` wrappers): `-l nodes=1:ppn=N`,
 * `qstat -f` keeps finished jobs only for `keep_completed` seconds. `pro` (PBS Professional,
 * OpenPBS): `-l select=1:ncpus=N:mem=..`, finished jobs need `qstat -x -f`.
 */
export type PbsFlavor = 'torque' | 'pro';

/**
 * PBS job states (qstat(1B)): Q queued, H held, W waiting, T in transit, S suspended, R running,
 * E exiting, C completed (Torque), F finished (PBS Pro), B array begun, X subjob finished.
 */
const PENDING_STATES = new Set(['Q', 'H', 'W', 'T', 'M']);
const RUNNING_STATES = new Set(['R', 'E', 'S', 'U', 'B']);
const ENDED_STATES = new Set(['C', 'F', 'X']);

/** PBS: `qsub` to submit, `qstat -f` to poll, `qdel` to cancel. */
export class PbsScheduler implements SchedulerAdapter {
  readonly kind = 'pbs' as const;

  constructor(private readonly flavor: PbsFlavor = 'torque') {}

  renderScript(spec: BatchJobSpec): string {
    const directives = [
      `-N ${spec.name}`,
      `-o ${spec.runDir}/job.out`,
      '-j oe',
      // Not rerunnable: a rerun would run the harness twice into the same output folder.
      '-r n',
      `-l walltime=${formatWalltime(spec.wallSeconds)}`,
    ];
    if (this.flavor === 'pro') {
      const gpus = spec.gpus > 0 ? `:ngpus=${spec.gpus}` : '';
      const model = spec.gpus > 0 && spec.gpuModel ? `:gpu_model=${spec.gpuModel}` : '';
      directives.push(`-l select=1:ncpus=${spec.cpus}:mem=${spec.memoryMb}mb${gpus}${model}`);
    } else {
      const gpus = spec.gpus > 0 ? `:gpus=${spec.gpus}` : '';
      // Moab reads node features from `feature=`; sites name GPU nodes by model (v100, a100).
      const feature = spec.gpus > 0 && spec.gpuModel ? `,feature=${spec.gpuModel}` : '';
      directives.push(`-l nodes=1:ppn=${spec.cpus}${gpus}${feature}`);
      directives.push(`-l mem=${spec.memoryMb}mb`);
    }
    if (spec.partition) directives.push(`-q ${spec.partition}`);
    if (spec.account) directives.push(`-A ${spec.account}`);
    return ['#!/bin/bash', ...directives.map((directive) => `#PBS ${directive}`), spec.body].join(
      '\n',
    );
  }

  submitCommand(scriptPath: string): string {
    return `qsub ${shellQuote(scriptPath)}`;
  }

  /** `qsub` prints `<sequence>.<server>` (Torque, PBS Pro) or a bare number (wrappers). */
  parseSubmitOutput(stdout: string): string {
    const line =
      stdout
        .trim()
        .split('\n')
        .map((entry) => entry.trim())
        .filter(Boolean)
        .at(-1) ?? '';
    return checkJobId(line, 'qsub');
  }

  statusCommand(jobId: string): string {
    return `qstat${this.flavor === 'pro' ? ' -x' : ''} -f ${shellQuote(jobId)}`;
  }

  parseStatus(jobId: string, stdout: string): ClusterJobStatus {
    const attributes = parseQstatFull(stdout);
    const state = attributes.get('job_state');
    if (state === undefined) {
      if (/Job Id:/.test(stdout)) {
        throw new SchedulerOutputError('qstat -f', stdout, `no job_state for job ${jobId}`);
      }
      // `qstat: Unknown Job Id`: Torque forgot a finished job after keep_completed.
      return { jobId, phase: 'unknown', state: stdout.trim().slice(0, 200) || 'no record' };
    }
    const node = attributes.get('exec_host')?.split('/')[0];
    const reason = attributes.get('comment');
    const base = { jobId, state, node, reason };
    if (PENDING_STATES.has(state)) return { ...base, phase: 'pending' };
    if (RUNNING_STATES.has(state)) return { ...base, phase: 'running' };
    if (!ENDED_STATES.has(state)) return { ...base, phase: 'unknown' };

    // Torque writes `exit_status`, PBS Pro `Exit_status`.
    const raw = attributes.get('exit_status') ?? attributes.get('Exit_status');
    const exitCode = raw !== undefined && /^-?\d+$/.test(raw) ? Number(raw) : undefined;
    return { ...base, phase: 'ended', exitCode, ended: endFromExitStatus(exitCode, reason) };
  }

  cancelCommand(jobId: string): string {
    return `qdel ${shellQuote(jobId)}`;
  }

  /** Both PBS flavours append `=>> PBS: job killed: <resource> <used> exceeded limit <limit>` to the output. */
  classifyJobOutput(output: string): ClusterJobEnd | undefined {
    const killed = /PBS: job killed: (\w+) \S+ exceeded limit/.exec(output);
    if (!killed) return undefined;
    if (killed[1] === 'walltime') return 'walltime';
    if (['mem', 'vmem', 'pmem', 'pvmem'].includes(killed[1])) return 'memory';
    return 'failed';
  }
}

/**
 * Reads `qstat -f` output: `Job Id: <id>` followed by `    name = value` lines. Long values
 * continue on lines that start with a tab (Torque) or more spaces than the attribute lines.
 */
export function parseQstatFull(stdout: string): Map<string, string> {
  const attributes = new Map<string, string>();
  let last: string | undefined;
  for (const line of stdout.split('\n')) {
    // Torque and PBS Pro indent attributes by four spaces; Slurm's Torque wrapper uses a tab.
    const match = /^(?: {4}|\t)([A-Za-z_][\w.]*) = (.*)$/.exec(line);
    if (match) {
      last = match[1];
      attributes.set(last, match[2].trim());
    } else if (last && /^(\t| {5,})\S/.test(line)) {
      attributes.set(last, attributes.get(last) + line.trim());
    } else if (line.trim() !== '') {
      last = undefined;
    }
  }
  return attributes;
}

/**
 * Negative statuses come from the execution host, not the script (Torque JOB_EXEC_* codes: the job
 * could not start or its node failed); 256 + signal is Torque's form of a job killed by a signal.
 */
function endFromExitStatus(exitCode: number | undefined, comment?: string): ClusterJobEnd {
  if (comment && /exceeded resource walltime|walltime .* exceeded/i.test(comment))
    return 'walltime';
  if (comment && /exceeded resource (v?mem)|mem .* exceeded/i.test(comment)) return 'memory';
  if (exitCode === undefined) return 'failed';
  if (exitCode < 0) return 'node-failure';
  return exitCode === 0 ? 'completed' : 'failed';
}
