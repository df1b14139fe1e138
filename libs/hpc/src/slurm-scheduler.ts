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

/** Slurm job states (squeue(1), "JOB STATE CODES") and what each means for a grading run. */
const PENDING_STATES = new Set([
  'PENDING',
  'REQUEUED',
  'REQUEUE_HOLD',
  'REQUEUE_FED',
  'RESV_DEL_HOLD',
]);
const RUNNING_STATES = new Set([
  'CONFIGURING',
  'RUNNING',
  'COMPLETING',
  'SUSPENDED',
  'STOPPED',
  'SIGNALING',
  'RESIZING',
  'STAGE_OUT',
]);
const ENDED_STATES: Record<string, ClusterJobEnd> = {
  COMPLETED: 'completed',
  FAILED: 'failed',
  SPECIAL_EXIT: 'failed',
  TIMEOUT: 'walltime',
  DEADLINE: 'walltime',
  OUT_OF_MEMORY: 'memory',
  CANCELLED: 'cancelled',
  REVOKED: 'cancelled',
  NODE_FAIL: 'node-failure',
  BOOT_FAIL: 'node-failure',
  PREEMPTED: 'preempted',
};

/**
 * Slurm: `sbatch --parsable` to submit, `scontrol show job -o` for jobs slurmctld still holds
 * (MinJobAge, 300 s by default) and `sacct` for older ones (needs slurmdbd), `scancel` to cancel.
 */
export class SlurmScheduler implements SchedulerAdapter {
  readonly kind = 'slurm' as const;

  renderScript(spec: BatchJobSpec): string {
    const directives = [
      `--job-name=${spec.name}`,
      `--output=${spec.runDir}/job.out`,
      `--chdir=${spec.runDir}`,
      '--nodes=1',
      '--ntasks=1',
      `--cpus-per-task=${spec.cpus}`,
      `--mem=${spec.memoryMb}M`,
      `--time=${formatWalltime(spec.wallSeconds)}`,
      // A requeued job would run the harness twice into the same output folder.
      '--no-requeue',
    ];
    if (spec.partition) directives.push(`--partition=${spec.partition}`);
    if (spec.account) directives.push(`--account=${spec.account}`);
    if (spec.gpus > 0) {
      directives.push(`--gres=gpu:${spec.gpuModel ? `${spec.gpuModel}:` : ''}${spec.gpus}`);
    }
    return [
      '#!/bin/bash',
      ...directives.map((directive) => `#SBATCH ${directive}`),
      spec.body,
    ].join('\n');
  }

  submitCommand(scriptPath: string): string {
    return `sbatch --parsable ${shellQuote(scriptPath)}`;
  }

  /** `--parsable` prints `<job id>` or `<job id>;<cluster>`. */
  parseSubmitOutput(stdout: string): string {
    const line = stdout.trim().split('\n').at(-1) ?? '';
    return checkJobId(line.split(';')[0].trim(), 'sbatch --parsable');
  }

  statusCommand(jobId: string): string {
    const id = shellQuote(jobId);
    return `scontrol show job -o ${id} 2>/dev/null || sacct -X -n -P -j ${id} -o JobID,State,ExitCode,NodeList`;
  }

  parseStatus(jobId: string, stdout: string): ClusterJobStatus {
    const text = stdout.trim();
    if (text.includes('JobId=')) {
      return this.parseScontrol(jobId, text);
    }
    const row = text
      .split('\n')
      .map((line) => line.split('|'))
      .find((fields) => fields[0] === jobId && fields.length >= 3);
    if (row) {
      return this.status(jobId, row[1], { exitCode: row[2], node: row[3] });
    }
    return { jobId, phase: 'unknown', state: text === '' ? 'no record' : text.slice(0, 200) };
  }

  cancelCommand(jobId: string): string {
    return `scancel ${shellQuote(jobId)}`;
  }

  /** Slurm prints the walltime and memory kills in the job's own output file. */
  classifyJobOutput(output: string): ClusterJobEnd | undefined {
    if (/slurmstepd: error: \*\*\* JOB \d+ .*CANCELLED .* DUE TO TIME LIMIT/.test(output)) {
      return 'walltime';
    }
    if (/slurmstepd: error: Detected \d+ oom[-_]kill event/i.test(output)) {
      return 'memory';
    }
    return undefined;
  }

  private parseScontrol(jobId: string, text: string): ClusterJobStatus {
    const fields = new Map<string, string>();
    for (const match of text.matchAll(/(?:^|\s)([A-Za-z:/_]+)=(\S*)/g)) {
      if (!fields.has(match[1])) fields.set(match[1], match[2]);
    }
    const state = fields.get('JobState');
    if (!state) {
      throw new SchedulerOutputError('scontrol show job -o', text, `no JobState for job ${jobId}`);
    }
    const node = fields.get('BatchHost') ?? fields.get('NodeList');
    return this.status(jobId, state, {
      exitCode: fields.get('ExitCode'),
      node: node && node !== '(null)' ? node : undefined,
      reason: fields.get('Reason'),
    });
  }

  private status(
    jobId: string,
    rawState: string,
    extra: { exitCode?: string; node?: string; reason?: string },
  ): ClusterJobStatus {
    // sacct prints `CANCELLED by 0`; scontrol may append `+` flags in newer versions.
    const state = rawState.split(/[\s+]/)[0].toUpperCase();
    const reason = extra.reason && extra.reason !== 'None' ? extra.reason : undefined;
    const base = { jobId, state, reason, node: extra.node || undefined };
    // ExitCode is `<exit status>:<signal>`.
    const [code] = (extra.exitCode ?? '').split(':');
    const exitCode = /^\d+$/.test(code ?? '') ? Number(code) : undefined;
    if (PENDING_STATES.has(state)) return { ...base, phase: 'pending' };
    if (RUNNING_STATES.has(state)) return { ...base, phase: 'running' };
    const ended = ENDED_STATES[state];
    if (ended) return { ...base, phase: 'ended', ended, exitCode };
    return { ...base, phase: 'unknown' };
  }
}
