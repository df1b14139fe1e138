import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import { Submission } from '@dmlg/db';
import { GradingQueueRouter, parseManifest } from '@dmlg/grading';

/** How often committed but unqueued submissions are looked for, in milliseconds. */
const SWEEP_INTERVAL_MS = 30_000;
/** Age after which a `queued` row without a job is re-enqueued; the API enqueues within milliseconds. */
const QUEUED_GRACE_MS = 15_000;

/**
 * Re-enqueues submissions that are committed as `queued` but have no live job, e.g. when the API
 * crashed between the insert and the enqueue, Redis lost its data, or the job ended as failed
 * while the row could not be updated. The job id is the submission id, so a submission whose job
 * is still waiting, delayed or active is not enqueued twice. Each submission is looked up on its
 * assignment's queue (`practical`, a GPU queue or `grading`), so a practical job still waiting
 * its turn is not mistaken for a lost one.
 */
@Injectable()
export class QueuedSubmissionRecoveryService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(QueuedSubmissionRecoveryService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(GradingQueueRouter) private readonly queues: GradingQueueRouter,
    @InjectRepository(Submission) private readonly submissions: Repository<Submission>,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref();
    void this.sweep();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    try {
      const stale = await this.submissions.find({
        where: { status: 'queued', createdAt: LessThan(new Date(Date.now() - QUEUED_GRACE_MS)) },
        relations: { assignment: true },
        take: 500,
      });
      let enqueued = 0;
      for (const { id, assignment } of stale) {
        if (!assignment) continue;
        const manifest = parseManifest(
          assignment.manifest,
          `assignment ${assignment.slug} v${assignment.version}`,
        );
        const existing = await this.queues.queueFor(manifest).getJob(id);
        if (existing) {
          // A finished job of a row still `queued` will never run again: BullMQ failed it (e.g. a
          // stall past its limit, or the last attempt while Postgres could not record it), so it
          // makes way for a new one under the same id.
          const state = await existing.getState();
          if (state !== 'failed' && state !== 'completed') {
            this.logger.debug(`submission ${id} queued with its job ${state}; left to BullMQ`);
            continue;
          }
          await existing.remove();
        }
        await this.queues.enqueue(id, manifest);
        enqueued++;
      }
      if (enqueued)
        this.logger.warn(`re-enqueued ${enqueued} queued submission(s) that had no job`);
      return enqueued;
    } catch (error) {
      this.logger.error(`recovery sweep failed: ${(error as Error).message}`);
      return 0;
    }
  }
}
