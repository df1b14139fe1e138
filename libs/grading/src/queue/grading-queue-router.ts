import { Queue, type ConnectionOptions } from 'bullmq';
import {
  GRADE_SUBMISSION_JOB,
  gradeSubmissionJobOptions,
  type GradeSubmissionJobData,
} from './grading-queue';
import { redisConnectionOptions } from './redis-connection';
import { queueForManifest, type QueueRoute } from './runner-queue';

/**
 * Puts each grading job on the queue its assignment requires: `practical` for `lane: practical`
 * (in-lecture checks on reserved worker slots), else by `runner`: the main `grading` queue, or
 * `grading-gpu-<model>` for Docker runs on a GPU model, which only workers of that model consume.
 * The main queue comes from Nest; the others are opened on first use and closed with the
 * application (Nest calls `onApplicationShutdown` on provider instances).
 */
export class GradingQueueRouter {
  private readonly opened = new Map<string, Queue<GradeSubmissionJobData>>();

  constructor(
    private readonly main: Queue<GradeSubmissionJobData>,
    private readonly connection: ConnectionOptions,
    private readonly attempts: number,
  ) {}

  queueFor(route: QueueRoute): Queue<GradeSubmissionJobData> {
    const name = queueForManifest(route, this.main.name);
    if (name === this.main.name) return this.main;
    let queue = this.opened.get(name);
    if (!queue) {
      queue = new Queue<GradeSubmissionJobData>(name, { connection: this.connection });
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
  main: Queue<GradeSubmissionJobData>,
  config: { redisUrl: string; worker: { infrastructureAttempts: number } },
): GradingQueueRouter {
  return new GradingQueueRouter(
    main,
    redisConnectionOptions(config.redisUrl),
    config.worker.infrastructureAttempts,
  );
}
