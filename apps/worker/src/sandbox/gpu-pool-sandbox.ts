import { Logger } from '@nestjs/common';
import type { Sandbox, SandboxRunRequest, SandboxRunResult } from '@dmlg/sandbox';

/**
 * Docker sandboxes of a GPU worker, one per GPU, each bound to its device. A run leases a free
 * one and waits (first come, first served) while every GPU is busy, so a worker never runs two
 * jobs on one GPU whatever DMLG_WORKER_CONCURRENCY says.
 */
export class GpuPoolSandbox implements Sandbox {
  private readonly logger = new Logger(GpuPoolSandbox.name);
  private readonly free: { deviceId: string; sandbox: Sandbox }[];
  private readonly waiting: ((lease: { deviceId: string; sandbox: Sandbox }) => void)[] = [];

  constructor(sandboxes: { deviceId: string; sandbox: Sandbox }[]) {
    if (sandboxes.length === 0) throw new Error('a GPU pool needs at least one GPU');
    this.free = [...sandboxes];
  }

  async run(request: SandboxRunRequest): Promise<SandboxRunResult> {
    const lease = await this.acquire();
    this.logger.log(`run ${request.runId}: on GPU ${lease.deviceId}`);
    try {
      return await lease.sandbox.run(request);
    } finally {
      const next = this.waiting.shift();
      if (next) next(lease);
      else this.free.push(lease);
    }
  }

  private acquire(): Promise<{ deviceId: string; sandbox: Sandbox }> {
    const lease = this.free.shift();
    if (lease) return Promise.resolve(lease);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}
