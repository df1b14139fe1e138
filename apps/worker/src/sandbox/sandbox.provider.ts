import { Logger, type Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import Docker from 'dockerode';
import type { DataSource } from 'typeorm';
import {
  APP_CONFIG,
  loadHpcConfig,
  loadWorkerRunnerConfig,
  type AppConfig,
  type WorkerRunnerConfig,
} from '@dmlg/config';
import { Assignment, GradingRun } from '@dmlg/db';
import { assignmentManifestSchema, type ManifestRunner } from '@dmlg/grading';
import { DockerSandbox, sandboxImageTag, WORKER_LABEL, type Sandbox } from '@dmlg/sandbox';
import { createHpcDispatcher } from '../hpc/hpc-dispatcher.factory';
import { GpuPoolSandbox } from './gpu-pool-sandbox';
import { RunnerSandbox, type RunnerLookup } from './runner-sandbox';

export const SANDBOX = Symbol('SANDBOX');
export const SANDBOX_IMAGE = Symbol('SANDBOX_IMAGE');
export const DOCKER = Symbol('DOCKER');

export const dockerProvider: Provider = {
  provide: DOCKER,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => new Docker({ socketPath: config.dockerSocket }),
};

/**
 * The worker's sandbox: a {@link RunnerSandbox} over the Docker sandbox (one per GPU on GPU
 * workers) and, when DMLG_HPC_HOST is set, the cluster dispatcher.
 */
export const sandboxProvider: Provider = {
  provide: SANDBOX,
  inject: [DOCKER, getDataSourceToken(), APP_CONFIG],
  useFactory: (docker: Docker, dataSource: DataSource, config: AppConfig): Sandbox => {
    const worker = loadWorkerRunnerConfig();
    const hpcConfig = loadHpcConfig();
    if (
      (worker.runner === 'slurm' || worker.runner === 'pbs') &&
      hpcConfig?.scheduler !== worker.runner
    ) {
      throw new Error(
        `DMLG_WORKER_RUNNER=${worker.runner} needs DMLG_HPC_HOST and DMLG_HPC_SCHEDULER=${worker.runner}; see docs/operators-guide.md`,
      );
    }
    return new RunnerSandbox(
      worker,
      dockerSandbox(docker, worker, config.worker),
      hpcConfig ? createHpcDispatcher(hpcConfig) : undefined,
      hpcConfig?.scheduler,
      runnerLookup(dataSource),
    );
  },
};

/**
 * One Docker sandbox, or on a GPU worker one per GPU (device ids 0..n-1), each keeping
 * DMLG_WORKER_WARM_CONTAINERS pre-created containers for practical-lane runs. Every container
 * and volume is labelled with the worker's name, so an operator sees whose it is.
 */
function dockerSandbox(
  docker: Docker,
  worker: WorkerRunnerConfig,
  identity: AppConfig['worker'],
): Sandbox {
  const common = {
    labels: { [WORKER_LABEL]: identity.name },
    warmPool: { size: identity.warmContainers },
  };
  if (worker.gpus === 0) return new DockerSandbox(docker, common);
  new Logger('Sandbox').log(`GPU worker: ${worker.gpus} x ${worker.gpuModel ?? 'unnamed model'}`);
  return new GpuPoolSandbox(
    Array.from({ length: worker.gpus }, (_, index) => ({
      deviceId: String(index),
      sandbox: new DockerSandbox(docker, { ...common, gpuDeviceIds: [String(index)] }),
    })),
  );
}

/** Reads the `runner` of the assignment whose grading run has the sandbox run's id. */
function runnerLookup(dataSource: DataSource): RunnerLookup {
  return async (runId) => {
    const run = await dataSource.getRepository(GradingRun).findOne({ where: { id: runId } });
    if (!run) return undefined;
    const assignment = await dataSource
      .getRepository(Assignment)
      .findOne({ where: { id: run.assignmentId } });
    const parsed = assignmentManifestSchema.safeParse(assignment?.manifest);
    return parsed.success ? (parsed.data.runner as ManifestRunner | undefined) : undefined;
  };
}

/** The image every run uses: `DMLG_SANDBOX_IMAGE`, else the tag computed from docker/cpu's recipe. */
export const sandboxImageProvider: Provider = {
  provide: SANDBOX_IMAGE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): string => {
    const image = config.sandboxImage ?? sandboxImageTag(config.repositoryRoot);
    new Logger('Sandbox').log(`sandbox image ${image}`);
    return image;
  },
};
