import type { AssignmentManifest, ManifestRunner } from '../manifest/assignment-manifest.schema';

/** Queue of Docker jobs that need a GPU of one model: `grading-gpu-<model>`, consumed only by workers of that model. */
export function gpuQueueName(model: string): string {
  return `grading-gpu-${model.toLowerCase()}`;
}

/**
 * The queue a submission's job belongs on: `grading` for CPU and cluster runs (any worker with
 * the dispatcher configured takes them), `grading-gpu-<model>` for Docker runs on a GPU model, so
 * that such jobs wait for a matching worker instead of running elsewhere.
 */
export function queueForRunner(runner: ManifestRunner | undefined, defaultQueue: string): string {
  if (runner && runner.kind === 'docker' && runner.gpus > 0 && runner.gpu_model) {
    return gpuQueueName(runner.gpu_model);
  }
  return defaultQueue;
}

/**
 * Queue of `lane: practical` assignments: short in-lecture checks. Workers consume it with slots of
 * its own (DMLG_WORKER_PRACTICAL_SLOTS), so a full `grading` queue does not delay these jobs.
 */
export const PRACTICAL_QUEUE = 'practical';

/** The parts of a manifest that decide its queue. */
export type QueueRoute = Pick<AssignmentManifest, 'runner' | 'lane'>;

/** The queue of an assignment's jobs: {@link PRACTICAL_QUEUE} for the practical lane, else by runner. */
export function queueForManifest(route: QueueRoute, defaultQueue: string): string {
  if (route.lane === 'practical') return PRACTICAL_QUEUE;
  return queueForRunner(route.runner, defaultQueue);
}
