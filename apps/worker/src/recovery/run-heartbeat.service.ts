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
 * Silence after which a run's worker counts as gone, in ms: six missed heartbeats. A run whose
 * job has also left BullMQ (Redis lost it, or it was delayed and then lost) is re-queued after
 * this, instead of after its wall-clock limit.
 */
export const RUN_SILENCE_LIMIT_MS = 60_000;

/**
 * Tells the other workers which submission runs this process is still working on, through
 * Postgres: one UPDATE per interval for all of them. Redis cannot carry this sign of life, because
 * the case it exists for is Redis having lost the job while its worker is still running it.
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

  /** Starts stamping `runId`; the run row was created with its first heartbeat. */
  track(runId: string): void {
    this.inProgress.add(runId);
  }

  /** Stops stamping `runId`, whatever the run came to. */
  untrack(runId: string): void {
    this.inProgress.delete(runId);
  }

  /** Stamps every tracked run still `running`; returns how many rows it updated. */
  async beat(now = new Date()): Promise<number> {
    if (this.inProgress.size === 0) return 0;
    try {
      const result = await this.runs.update(
        { id: In([...this.inProgress]), outcome: 'running' },
        { heartbeatAt: now },
      );
      if (this.failing) this.logger.log('run heartbeats written again');
      this.failing = false;
      return result.affected ?? 0;
    } catch (error) {
      // Logged once per outage: the grading of the same runs reports the outage itself.
      if (!this.failing) {
        this.logger.warn(
          `could not write the heartbeat of runs ${[...this.inProgress].join(', ')}: ${(error as Error).message}`,
        );
      }
      this.failing = true;
      return 0;
    }
  }
}
