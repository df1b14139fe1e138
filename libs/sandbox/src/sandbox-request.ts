import { posix } from 'node:path';
import type { SandboxFile, SandboxLimits, SandboxRunRequest } from './sandbox.types';

/** Label on every container and volume of a run, with the run id as its value. */
export const RUN_LABEL = 'dmlg.run';
/**
 * Label of a run container: the time (seconds since the epoch) after which it counts as orphaned,
 * its wall limit plus a grace period. See `removeOverdueRuns`.
 */
export const DEADLINE_LABEL = 'dmlg.deadline';
/**
 * Label of the containers and volumes that a warm pool created ahead of a run (value `true`).
 * Such a set has never been started and is removed with the one run it serves.
 */
export const WARM_LABEL = 'dmlg.warm';
/** Label with the name (DMLG_WORKER_NAME) of the worker whose sandbox made the object. */
export const WORKER_LABEL = 'dmlg.worker';

/** Docker's rule for container and volume names, kept short enough for derived names. */
const RUN_ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,99}$/;
const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Error for a run request that the sandbox rejects before any Docker call: a bug of the caller, not a Docker fault. */
export class InvalidSandboxRequestError extends Error {
  constructor(
    readonly runId: string,
    message: string,
  ) {
    super(`invalid sandbox request for run ${runId}: ${message}`);
    this.name = 'InvalidSandboxRequestError';
  }
}

/**
 * Checks a run request: names usable by Docker, absolute and disjoint container paths, file paths
 * that stay inside their mount, positive limits. Throws InvalidSandboxRequestError on the first problem.
 */
export function validateRunRequest(request: SandboxRunRequest): void {
  const runId = String(request.runId);
  const reject = (message: string): never => {
    throw new InvalidSandboxRequestError(runId, message);
  };

  if (!RUN_ID_PATTERN.test(runId)) {
    reject(`runId must match ${RUN_ID_PATTERN.source}`);
  }
  if (request.image.trim() === '') {
    reject('image is empty');
  }
  if (request.command.length === 0) {
    reject('command is empty');
  }
  if (request.workingDir !== undefined && !isCleanAbsolutePath(request.workingDir)) {
    reject(`workingDir ${JSON.stringify(request.workingDir)} is not a normalised absolute path`);
  }
  for (const [name, value] of Object.entries(request.env ?? {})) {
    if (!ENV_NAME_PATTERN.test(name)) {
      reject(`environment variable name ${JSON.stringify(name)} is invalid`);
    }
    if (value.includes('\0')) {
      reject(`environment variable ${name} contains a NUL byte`);
    }
  }

  validateContainerPaths(request, reject);
  for (const mount of request.mounts) {
    validateFiles(mount.target, mount.files, reject);
  }
  validateLimits(request.limits, reject);
}

function validateContainerPaths(
  request: SandboxRunRequest,
  reject: (message: string) => never,
): void {
  // /tmp is the tmpfs, so a volume at, above or below it would hide it or be hidden by it.
  const targets = [...request.mounts.map((mount) => mount.target), request.outputDir, '/tmp'];
  for (const target of targets) {
    if (!isCleanAbsolutePath(target) || target === '/') {
      reject(
        `container path ${JSON.stringify(target)} must be a normalised absolute path other than /`,
      );
    }
  }
  for (let i = 0; i < targets.length; i += 1) {
    for (let j = i + 1; j < targets.length; j += 1) {
      if (pathsOverlap(targets[i], targets[j])) {
        reject(`container paths ${targets[i]} and ${targets[j]} overlap`);
      }
    }
  }
}

function validateFiles(
  target: string,
  files: SandboxFile[],
  reject: (message: string) => never,
): void {
  const seen = new Set<string>();
  for (const file of files) {
    const path = file.path;
    const segments = path.split('/');
    const clean =
      path !== '' &&
      !path.startsWith('/') &&
      segments.every((s) => s !== '' && s !== '.' && s !== '..');
    if (!clean || path.includes('\0')) {
      reject(
        `file path ${JSON.stringify(path)} in ${target} must be relative, without empty, . or .. segments`,
      );
    }
    if (seen.has(path)) {
      reject(`file path ${path} appears twice in ${target}`);
    }
    seen.add(path);
    if (
      file.mode !== undefined &&
      (!Number.isInteger(file.mode) || file.mode < 0 || file.mode > 0o777)
    ) {
      reject(`mode of ${target}/${path} must be an integer from 0 to 0o777`);
    }
  }
  // A file and a folder of the same name cannot both exist.
  for (const path of seen) {
    const segments = path.split('/');
    for (let n = 1; n < segments.length; n += 1) {
      const parent = segments.slice(0, n).join('/');
      if (seen.has(parent)) {
        reject(`${target}/${parent} is both a file and the folder of ${path}`);
      }
    }
  }
}

function validateLimits(limits: SandboxLimits, reject: (message: string) => never): void {
  const entries: Array<[keyof SandboxLimits, number]> = [
    ['wallSeconds', limits.wallSeconds],
    ['memoryMb', limits.memoryMb],
    ['cpus', limits.cpus],
    ['pids', limits.pids],
    ['tmpfsMb', limits.tmpfsMb],
    ['outputMb', limits.outputMb],
    ['logKb', limits.logKb],
  ];
  for (const [name, value] of entries) {
    if (!Number.isFinite(value) || value <= 0) {
      reject(`limit ${name} must be a positive number, got ${value}`);
    }
  }
  for (const name of ['memoryMb', 'pids', 'tmpfsMb'] as const) {
    if (!Number.isInteger(limits[name])) {
      reject(`limit ${name} must be an integer, got ${limits[name]}`);
    }
  }
  // Docker rejects a memory limit under 6 MB.
  if (limits.memoryMb < 6) {
    reject(`limit memoryMb must be at least 6, got ${limits.memoryMb}`);
  }
}

function isCleanAbsolutePath(path: string): boolean {
  if (path === '/') {
    return true;
  }
  return path.startsWith('/') && !path.endsWith('/') && posix.normalize(path) === path;
}

function pathsOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}
