export * from './batch-job';
export {
  HpcDispatcher,
  cutHeadTail,
  type HpcDispatcherOptions,
  type HpcJobResources,
} from './hpc-dispatcher';
export { describeEnvironment, type HpcEnvironment } from './hpc-environment';
export { apptainerCommand, JOB_FILES, renderEnvFile, renderJobBody } from './job-script';
export { PbsScheduler, parseQstatFull, type PbsFlavor } from './pbs-scheduler';
export { shellCommand, shellQuote } from './shell-quote';
export { SlurmScheduler } from './slurm-scheduler';
export {
  hostKeyFingerprint,
  SshConnection,
  SshError,
  type CommandResult,
  type SshConnectionOptions,
} from './ssh-connection';
