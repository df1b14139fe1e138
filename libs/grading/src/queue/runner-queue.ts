import type { ManifestRunner } from '../manifest/assignment-manifest.schema';

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
