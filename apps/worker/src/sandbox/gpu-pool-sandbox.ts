import { Logger } from '@nestjs/common';
import type { Sandbox, SandboxRunRequest, SandboxRunResult } from '@dmlg/sandbox';

/**
 * Docker sandboxes of a GPU worker, one per GPU, each bound to its device. A run leases a free
 * one and waits (first come, first served) while every GPU is busy, so a worker never runs two
 * jobs on one GPU whatever DMLG_WORKER_CONCURRENCY says.
 */
export class GpuPoolSandbox implements Sandbox {
  private readonly logger = new Logger(GpuPoolSandbox.name);
  private readonly all: { deviceId: string; sandbox: Sandbox }[];
  private readonly free: { deviceId: string; sandbox: Sandbox }[];
  private readonly waiting: ((lease: { deviceId: string; sandbox: Sandbox }) => void)[] = [];

  constructor(sandboxes: { deviceId: string; sandbox: Sandbox }[]) {
    if (sandboxes.length === 0) throw new Error('a GPU pool needs at least one GPU');
    this.all = [...sandboxes];
    this.free = [...sandboxes];
  }

  async run(request: SandboxRunRequest): Promise<SandboxRunResult> {
    const lease = await this.acquire();
    this.logger.log(`run ${request.runId}: on GPU ${lease.deviceId}`);
    try {
      const result = await lease.sandbox.run(request);
      return {
        ...result,
        placement: { runner: 'docker', ...result.placement, gpuDevice: lease.deviceId },
      };
    } finally {
      const next = this.waiting.shift();
      if (next) next(lease);
      else this.free.push(lease);
    }
  }

  /**
   * Kills the run's container on whichever GPU runs it. A run still waiting for a GPU is not
   * found; the grading service sees the cancellation when that run returns.
   */
  async cancel(runId: string): Promise<boolean> {
    const found = await Promise.all(
      this.all.map((lease) => lease.sandbox.cancel?.(runId) ?? Promise.resolve(false)),
    );
    return found.some(Boolean);
  }

  /** Closes every GPU's sandbox (their pre-created containers go). */
  async close(): Promise<void> {
    await Promise.all(this.all.map((lease) => lease.sandbox.close?.()));
  }

  private acquire(): Promise<{ deviceId: string; sandbox: Sandbox }> {
    const lease = this.free.shift();
    if (lease) return Promise.resolve(lease);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}
