import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import { GradingRun, Submission } from '@dmlg/db';
import { GradingQueueRouter, parseManifest } from '@dmlg/grading';
import { AbandonedRunsService } from './abandoned-runs.service';
import { RUN_SILENCE_LIMIT_MS } from './run-heartbeat.service';

/** How often `running` submissions are checked, in milliseconds. */
const SWEEP_INTERVAL_MS = 15_000;
/**
 * Time allowed beyond the run's wall-clock limit for staging, collecting, scoring and recording,
 * in milliseconds. A healthy worker needs a few seconds; two minutes leaves room for a slow disk.
 */
export const STUCK_RUN_MARGIN_MS = 120_000;
/** Wall-clock limit assumed when a run row has none recorded, in seconds. */
const DEFAULT_WALL_SECONDS = 600;
/**
 * A run whose job is still active (its worker renews the lock) is left alone until this many
 * times its limit plus margin: the worker may be alive but hung in a Docker call.
 */
const HUNG_WORKER_FACTOR = 3;

/**
 * Finds submissions left `running` that no live worker will finish, because the worker died or
 * lost its container, or Redis lost the job. A submission counts as lost once its job has left
 * BullMQ (missing, completed or failed) and its run has gone quiet. A run with heartbeats is
 * quiet after RUN_SILENCE_LIMIT_MS without one. A run without them (no run row yet, or a worker
 * of an older version) is quiet when its wall-clock limit plus STUCK_RUN_MARGIN_MS has passed.
 * The run is recorded as an infrastructure fault (never the student's), and the submission is
 * re-queued while attempts remain (DMLG_INFRASTRUCTURE_ATTEMPTS) or failed with a message. A job
 * still waiting is left to BullMQ, and so is an active one, whose worker renews its lock, up to
 * HUNG_WORKER_FACTOR times the limit.
 */
@Injectable()
export class StuckRunSweeperService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(StuckRunSweeperService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(GradingQueueRouter) private readonly queues: GradingQueueRouter,
    @InjectRepository(Submission) private readonly submissions: Repository<Submission>,
    @InjectRepository(GradingRun) private readonly runs: Repository<GradingRun>,
    private readonly abandonedRuns: AbandonedRunsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Handles every stuck submission once; returns how many were re-queued or failed. */
  async sweep(now = new Date()): Promise<number> {
    try {
      const running = await this.submissions.find({
        where: {
          status: 'running',
          startedAt: LessThan(new Date(now.getTime() - RUN_SILENCE_LIMIT_MS)),
        },
        relations: { assignment: true },
        take: 200,
      });
      let handled = 0;
      for (const submission of running) {
        if (await this.recover(submission, now)) handled++;
      }
      return handled;
    } catch (error) {
      this.logger.error(`stuck-run sweep failed: ${(error as Error).message}`);
      return 0;
    }
  }

  private async recover(submission: Submission, now: Date): Promise<boolean> {
    const run = await this.runs.findOne({
      where: { submissionId: submission.id },
      order: { startedAt: 'DESC' },
    });
    const started = run?.startedAt ?? submission.startedAt ?? submission.createdAt;
    const wallSeconds = run?.limits?.wall_seconds ?? DEFAULT_WALL_SECONDS;
    const allowedMs = wallSeconds * 1000 + STUCK_RUN_MARGIN_MS;
    const ageMs = now.getTime() - started.getTime();
    // A recent heartbeat shows a live worker. Without heartbeats, only the wall-clock limit can.
    const heartbeat = run?.outcome === 'running' ? run.heartbeatAt : null;
    const silentMs = heartbeat ? now.getTime() - heartbeat.getTime() : null;
    if (silentMs === null ? ageMs <= allowedMs : silentMs <= RUN_SILENCE_LIMIT_MS) return false;

    // The job is looked for, and re-queued, on the queue of the submission's assignment version.
    if (!submission.assignment) return false;
    const route = parseManifest(
      submission.assignment.manifest,
      `assignment ${submission.assignment.slug} v${submission.assignment.version}`,
    );
    const job = await this.queues.queueFor(route).getJob(submission.id);
    const state = job ? await job.getState() : 'missing';
    const waiting = ['waiting', 'delayed', 'prioritized', 'waiting-children'].includes(state);
    if (waiting || (state === 'active' && ageMs <= allowedMs * HUNG_WORKER_FACTOR)) {
      this.logger.debug(
        `submission ${submission.id} running for ${Math.round(ageMs / 1000)} s with its job ${state}; left to BullMQ`,
      );
      return false;
    }

    const problem =
      silentMs === null
        ? `run lost: no result ${Math.round(ageMs / 1000)} s after it started (wall limit ${wallSeconds} s plus ${STUCK_RUN_MARGIN_MS / 1000} s margin; job ${state}); the worker died or lost its container`
        : `run lost: no heartbeat from worker ${run?.workerName} for ${Math.round(silentMs / 1000)} s (limit ${RUN_SILENCE_LIMIT_MS / 1000} s; job ${state}); the worker died, or stopped the run when Postgres failed and Redis then lost the job`;
    const attempts = submission.infrastructureAttempts + 1;
    const exhausted = attempts >= this.config.worker.infrastructureAttempts;
    if (run && run.outcome === 'running') {
      await this.runs.update(run.id, {
        outcome: 'infrastructure-error',
        finishedAt: now,
        errorMessage: problem,
      });
      // The run's worker died or hangs, so nothing else removes its container and volumes.
      await this.abandonedRuns.removeSandbox(run.id);
    }
    // Conditional on the status, so a worker that finishes meanwhile keeps its grade.
    const updated = await this.submissions
      .createQueryBuilder()
      .update()
      .set({
        infrastructureAttempts: attempts,
        status: exhausted ? 'failed' : 'queued',
        failureReason: exhausted
          ? `grading failed ${attempts} times because of a grader fault: ${problem}`
          : null,
      })
      .where('id = :id and status = :status', { id: submission.id, status: 'running' })
      .execute();
    if (!updated.affected) return false;

    if (exhausted) {
      this.logger.error(`submission ${submission.id} failed: ${problem}`);
      return true;
    }
    // NOTE: a job still `active` past the hung-worker limit stays with its worker, so the row,
    // now `queued`, waits for that worker to finish or die. BullMQ has no public call that takes a
    // locked job from a live worker. The Postgres limits in dataSourceOptions remove the likeliest
    // cause of such a hang, a query that waits forever.
    if (job && state !== 'active') await job.remove();
    if (state !== 'active') await this.queues.enqueue(submission.id, route);
    this.logger.warn(
      `submission ${submission.id} re-queued (attempt ${attempts}) by the stuck-run sweeper: ${problem}`,
    );
    return true;
  }
}
