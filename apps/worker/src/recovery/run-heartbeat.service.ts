import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { GradingRun } from '@dmlg/db';

/** How often this worker stamps `heartbeat_at` on the submission runs it has in progress, in ms. */
export const RUN_HEARTBEAT_INTERVAL_MS = 10_000;

/**
 * Silence after which a run's worker counts as gone, in ms (six heartbeat intervals). A run whose
 * job has also left BullMQ is re-queued after this instead of after its wall-clock limit.
 */
export const RUN_SILENCE_LIMIT_MS = 60_000;

/**
 * Stamps the submission runs this process is working on, with one UPDATE per interval, so that
 * other workers' sweepers see them alive. Postgres carries the stamp because Redis may have lost
 * the very job whose worker is still running it.
 */
@Injectable()
export class RunHeartbeatService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RunHeartbeatService.name);
  private readonly inProgress = new Set<string>();
  private timer?: NodeJS.Timeout;
  private failing = false;

  constructor(@InjectRepository(GradingRun) private readonly runs: Repository<GradingRun>) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.beat(), RUN_HEARTBEAT_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Adds `runId` to the stamped runs. The run row is created with its first heartbeat. */
  track(runId: string): void {
    this.inProgress.add(runId);
  }

  /** Removes `runId` from the stamped runs, whatever the run's outcome. */
  untrack(runId: string): void {
    this.inProgress.delete(runId);
  }

  /** Stamps every tracked run that is still `running` and returns how many rows it updated. */
  async beat(now = new Date()): Promise<number> {
    if (this.inProgress.size === 0) return 0;
    try {
      const result = await this.runs.update(
        { id: In([...this.inProgress]), outcome: 'running' },
        { heartbeatAt: now },
      );
      if (this.failing) this.logger.log('run heartbeats are written again');
      this.failing = false;
      return result.affected ?? 0;
    } catch (error) {
      // Logged once per outage, because the grading of the same runs logs the outage too.
      if (!this.failing) {
        this.logger.warn(
          `failed to write the heartbeat of runs ${[...this.inProgress].join(', ')}, retrying every ${RUN_HEARTBEAT_INTERVAL_MS / 1000} s: ${(error as Error).message}`,
        );
      }
      this.failing = true;
      return 0;
    }
  }
}
