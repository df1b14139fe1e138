export * from './sandbox.types';
export { DockerSandbox, type DockerSandboxOptions } from './docker-sandbox';
export {
  removeOverdueRuns,
  removeSandboxLeftovers,
  type SandboxLeftoversRemoved,
} from './sandbox-leftovers';
export {
  DEADLINE_LABEL,
  InvalidSandboxRequestError,
  RUN_LABEL,
  validateRunRequest,
  WARM_LABEL,
  WORKER_LABEL,
} from './sandbox-request';
export { WarmPool, type WarmPoolOptions } from './warm-pool';
export { MAX_OUTPUT_ENTRIES, SANDBOX_GID, SANDBOX_UID } from './sandbox-archive';
export {
  ensureSandboxImage,
  SANDBOX_IMAGE_REPOSITORY,
  sandboxImageRecipeHash,
  sandboxImageTag,
  type SandboxImage,
} from './sandbox-image';
// Used by @dmlg/hpc to stage mounts and read outputs on a cluster with the same rules as Docker.
export { packMountArchive, readOutputArchive } from './sandbox-archive';
export { gpuDeviceRequests } from './docker-sandbox';
