import { readFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import type { HpcConfig } from '@dmlg/config';
import { HpcDispatcher, PbsScheduler, SlurmScheduler, SshConnection } from '@dmlg/hpc';

/** Builds the cluster dispatcher from DMLG_HPC_* settings; connects lazily, on the first run. */
export function createHpcDispatcher(config: HpcConfig): HpcDispatcher {
  let privateKey: Buffer;
  try {
    privateKey = readFileSync(config.keyFile);
  } catch (error) {
    throw new Error(
      `cannot read the SSH key DMLG_HPC_KEY_FILE=${config.keyFile}: ${(error as Error).message}`,
    );
  }
  const connection = new SshConnection({
    host: config.host,
    port: config.port,
    username: config.username,
    privateKey,
    passphrase: config.keyPassphrase,
    hostKeySha256: config.hostKeySha256,
    readyTimeoutMs: config.connectTimeoutMs,
  });
  const scheduler =
    config.scheduler === 'slurm' ? new SlurmScheduler() : new PbsScheduler(config.pbsFlavor);
  new Logger('HpcDispatcher').log(
    `${config.scheduler} cluster ${connection.target}, work folder ${config.workDir}, environment ${config.environment.kind}`,
  );
  return new HpcDispatcher({
    scheduler,
    connection,
    workDir: config.workDir,
    environment: config.environment,
    pendingLimitSeconds: config.pendingLimitSeconds,
    walltimeGraceSeconds: config.walltimeGraceSeconds,
    poll: config.poll,
    defaultPartition: config.partition,
    account: config.account,
    keepRunFolders: config.keepRunFolders,
  });
}
