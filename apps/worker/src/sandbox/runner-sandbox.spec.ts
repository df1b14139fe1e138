import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WorkerRunnerConfig } from '@dmlg/config';
import type { ManifestRunner } from '@dmlg/grading';
import {
  SandboxInfrastructureError,
  type Sandbox,
  type SandboxRunRequest,
  type SandboxRunResult,
} from '@dmlg/sandbox';
import { GpuPoolSandbox } from './gpu-pool-sandbox';
import { RunnerSandbox } from './runner-sandbox';

/**
 * Stands in for the Docker sandbox: GPU device requests cannot run on a machine without GPUs, and
 * what is tested here is the routing and the run record around it.
 */
class RecordingSandbox implements Sandbox {
  readonly runs: string[] = [];

  run(request: SandboxRunRequest): Promise<SandboxRunResult> {
    this.runs.push(request.runId);
    const now = new Date();
    return Promise.resolve({
      termination: 'exited',
      exitCode: 0,
      startedAt: now,
      finishedAt: now,
      imageDigest: 'sha256:abc',
      log: 'ok\n',
      logBytesDropped: 0,
      outputs: [],
      outputProblems: [],
      timings: { prepareMs: 0, runMs: 0, collectMs: 0, cleanupMs: 0 },
    });
  }
}

function request(runId: string): SandboxRunRequest {
  return { runId } as SandboxRunRequest;
}

function runnerSandbox(
  worker: WorkerRunnerConfig,
  docker: Sandbox,
  runner: ManifestRunner | undefined,
): RunnerSandbox {
  return new RunnerSandbox(worker, docker, undefined, undefined, () => Promise.resolve(runner));
}

const CPU_WORKER: WorkerRunnerConfig = { runner: 'manifest', gpus: 0 };
const A100_WORKER: WorkerRunnerConfig = {
  runner: 'manifest',
  gpus: 2,
  gpuModel: 'a100',
  gpuDriver: '550.54.15',
};
const NEEDS_A100: ManifestRunner = { kind: 'docker', gpus: 1, gpu_model: 'a100' };

describe('RunnerSandbox', () => {
  it('records a CPU run as docker', async () => {
    const result = await runnerSandbox(CPU_WORKER, new RecordingSandbox(), undefined).run(
      request('cpu-1'),
    );
    assert.deepEqual(result.placement, { runner: 'docker' });
  });

  it('records the GPU model, driver and device', async () => {
    const docker = new GpuPoolSandbox([
      { deviceId: '0', sandbox: new RecordingSandbox() },
      { deviceId: '1', sandbox: new RecordingSandbox() },
    ]);
    const result = await runnerSandbox(A100_WORKER, docker, NEEDS_A100).run(request('gpu-1'));
    assert.deepEqual(result.placement, {
      runner: 'docker',
      gpuDevice: '0',
      gpuModel: 'a100',
      gpuDriver: '550.54.15',
    });
    assert.match(result.log, /^\[dmlg\] GPU a100, driver 550\.54\.15\n/);
  });

  it('rejects a GPU model the worker lacks', async () => {
    const docker = new RecordingSandbox();
    const sandbox = runnerSandbox({ ...A100_WORKER, gpuModel: 'v100' }, docker, NEEDS_A100);
    await assert.rejects(sandbox.run(request('gpu-2')), (error: Error) => {
      assert.ok(error instanceof SandboxInfrastructureError);
      assert.match(error.message, /1 GPU of model a100 and this worker has 2 x v100/);
      assert.match(error.message, /queue grading-gpu-a100/);
      return true;
    });
    assert.deepEqual(docker.runs, []);
  });

  it('rejects a cluster assignment without a cluster', async () => {
    const sandbox = runnerSandbox(CPU_WORKER, new RecordingSandbox(), {
      kind: 'slurm',
      gpus: 0,
    });
    await assert.rejects(sandbox.run(request('hpc-1')), /DMLG_HPC_SCHEDULER=slurm/);
  });
});
