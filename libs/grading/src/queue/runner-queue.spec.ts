import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadHpcConfig, loadWorkerRunnerConfig } from '@dmlg/config';
import { gpuDeviceRequests } from '@dmlg/sandbox';
import { gpuQueueName, queueForRunner } from './runner-queue';

describe('runner routing', () => {
  it('GPU model queue', () => {
    assert.equal(
      queueForRunner({ kind: 'docker', gpus: 1, gpu_model: 'V100' }, 'grading'),
      'grading-gpu-v100',
    );
  });

  it('any-GPU job stays on the default queue', () => {
    assert.equal(queueForRunner({ kind: 'docker', gpus: 1 }, 'grading'), 'grading');
  });

  it('cluster job stays on the default queue', () => {
    assert.equal(
      queueForRunner({ kind: 'slurm', gpus: 1, gpu_model: 'a100' }, 'grading'),
      'grading',
    );
  });

  it('queue name lower-cases the model', () => {
    assert.equal(gpuQueueName('A100'), 'grading-gpu-a100');
  });

  it('no device request on CPU workers', () => {
    assert.equal(gpuDeviceRequests([]), undefined);
  });

  it('device request names the GPU', () => {
    assert.deepEqual(gpuDeviceRequests(['1']), [
      { Driver: 'nvidia', DeviceIDs: ['1'], Capabilities: [['gpu']] },
    ]);
  });

  it('worker GPUs from the environment', () => {
    const config = loadWorkerRunnerConfig({ DMLG_WORKER_GPUS: '2', DMLG_WORKER_GPU_MODEL: 'a100' });
    assert.deepEqual([config.runner, config.gpus, config.gpuModel], ['manifest', 2, 'a100']);
  });

  it('no cluster without a host', () => {
    assert.equal(loadHpcConfig({}), undefined);
  });

  it('half a cluster configuration is refused', () => {
    assert.throws(
      () => loadHpcConfig({ DMLG_HPC_HOST: 'login.hpc.example' }),
      /DMLG_HPC_SCHEDULER, DMLG_HPC_USER, DMLG_HPC_KEY_FILE, DMLG_HPC_HOST_KEY_SHA256, DMLG_HPC_WORK_DIR must be set/,
    );
  });

  it('module environment from setup lines', () => {
    const config = loadHpcConfig({
      DMLG_HPC_HOST: 'login.hpc.example',
      DMLG_HPC_SCHEDULER: 'pbs',
      DMLG_HPC_USER: 'dmlg',
      DMLG_HPC_KEY_FILE: '/etc/dmlg/id_ed25519',
      DMLG_HPC_HOST_KEY_SHA256: `SHA256:${'a'.repeat(43)}`,
      DMLG_HPC_WORK_DIR: '/home/dmlg/runs',
      DMLG_HPC_ENV_SETUP: 'module load python/3.11; source /home/dmlg/venv/bin/activate',
    });
    assert.deepEqual(config?.environment, {
      kind: 'host',
      python: 'python3',
      setup: ['module load python/3.11', 'source /home/dmlg/venv/bin/activate'],
    });
  });
});
