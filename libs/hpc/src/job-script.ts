import { posix } from 'node:path';
import type { SandboxRunRequest } from '@dmlg/sandbox';
import type { HpcEnvironment } from './hpc-environment';
import { shellCommand, shellQuote } from './shell-quote';

/** Seconds between the polite SIGTERM at the wall-clock limit and the SIGKILL that follows. */
export const KILL_AFTER_SECONDS = 5;

/** Files the job writes in its run folder, next to the staged mounts. */
export const JOB_FILES = {
  script: 'job.sh',
  /** stdout and stderr of the batch script, the harness included. */
  output: 'job.out',
  /** `exit_code=N` and `elapsed_seconds=N`, written atomically when the harness ends. */
  status: 'status',
  /** `K=V` lines for `apptainer exec --env-file`. */
  envFile: 'sandbox.env',
  /** Writable folder that stands in for the sandbox's /tmp. */
  tmp: 'tmp',
} as const;

/** Folder of a mount (or the output folder) inside the run folder: `/inputs` becomes `<runDir>/inputs`. */
export function stagedFolder(runDir: string, containerPath: string): string {
  return posix.join(runDir, posix.basename(containerPath));
}

/**
 * Shell lines of the batch job after the scheduler's directives. The harness runs under
 * `timeout`, so the sandbox's wall-clock limit holds to the second even where the scheduler
 * checks its own limit only every 30-60 s; the scheduler's limit (a little longer) is the backstop.
 */
export function renderJobBody(
  request: SandboxRunRequest,
  runDir: string,
  environment: HpcEnvironment,
  gpus = 0,
): string {
  const status = posix.join(runDir, JOB_FILES.status);
  const lines = ['set -u', `cd ${shellQuote(runDir)} || exit 90`];
  let command: string;
  if (environment.kind === 'apptainer') {
    command = apptainerCommand(request, runDir, environment, gpus);
  } else {
    lines.push(...environment.setup);
    for (const [name, value] of Object.entries(request.env ?? {})) {
      lines.push(`export ${name}=${shellQuote(remapPath(request, runDir, value))}`);
    }
    lines.push(`export TMPDIR=${shellQuote(posix.join(runDir, JOB_FILES.tmp))}`);
    const workingDir = request.workingDir ? remapPath(request, runDir, request.workingDir) : runDir;
    lines.push(`cd ${shellQuote(workingDir)} || exit 90`);
    const argv = request.command.map((word) => remapPath(request, runDir, word));
    if (argv[0] === 'python3' || argv[0] === 'python') argv[0] = environment.python;
    command = shellCommand(argv);
  }
  lines.push(
    'started=$(date +%s)',
    `timeout --kill-after=${KILL_AFTER_SECONDS} ${request.limits.wallSeconds} ${command}`,
    'code=$?',
    'elapsed=$(( $(date +%s) - started ))',
    `printf 'exit_code=%s\\nelapsed_seconds=%s\\n' "$code" "$elapsed" > ${shellQuote(status)}.tmp`,
    `mv ${shellQuote(status)}.tmp ${shellQuote(status)}`,
    'exit "$code"',
    '',
  );
  return lines.join('\n');
}

/**
 * `apptainer exec` with the Docker sandbox's shape: no network (`--net --network none`), no host
 * files but the binds (`--containall`: private /tmp, /dev, IPC and PID namespaces, no home), a
 * clean environment, the staged folders at their container paths, `--nv` for GPU jobs.
 */
export function apptainerCommand(
  request: SandboxRunRequest,
  runDir: string,
  environment: Extract<HpcEnvironment, { kind: 'apptainer' }>,
  gpus = 0,
): string {
  const words = [
    environment.binary,
    'exec',
    '--containall',
    '--cleanenv',
    '--no-home',
    '--net',
    '--network',
    'none',
    '--env-file',
    posix.join(runDir, JOB_FILES.envFile),
  ];
  for (const mount of request.mounts) {
    words.push('--bind', `${stagedFolder(runDir, mount.target)}:${mount.target}:ro`);
  }
  words.push('--bind', `${stagedFolder(runDir, request.outputDir)}:${request.outputDir}`);
  if (request.workingDir) words.push('--pwd', request.workingDir);
  if (gpus > 0) words.push('--nv');
  words.push(environment.image, ...request.command);
  return shellCommand(words);
}

/** `K=V` lines for `--env-file`, which Apptainer reads as shell assignments. */
export function renderEnvFile(request: SandboxRunRequest): string {
  return Object.entries(request.env ?? {})
    .map(([name, value]) => `${name}=${shellQuote(value)}\n`)
    .join('');
}

/** Maps a container path (`/inputs/tasks.json`, `/tmp`) to its staged path under `runDir`; other words pass unchanged. */
function remapPath(request: SandboxRunRequest, runDir: string, word: string): string {
  const targets = [...request.mounts.map((mount) => mount.target), request.outputDir, '/tmp'];
  for (const target of targets) {
    const staged =
      target === '/tmp' ? posix.join(runDir, JOB_FILES.tmp) : stagedFolder(runDir, target);
    if (word === target) return staged;
    if (word.startsWith(`${target}/`)) return staged + word.slice(target.length);
  }
  return word;
}
