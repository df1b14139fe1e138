import type { LoggerService } from '@nestjs/common';
import type Docker from 'dockerode';
import { dockerCall, dockerStatusCode } from './docker-call';
import { DEADLINE_LABEL, RUN_LABEL } from './sandbox-request';

export interface SandboxLeftoversRemoved {
  containers: number;
  volumes: number;
  /** Containers and volumes that matched but could not be removed; each failure is logged. */
  failures: number;
}

/**
 * Removes the containers and then the volumes labelled `dmlg.run`, which runs leave behind only
 * when their process died before cleanup. With `olderThanMs`, only objects created at least that
 * long ago are removed, so that the runs in flight of other workers on the same engine survive.
 * `labels` narrows the match further, e.g. to one worker's `DockerSandboxOptions.labels`.
 * Throws SandboxInfrastructureError when the engine cannot list them.
 */
export async function removeSandboxLeftovers(
  docker: Docker,
  logger: LoggerService,
  olderThanMs?: number,
  labels: Record<string, string> = {},
): Promise<SandboxLeftoversRemoved> {
  const labelFilter = [
    RUN_LABEL,
    ...Object.entries(labels).map(([name, value]) => `${name}=${value}`),
  ];
  const cutoffMs = olderThanMs === undefined ? Number.POSITIVE_INFINITY : Date.now() - olderThanMs;
  const removed: SandboxLeftoversRemoved = { containers: 0, volumes: 0, failures: 0 };

  const containers = await dockerCall('list containers', `label ${RUN_LABEL}`, () =>
    docker.listContainers({ all: true, filters: { label: labelFilter } }),
  );
  for (const info of containers) {
    // Created is in seconds since the epoch.
    if (info.Created * 1000 > cutoffMs) {
      continue;
    }
    const runId = info.Labels[RUN_LABEL] ?? 'unknown';
    try {
      await docker.getContainer(info.Id).remove({ force: true });
      removed.containers += 1;
      logger.log(`removed leftover container ${info.Names.join(',')} of run ${runId}`);
    } catch (error) {
      if (dockerStatusCode(error) !== 404) {
        removed.failures += 1;
        logger.error(
          `failed to remove leftover container ${info.Id} of run ${runId}: ${errorMessage(error)}`,
        );
      }
    }
  }

  const listed = await dockerCall('list volumes', `label ${RUN_LABEL}`, () =>
    docker.listVolumes({ filters: { label: labelFilter } }),
  );
  for (const volume of listed.Volumes ?? []) {
    const createdAt = volumeCreatedAt(volume);
    // A volume without a readable creation time is kept unless every age is accepted.
    if (olderThanMs !== undefined && (createdAt === undefined || createdAt > cutoffMs)) {
      continue;
    }
    const runId = volume.Labels?.[RUN_LABEL] ?? 'unknown';
    try {
      await docker.getVolume(volume.Name).remove();
      removed.volumes += 1;
      logger.log(`removed leftover volume ${volume.Name} of run ${runId}`);
    } catch (error) {
      if (dockerStatusCode(error) !== 404) {
        removed.failures += 1;
        logger.error(
          `failed to remove leftover volume ${volume.Name} of run ${runId}: ${errorMessage(error)}`,
        );
      }
    }
  }
  return removed;
}

/** Returns the volume's creation time in ms since the epoch; the Engine API sends `CreatedAt` as RFC 3339 text. */
function volumeCreatedAt(volume: Docker.VolumeInspectInfo): number | undefined {
  const raw: unknown = (volume as { CreatedAt?: unknown }).CreatedAt;
  if (typeof raw !== 'string') {
    return undefined;
  }
  const time = Date.parse(raw);
  return Number.isNaN(time) ? undefined : time;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Removes run containers past their `dmlg.deadline` label, with their volumes. The worker kills a
 * run at its wall limit, so a container still there after the deadline (wall limit plus a grace
 * period) belongs to a worker that died mid-run, and it would otherwise keep running the
 * student's code until the two-hour sweep. A warm pool's pre-created sets carry a deadline too,
 * so those of a dead worker go the same way. `labels` narrows the match, as in
 * {@link removeSandboxLeftovers}. Returns the run ids removed.
 */
export async function removeOverdueRuns(
  docker: Docker,
  logger: LoggerService,
  now: Date = new Date(),
  labels: Record<string, string> = {},
): Promise<string[]> {
  const labelFilter = [
    RUN_LABEL,
    DEADLINE_LABEL,
    ...Object.entries(labels).map(([name, value]) => `${name}=${value}`),
  ];
  const containers = await dockerCall('list containers', `label ${DEADLINE_LABEL}`, () =>
    docker.listContainers({ all: true, filters: { label: labelFilter } }),
  );
  const removedRuns: string[] = [];
  for (const info of containers) {
    const deadline = Number(info.Labels[DEADLINE_LABEL]);
    const runId = info.Labels[RUN_LABEL];
    if (!Number.isFinite(deadline) || !runId || deadline * 1000 > now.getTime()) continue;
    logger.warn(
      `run ${runId}: container ${info.Names.join(',')} is past its deadline by ${Math.round(now.getTime() / 1000 - deadline)} s; its worker is gone, so it is removed`,
    );
    await removeSandboxLeftovers(docker, logger, undefined, { [RUN_LABEL]: runId });
    removedRuns.push(runId);
  }
  return removedRuns;
}
