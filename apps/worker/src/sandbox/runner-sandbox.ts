import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { WorkerRunnerConfig } from '@dmlg/config';
import { gpuQueueName, type ManifestRunner } from '@dmlg/grading';
import type { HpcDispatcher } from '@dmlg/hpc';
import {
  SandboxInfrastructureError,
  type Sandbox,
  type SandboxRunRequest,
  type SandboxRunResult,
} from '@dmlg/sandbox';

/** Finds the `runner` of the assignment a run belongs to (undefined: Docker, no GPU). */
export type RunnerLookup = (runId: string) => Promise<ManifestRunner | undefined>;

/**
 * The worker's sandbox: sends each run to the Docker sandbox or to the cluster dispatcher, by the
 * worker's DMLG_WORKER_RUNNER or else by the assignment's `runner`. A run this worker cannot
 * serve (a GPU model it lacks, a cluster it has no configuration for) fails as an infrastructure
 * fault naming the setting to change, so it is retried and never counts against the student.
 */
export class RunnerSandbox implements Sandbox, OnApplicationShutdown {
  private readonly logger = new Logger(RunnerSandbox.name);

  constructor(
    private readonly worker: WorkerRunnerConfig,
    private readonly docker: Sandbox,
    private readonly hpc: HpcDispatcher | undefined,
    private readonly hpcScheduler: 'slurm' | 'pbs' | undefined,
    private readonly lookup: RunnerLookup,
  ) {}

  async run(request: SandboxRunRequest): Promise<SandboxRunResult> {
    const runner = await this.lookup(request.runId);
    const kind =
      this.worker.runner === 'manifest' ? (runner?.kind ?? 'docker') : this.worker.runner;
    const gpus = runner?.gpus ?? 0;
    if (kind === 'docker') {
      this.checkGpus(request.runId, runner);
      const result = await this.docker.run(request);
      if (gpus === 0 || this.worker.gpus === 0) {
        return { ...result, placement: { runner: 'docker', ...result.placement } };
      }
      // The student sees the GPU in the log too; the run record keeps it in `placement`.
      const header = `[dmlg] GPU ${this.worker.gpuModel ?? 'unknown model'}, driver ${this.worker.gpuDriver ?? 'unknown'}\n`;
      return {
        ...result,
        log: header + result.log,
        placement: {
          runner: 'docker',
          ...result.placement,
          gpuModel: this.worker.gpuModel,
          gpuDriver: this.worker.gpuDriver,
        },
      };
    }
    if (!this.hpc || this.hpcScheduler !== kind) {
      throw new SandboxInfrastructureError(
        'select runner',
        `run ${request.runId}`,
        new Error(
          `the assignment runs on ${kind}, but this worker has ${this.hpc ? `a ${this.hpcScheduler} cluster` : 'no cluster'} configured; set DMLG_HPC_HOST and DMLG_HPC_SCHEDULER=${kind} (docs/operators-guide.md)`,
        ),
      );
    }
    return this.hpc.dispatch(request, {
      gpus,
      gpuModel: runner?.gpu_model,
      partition:
        kind === 'pbs'
          ? (runner?.queue ?? runner?.partition)
          : (runner?.partition ?? runner?.queue),
    });
  }

  /** Cancels the run in Docker or on the cluster, wherever this worker sent it. */
  async cancel(runId: string): Promise<boolean> {
    if (await (this.docker.cancel?.(runId) ?? Promise.resolve(false))) return true;
    return this.hpc ? this.hpc.cancel(runId) : false;
  }

  /** Closes the cluster connection and removes the Docker sandbox's pre-created containers. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.hpc?.close(), this.docker.close?.()]);
  }

  private checkGpus(runId: string, runner: ManifestRunner | undefined): void {
    if (!runner || runner.gpus === 0) return;
    const model = runner.gpu_model;
    if (this.worker.gpus < runner.gpus || (model && this.worker.gpuModel !== model)) {
      const required = `${runner.gpus} GPU${runner.gpus > 1 ? 's' : ''}${model ? ` of model ${model}` : ''}`;
      const available =
        this.worker.gpus > 0
          ? `${this.worker.gpus} x ${this.worker.gpuModel ?? 'unnamed model'}`
          : 'no GPUs';
      this.logger.warn(`run ${runId}: needs ${required}; this worker has ${available}`);
      throw new SandboxInfrastructureError(
        'select worker',
        `run ${runId}`,
        new Error(
          `the assignment needs ${required} and this worker has ${available}${model ? `; such jobs belong on queue ${gpuQueueName(model)}` : ''}`,
        ),
      );
    }
  }
}
