import { Queue, type ConnectionOptions } from 'bullmq';
import {
  GRADE_SUBMISSION_JOB,
  RERUN_SUBMISSION_JOB,
  gradeSubmissionJobOptions,
  rerunSubmissionJobOptions,
  type GradingJobData,
} from './grading-queue';
import { redisConnectionOptions } from './redis-connection';
import { queueForManifest, type QueueRoute } from './runner-queue';

/**
 * Puts each grading job, a submission's or a rerun item's, on the queue its assignment requires:
 * `practical` for `lane: practical` (in-lecture checks on reserved worker slots), else by
 * `runner`: the main `grading` queue, or `grading-gpu-<model>` for Docker runs on a GPU model,
 * which only workers of that model consume.
 * The main queue comes from Nest; the others are opened on first use and closed with the
 * application (Nest calls `onApplicationShutdown` on provider instances).
 */
export class GradingQueueRouter {
  private readonly opened = new Map<string, Queue<GradingJobData>>();

  constructor(
    private readonly main: Queue<GradingJobData>,
    private readonly connection: ConnectionOptions,
    private readonly attempts: number,
  ) {}

  queueFor(route: QueueRoute): Queue<GradingJobData> {
    const name = queueForManifest(route, this.main.name);
    if (name === this.main.name) return this.main;
    let queue = this.opened.get(name);
    if (!queue) {
      queue = new Queue<GradingJobData>(name, { connection: this.connection });
      this.opened.set(name, queue);
    }
    return queue;
  }

  /** Adds the job; the job id is the submission id, so a second add while it exists is ignored. */
  async enqueue(submissionId: string, route: QueueRoute): Promise<string> {
    const queue = this.queueFor(route);
    await queue.add(
      GRADE_SUBMISSION_JOB,
      { submissionId },
      gradeSubmissionJobOptions(submissionId, this.attempts),
    );
    return queue.name;
  }

  /** Adds a rerun item's job; its id is derived from the item id, so an item is graded once per set. */
  async enqueueRerun(rerunItemId: string, route: QueueRoute): Promise<string> {
    const queue = this.queueFor(route);
    await queue.add(
      RERUN_SUBMISSION_JOB,
      { rerunItemId },
      rerunSubmissionJobOptions(rerunItemId, this.attempts),
    );
    return queue.name;
  }

  /** Removes a waiting job; returns 0 when a worker holds it (BullMQ's lock) or it is gone. */
  async remove(submissionId: string, route: QueueRoute): Promise<number> {
    return this.queueFor(route).remove(submissionId);
  }

  /** Returns whether the submission's job still exists on its queue, in any state. */
  async hasJob(submissionId: string, route: QueueRoute): Promise<boolean> {
    return (await this.queueFor(route).getJob(submissionId)) !== undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.opened.values()].map((queue) => queue.close()));
    this.opened.clear();
  }
}

/**
 * Builds the router both apps inject: over Nest's main `grading` queue, with the Redis URL and the
 * infrastructure attempts of the application's configuration.
 */
export function createGradingQueueRouter(
  main: Queue<GradingJobData>,
  config: { redisUrl: string; worker: { infrastructureAttempts: number } },
): GradingQueueRouter {
  return new GradingQueueRouter(
    main,
    redisConnectionOptions(config.redisUrl),
    config.worker.infrastructureAttempts,
  );
}
