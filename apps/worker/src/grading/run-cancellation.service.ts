import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import type { Sandbox } from '@dmlg/sandbox';
import { SANDBOX } from '../sandbox/sandbox.provider';

/** How often this worker looks for cancelled submissions among its own runs, in milliseconds. */
const CANCEL_POLL_MS = 1_000;

/**
 * Stops the sandbox runs of submissions that were cancelled while running. The API marks the
 * submission (`cancel_requested_at`); this service finds this worker's unfinished runs of such
 * submissions and has the sandbox stop them (kill the container, or cancel the cluster job).
 * The grading service then records the submission as cancelled instead of grading it.
 *
 * Postgres rather than a Redis message carries the request, so one sent while this worker was
 * disconnected from Redis is not lost.
 */
@Injectable()
export class RunCancellationService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RunCancellationService.name);
  private readonly stopping = new Set<string>();
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SANDBOX) private readonly sandbox: Sandbox,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.poll(), CANCEL_POLL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Stops every run of this worker whose submission was cancelled; returns how many it found. */
  async poll(): Promise<number> {
    if (this.polling || !this.sandbox.cancel) return 0;
    this.polling = true;
    try {
      const rows: { run_id: string; submission_id: string }[] = await this.dataSource.query(
        `select run.id as run_id, run.submission_id
           from grading_runs run
           join submissions submission on submission.id = run.submission_id
          where submission.status = 'running'
            and submission.cancel_requested_at is not null
            and run.finished_at is null
            and run.worker_name = $1`,
        [this.config.worker.name],
      );
      for (const row of rows) {
        if (this.stopping.has(row.run_id)) continue;
        this.stopping.add(row.run_id);
        const found = await this.sandbox.cancel(row.run_id);
        this.logger.warn(
          `submission ${row.submission_id} cancelled: run ${row.run_id} ${found ? 'stopped' : 'not found in the sandbox; it is discarded when it returns'}`,
        );
      }
      // Forget runs that have finished, so the set stays as small as the runs in progress.
      const current = new Set(rows.map((row) => row.run_id));
      for (const runId of this.stopping) if (!current.has(runId)) this.stopping.delete(runId);
      return rows.length;
    } catch (error) {
      this.logger.error(`cancellation poll failed: ${(error as Error).message}`);
      return 0;
    } finally {
      this.polling = false;
    }
  }
}
