import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type Docker from 'dockerode';
import { ensureSandboxImage, removeOverdueRuns, removeSandboxLeftovers } from '@dmlg/sandbox';
import { APP_CONFIG, loadWorkerRunnerConfig, type AppConfig } from '@dmlg/config';
import { DOCKER, SANDBOX_IMAGE } from './sandbox.provider';

/** How often run containers are checked against their deadline label, in milliseconds. */
const OVERDUE_CHECK_MS = 60_000;

/**
 * Checks at start that the sandbox image exists (so a missing image stops the worker with the
 * command that builds it) and removes containers and volumes left by a worker that crashed.
 * Every minute it also removes run containers past their deadline, whichever worker started them.
 */
@Injectable()
export class SandboxJanitorService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SandboxJanitorService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DOCKER) private readonly docker: Docker,
    @Inject(SANDBOX_IMAGE) private readonly image: string,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const runner = loadWorkerRunnerConfig().runner;
    if (runner === 'slurm' || runner === 'pbs') {
      // A dispatcher worker runs nothing in Docker and may live on a machine without an engine.
      this.logger.log(`worker ${this.config.worker.name} ready (dispatching to ${runner})`);
      return;
    }
    if (this.config.sandboxImage) {
      await this.docker
        .getImage(this.image)
        .inspect()
        .catch((error: Error) => {
          throw new Error(
            `sandbox image ${this.image} (DMLG_SANDBOX_IMAGE) is not available: ${error.message}. Build it with npm run image:build or unset DMLG_SANDBOX_IMAGE.`,
          );
        });
    } else {
      await ensureSandboxImage(this.docker, this.config.repositoryRoot, this.logger);
    }
    // NOTE: several workers on one Docker engine could remove each other's live runs here, so only
    // leftovers older than two hours (well past any wall-clock limit) are removed.
    await removeSandboxLeftovers(this.docker, this.logger, 2 * 3600 * 1000);
    this.timer = setInterval(() => void this.removeOverdue(), OVERDUE_CHECK_MS);
    this.timer.unref();
    this.logger.log(`worker ${this.config.worker.name} ready`);
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async removeOverdue(): Promise<void> {
    try {
      await removeOverdueRuns(this.docker, this.logger);
    } catch (error) {
      this.logger.error(`overdue run check failed: ${(error as Error).message}`);
    }
  }
}
