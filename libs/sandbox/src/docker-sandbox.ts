import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import type Docker from 'dockerode';
import { dockerCall, dockerStatusCode } from './docker-call';
import { packStagingArchive, readOutputArchive, SANDBOX_GID, SANDBOX_UID } from './sandbox-archive';
import { DockerStreamDemuxer, HeadTailBuffer } from './sandbox-log';
import { DEADLINE_LABEL, RUN_LABEL, validateRunRequest, WARM_LABEL } from './sandbox-request';
import { WarmPool } from './warm-pool';
import {
  SandboxInfrastructureError,
  type Sandbox,
  type SandboxRunRequest,
  type SandboxRunResult,
  type SandboxTermination,
} from './sandbox.types';

export { removeSandboxLeftovers } from './sandbox-leftovers';

const MIB = 1024 * 1024;

/** How long to wait for the attach stream to end after the container exits, in ms. */
const LOG_DRAIN_GRACE_MS = 5_000;

/**
 * How often the output volume's size is polled during a run, in ms. Docker's `system df` walks
 * every volume's files, about 0.1 s on an idle engine; a run can write a few GB to the engine's
 * disk between two polls at most.
 */
const OUTPUT_WATCH_INTERVAL_MS = 2_000;

/** Pause before the one retry of a volume removal that Docker rejected as in use, in ms. */
const VOLUME_REMOVE_RETRY_MS = 200;

export interface DockerSandboxOptions {
  /** Extra labels on every container and volume of a run, e.g. the worker id; `dmlg.run` is always set to the run id. */
  labels?: Record<string, string>;
  /**
   * GPUs every run of this sandbox gets through a device request (`docker run --gpus
   * device=<ids>`), by index or UUID as `nvidia-smi -L` lists them. Unset or empty: no device
   * request, as on CPU workers. Needs the NVIDIA Container Toolkit on the engine's host.
   */
  gpuDeviceIds?: string[];
  /**
   * Pre-created run containers for requests with `keepWarm` (the practical lane): `size` sets
   * of volumes, loader and run container per request shape, created and never started, so a
   * run skips creating them. Each set serves one run and is removed with it. Sets idle for
   * `maxIdleSeconds` (default 600) are removed. Unset or size 0: every run creates its own.
   */
  warmPool?: { size: number; maxIdleSeconds?: number };
}

/** Default of `warmPool.maxIdleSeconds`: a lecture's checks come minutes apart at most. */
const WARM_MAX_IDLE_SECONDS = 600;

/** Docker objects of one run, recorded as soon as they exist so that cleanup removes exactly these. */
interface RunResources {
  runId: string;
  containerIds: string[];
  volumeNames: string[];
}

interface StagedVolume {
  name: string;
  target: string;
  readOnly: boolean;
}

/**
 * What the Docker objects of one run are called: `name` prefixes the container and volume
 * names, `label` is the `dmlg.run` value, `deadline` the `dmlg.deadline` value (seconds since
 * the epoch). A cold run uses its run id; a warm set gets an id of its own.
 */
interface RunObjectNames {
  name: string;
  label: string;
  deadline: number;
  warm: boolean;
}

/** The created, never started containers and the volumes of one run. */
interface RunObjects {
  names: RunObjectNames;
  volumes: StagedVolume[];
  loader: Docker.Container;
  container: Docker.Container;
}

interface ExecutionOutcome {
  termination: SandboxTermination;
  exitCode: number | null;
  startedAt: Date;
  finishedAt: Date;
  imageDigest: string;
  log: HeadTailBuffer;
  outputs: SandboxRunResult['outputs'];
  outputProblems: string[];
  prepareMs: number;
  runMs: number;
  collectMs: number;
}

/**
 * Sandbox on a Docker engine. Each run gets named volumes for its mounts and its output folder,
 * and a loader container fills them. With a warm pool, the volumes and containers of a
 * `keepWarm` run were created (never started) ahead of it, and they too serve only that run. The run container has no network, a read-only root, user
 * 65534:65534, no capabilities and the request's limits. Every container and volume of the run
 * is removed when it ends, whatever the outcome.
 *
 * Run ids must be unique on the engine: a run refuses to start while volumes labelled with its
 * id exist, so stale outputs of a crashed run are never read back as new ones.
 */
/**
 * Seconds past the wall limit after which a run container counts as orphaned (its worker died),
 * so that `removeOverdueRuns` may remove it. Long enough that a live worker always kills first.
 */
const ORPHAN_GRACE_SECONDS = 120;

export class DockerSandbox implements Sandbox {
  private readonly logger = new Logger(DockerSandbox.name);
  private readonly labels: Record<string, string>;
  private readonly deviceRequests: Docker.DeviceRequest[] | undefined;
  private readonly pool: WarmPool<RunObjects> | undefined;
  private readonly warmMaxIdleSeconds: number;
  /** Runs in progress, which `close` waits for. */
  private readonly activeRuns = new Set<Promise<SandboxRunResult>>();
  /** Removals of finished `keepWarm` runs still in progress; see `cleanUpLater`. */
  private readonly pendingCleanups = new Set<Promise<void>>();
  /** The `docker system df` query in flight, shared by every run's output watch. */
  private volumeUsage: Promise<Map<string, number>> | null = null;

  constructor(
    private readonly docker: Docker,
    options: DockerSandboxOptions = {},
  ) {
    this.labels = { ...options.labels };
    this.deviceRequests = gpuDeviceRequests(options.gpuDeviceIds ?? []);
    this.warmMaxIdleSeconds = options.warmPool?.maxIdleSeconds ?? WARM_MAX_IDLE_SECONDS;
    const size = options.warmPool?.size ?? 0;
    if (size > 0) {
      this.pool = new WarmPool<RunObjects>(warmPoolName(options.gpuDeviceIds ?? []), {
        capacity: size,
        maxIdleMs: this.warmMaxIdleSeconds * 1000,
        remove: (objects, reason) => this.removeWarmObjects(objects, reason),
        describe: (objects) => objects.names.name,
      });
    }
  }

  /** Pre-created sets held now, for tests and logs. */
  get warmCount(): number {
    return this.pool?.size ?? 0;
  }

  /**
   * Stops pre-creating, removes the pre-created sets not yet handed to a run, and waits for the
   * runs in flight and their removals. The worker closes its queues at the same time, and they
   * too wait for those runs, so the process exits with nothing of this sandbox left behind.
   */
  async close(): Promise<void> {
    await Promise.all([this.pool?.close(), Promise.allSettled(this.activeRuns)]);
    await this.cleanedUp();
  }

  /** Resolves when the removals that `run` left running for `keepWarm` runs have finished. */
  async cleanedUp(): Promise<void> {
    await Promise.all(this.pendingCleanups);
  }

  /**
   * Tops up the pre-created sets of `request`'s shape and resolves when the pool is full. Tests
   * use it to have a full pool before they take from it.
   */
  async warmUp(request: SandboxRunRequest): Promise<void> {
    validateRunRequest(request);
    if (!this.pool) return;
    const imageId = await this.inspectImage(request.image);
    await this.pool.fill(warmKey(request, imageId), () => this.createWarmObjects(request, imageId));
  }

  async run(request: SandboxRunRequest): Promise<SandboxRunResult> {
    const running = this.runAndClean(request);
    this.activeRuns.add(running);
    try {
      return await running;
    } finally {
      this.activeRuns.delete(running);
    }
  }

  private async runAndClean(request: SandboxRunRequest): Promise<SandboxRunResult> {
    validateRunRequest(request);
    const resources: RunResources = { runId: request.runId, containerIds: [], volumeNames: [] };
    let outcome: ExecutionOutcome;
    try {
      outcome = await this.execute(request, resources);
    } catch (error) {
      await this.cleanup(resources);
      throw error;
    }
    let cleanupMs = 0;
    if (request.keepWarm) {
      this.cleanUpLater(resources);
    } else {
      const cleanupStart = performance.now();
      await this.cleanup(resources);
      cleanupMs = performance.now() - cleanupStart;
    }

    this.logger.log(
      `run ${request.runId}: ${outcome.termination}, exit code ${outcome.exitCode ?? 'none'}, ` +
        `${outcome.outputs.length} output files, ${outcome.outputProblems.length} output problems`,
    );
    return {
      termination: outcome.termination,
      exitCode: outcome.exitCode,
      startedAt: outcome.startedAt,
      finishedAt: outcome.finishedAt,
      imageDigest: outcome.imageDigest,
      log: outcome.log.toString(),
      logBytesDropped: outcome.log.droppedBytes,
      outputs: outcome.outputs,
      outputProblems: outcome.outputProblems,
      timings: {
        prepareMs: Math.round(outcome.prepareMs),
        runMs: Math.round(outcome.runMs),
        collectMs: Math.round(outcome.collectMs),
        cleanupMs: Math.round(cleanupMs),
      },
    };
  }

  /**
   * Kills the run's container if it is running on this Docker engine; `run` then collects and
   * cleans up as after any exit. Returns whether a container was killed.
   */
  async cancel(runId: string): Promise<boolean> {
    const runName = `dmlg-run-${runId}`;
    try {
      await this.docker.getContainer(runName).kill({ signal: 'SIGKILL' });
      this.logger.warn(`run ${runId}: cancelled; killed ${runName}`);
      return true;
    } catch (error) {
      // 404: no such container here; 409: it is not running (not started yet, or finished).
      const status = dockerStatusCode(error);
      if (status === 404 || status === 409) return false;
      throw new SandboxInfrastructureError('kill container', runName, error);
    }
  }

  private async execute(
    request: SandboxRunRequest,
    resources: RunResources,
  ): Promise<ExecutionOutcome> {
    const { runId, limits } = request;
    const runName = `dmlg-run-${runId}`;
    const prepareStart = performance.now();

    const [imageDigest] = await Promise.all([
      this.inspectImage(request.image),
      this.checkNoLeftoverVolumes(runId),
    ]);
    const objects = await this.runObjects(request, imageDigest, resources);
    const { container, volumes } = objects;

    const log = new HeadTailBuffer(limits.logKb * 1024);
    const attaching = this.attachLog(container, runId, log);
    try {
      await settleAll([
        this.stageFiles(request, objects),
        // The run's own name, so that `cancel(runId)` and `docker ps` find a warm container too.
        objects.names.warm
          ? dockerCall('rename container', `${objects.names.name} to ${runName}`, () =>
              container.rename({ name: runName }),
            )
          : Promise.resolve(),
      ]);
    } catch (error) {
      void attaching.then(
        ({ stream }) => destroyStream(stream),
        () => undefined,
      );
      throw error;
    }
    const { stream: attached, ended: logEnded } = await attaching;
    const prepareMs = performance.now() - prepareStart;

    let timedOut: boolean;
    let runMs: number;
    let watcher: { stop(): void; readonly exceeded: number | null } | undefined;
    const localStart = new Date();
    const runStart = performance.now();
    try {
      this.logger.log(
        `run ${runId}: starting ${runName} (${imageDigest}; wall ${limits.wallSeconds} s, memory ${limits.memoryMb} MB, ` +
          `cpus ${limits.cpus}, pids ${limits.pids}; ${objects.names.warm ? `pre-created as ${objects.names.name}` : 'created for this run'})`,
      );
      await dockerCall('start container', runName, () => container.start());
      // Topped up while the student's code runs, not while this run is being prepared.
      if (request.keepWarm) this.fillPool(request, imageDigest);
      const outputVolume = volumes[volumes.length - 1].name;
      watcher = this.watchOutputVolume(container, runId, outputVolume, limits.outputMb * MIB);
      timedOut = await this.waitWithDeadline(container, runName, runId, limits.wallSeconds);
      watcher.stop();
      await waitAtMost(logEnded, LOG_DRAIN_GRACE_MS);
      runMs = performance.now() - runStart;
    } finally {
      watcher?.stop();
      destroyStream(attached);
    }
    const localEnd = new Date();

    const collectStart = performance.now();
    const [info, read] = await settleAll([
      dockerCall('inspect container', runName, () => container.inspect()),
      this.readOutputs(container, runName, request),
    ]);
    const collectMs = performance.now() - collectStart;

    const state = info.State;
    let termination: SandboxTermination = 'exited';
    if (timedOut) {
      termination = 'timeout';
    } else if (watcher?.exceeded != null) {
      termination = 'output-limit';
    } else if (state.OOMKilled) {
      // Docker sets OOMKilled when the kernel's OOM killer ended any process of the container,
      // so a run whose main process survived that (exit code other than 137) counts here too.
      termination = 'oom-killed';
    }
    return {
      termination,
      // A run killed at the deadline did not exit on its own, so it has no exit code of its own.
      exitCode: timedOut ? null : state.ExitCode,
      startedAt: parseDockerTime(state.StartedAt) ?? localStart,
      finishedAt: parseDockerTime(state.FinishedAt) ?? localEnd,
      imageDigest,
      log,
      outputs: read.files,
      outputProblems: read.problems,
      prepareMs,
      runMs,
      collectMs,
    };
  }

  /**
   * Reads the output folder as the archive arrives. Docker holds the container's lock until the
   * archive has been read or its connection closed, and `inspect` waits for that lock. So an
   * archive left unread while the container is inspected stalls both, once the output passes
   * what the socket buffers take (a few hundred kB). Seen with Docker 20.10: inspect of a container whose
   * unread archive held 8 MB waited until the archive was read.
   */
  private async readOutputs(
    container: Docker.Container,
    runName: string,
    request: SandboxRunRequest,
  ): Promise<Awaited<ReturnType<typeof readOutputArchive>>> {
    const target = `${runName}:${request.outputDir}`;
    const archive = await dockerCall('read output archive', target, () =>
      container.getArchive({ path: request.outputDir }),
    );
    return dockerCall('read output archive', target, () =>
      readOutputArchive(archive, request.outputDir, request.limits.outputMb * MIB),
    );
  }

  /**
   * The run's volumes, loader and run container: a pre-created set from the warm pool for a
   * `keepWarm` request when one is ready, else new ones named after the run. Either way they
   * are recorded in `resources` and removed with the run, so a set serves exactly one run.
   */
  private async runObjects(
    request: SandboxRunRequest,
    imageId: string,
    resources: RunResources,
  ): Promise<RunObjects> {
    const warm = request.keepWarm ? this.pool?.take(warmKey(request, imageId)) : undefined;
    if (!warm) {
      const names: RunObjectNames = {
        name: `dmlg-run-${request.runId}`,
        label: request.runId,
        deadline: deadlineAfter(request.limits.wallSeconds + ORPHAN_GRACE_SECONDS),
        warm: false,
      };
      return this.createRunObjects(request, imageId, names, resources);
    }
    resources.containerIds.push(warm.container.id, warm.loader.id);
    resources.volumeNames.push(...warm.volumes.map((volume) => volume.name));
    return warm;
  }

  /**
   * Creates the volumes, then the loader and the run container side by side (both only mount
   * the volumes). Each object is recorded in `resources` once it exists.
   */
  private async createRunObjects(
    request: SandboxRunRequest,
    imageId: string,
    names: RunObjectNames,
    resources: RunResources,
  ): Promise<RunObjects> {
    const volumes = await this.createVolumes(request, names, resources);
    const [loader, container] = await settleAll([
      this.createLoader(request, imageId, volumes, names, resources),
      this.createRunContainer(request, imageId, volumes, names, resources),
    ]);
    return { names, volumes, loader, container };
  }

  /**
   * Removes a finished run's containers and volumes after `run` has returned, so that the
   * caller records the result without waiting for Docker. Its objects are labelled like any
   * run's, so a worker that dies first leaves them to the janitor's checks.
   */
  private cleanUpLater(resources: RunResources): void {
    const start = performance.now();
    const removal = this.cleanup(resources)
      .then(() =>
        this.logger.debug(
          `run ${resources.runId}: containers and volumes removed ${Math.round(performance.now() - start)} ms after the result`,
        ),
      )
      .catch((error: unknown) =>
        this.logger.error(`run ${resources.runId}: cleanup failed: ${errorMessage(error)}`),
      )
      .finally(() => this.pendingCleanups.delete(removal));
    this.pendingCleanups.add(removal);
  }

  /** Starts topping up the warm pool for `request`'s shape; the pool logs its own failures. */
  private fillPool(request: SandboxRunRequest, imageId: string): void {
    void this.pool?.fill(warmKey(request, imageId), () => this.createWarmObjects(request, imageId));
  }

  /**
   * Creates a set for the warm pool. Its deadline label covers the longest idle time plus the
   * run, so `removeOverdueRuns` removes it only once this process can no longer hand it out,
   * and removes it then if the worker died holding it.
   */
  private async createWarmObjects(
    request: SandboxRunRequest,
    imageId: string,
  ): Promise<RunObjects> {
    const id = randomBytes(6).toString('hex');
    const names: RunObjectNames = {
      name: `dmlg-warm-${id}`,
      label: `warm-${id}`,
      deadline: deadlineAfter(
        this.warmMaxIdleSeconds + request.limits.wallSeconds + ORPHAN_GRACE_SECONDS,
      ),
      warm: true,
    };
    const resources: RunResources = { runId: names.label, containerIds: [], volumeNames: [] };
    try {
      return await this.createRunObjects(request, imageId, names, resources);
    } catch (error) {
      await this.cleanup(resources);
      throw error;
    }
  }

  private async removeWarmObjects(objects: RunObjects, reason: string): Promise<void> {
    this.logger.log(`warm pool: removing ${objects.names.name} (${reason})`);
    await this.cleanup({
      runId: objects.names.label,
      containerIds: [objects.container.id, objects.loader.id],
      volumeNames: objects.volumes.map((volume) => volume.name),
    });
  }

  /**
   * Attaches to the created container's stdout and stderr before it starts, so no output is
   * missed. `ended` resolves when the stream ends or fails, and a failure is logged, not thrown.
   */
  private async attachLog(
    container: Docker.Container,
    runId: string,
    log: HeadTailBuffer,
  ): Promise<{ stream: NodeJS.ReadableStream; ended: Promise<void> }> {
    const runName = `dmlg-run-${runId}`;
    const stream = await dockerCall('attach to container', runName, () =>
      container.attach({ stream: true, stdout: true, stderr: true }),
    );
    const demuxer = new DockerStreamDemuxer((payload) => log.write(payload));
    stream.on('data', (chunk: Buffer) => demuxer.push(chunk));
    const ended = new Promise<void>((resolve) => {
      stream.on('end', () => resolve());
      stream.on('close', () => resolve());
      stream.on('error', (error: unknown) => {
        this.logger.warn(`run ${runId}: log stream of ${runName} failed: ${errorMessage(error)}`);
        resolve();
      });
    });
    return { stream, ended };
  }

  private async inspectImage(image: string): Promise<string> {
    const info = await dockerCall('inspect image', image, () =>
      this.docker.getImage(image).inspect(),
    );
    return info.Id;
  }

  private async checkNoLeftoverVolumes(runId: string): Promise<void> {
    const listed = await dockerCall('list volumes', `label ${RUN_LABEL}=${runId}`, () =>
      this.docker.listVolumes({ filters: { label: [`${RUN_LABEL}=${runId}`] } }),
    );
    const names = (listed.Volumes ?? []).map((volume) => volume.Name);
    if (names.length > 0) {
      throw new SandboxInfrastructureError(
        'create volumes',
        `run ${runId}`,
        new Error(
          `volumes of an earlier run with this id still exist (${names.join(', ')}); remove them with removeSandboxLeftovers`,
        ),
      );
    }
  }

  /** Creates one volume per mount, in request order, and one for the output folder last. */
  private async createVolumes(
    request: SandboxRunRequest,
    names: RunObjectNames,
    resources: RunResources,
  ): Promise<StagedVolume[]> {
    const volumes: StagedVolume[] = request.mounts.map((mount, index) => ({
      name: `${names.name}-${index}`,
      target: mount.target,
      readOnly: true,
    }));
    volumes.push({
      name: `${names.name}-${request.mounts.length}`,
      target: request.outputDir,
      readOnly: false,
    });

    const labels = this.objectLabels(names);
    await settleAll(
      volumes.map(async (volume) => {
        await dockerCall('create volume', volume.name, () =>
          this.docker.createVolume({ Name: volume.name, Labels: labels }),
        );
        resources.volumeNames.push(volume.name);
      }),
    );
    return volumes;
  }

  /**
   * Creates the loader container that stages the files: it is never started, because Docker
   * rejects `putArchive` into a container with a read-only root, and a stopped container is
   * enough for it to write into the mounted volumes. It stays until the run's cleanup, which
   * takes its removal off the run's critical path.
   */
  private async createLoader(
    request: SandboxRunRequest,
    imageId: string,
    volumes: StagedVolume[],
    names: RunObjectNames,
    resources: RunResources,
  ): Promise<Docker.Container> {
    const loaderName = `${names.name}-loader`;
    const loader = await dockerCall('create loader container', loaderName, () =>
      this.docker.createContainer({
        name: loaderName,
        Image: imageId,
        Cmd: ['/bin/true'],
        Labels: this.objectLabels(names),
        NetworkDisabled: true,
        HostConfig: {
          NetworkMode: 'none',
          Mounts: volumes.map((volume) => this.volumeMount(names, volume, false)),
        },
      }),
    );
    resources.containerIds.push(loader.id);
    return loader;
  }

  /** Writes every mount and the output folder's root into the volumes in one archive call. */
  private async stageFiles(request: SandboxRunRequest, objects: RunObjects): Promise<void> {
    const archive = await packStagingArchive(request.mounts, request.outputDir);
    await dockerCall('stage files', `${objects.names.name}-loader:/`, () =>
      objects.loader.putArchive(archive, { path: '/' }),
    );
  }

  private async createRunContainer(
    request: SandboxRunRequest,
    imageId: string,
    volumes: StagedVolume[],
    names: RunObjectNames,
    resources: RunResources,
  ): Promise<Docker.Container> {
    const { limits } = request;
    const container = await dockerCall('create container', names.name, () =>
      this.docker.createContainer({
        name: names.name,
        // The Id pins the run to the inspected image, so the recorded digest is the one that ran.
        Image: imageId,
        Cmd: request.command,
        WorkingDir: request.workingDir,
        Env: Object.entries(request.env ?? {}).map(([name, value]) => `${name}=${value}`),
        Labels: { ...this.objectLabels(names), [DEADLINE_LABEL]: String(names.deadline) },
        User: `${SANDBOX_UID}:${SANDBOX_GID}`,
        Tty: false,
        OpenStdin: false,
        AttachStdin: false,
        AttachStdout: true,
        AttachStderr: true,
        NetworkDisabled: true,
        HostConfig: {
          NetworkMode: 'none',
          ReadonlyRootfs: true,
          Tmpfs: { '/tmp': `rw,noexec,nosuid,nodev,size=${limits.tmpfsMb}m,mode=1777` },
          // /dev/shm is a tmpfs charged to the memory limit; Docker's default is 64 MB whatever /tmp gets.
          ShmSize: limits.tmpfsMb * MIB,
          CapDrop: ['ALL'],
          SecurityOpt: ['no-new-privileges'],
          PidsLimit: limits.pids,
          Memory: limits.memoryMb * MIB,
          // Equal to Memory, so the container gets no swap.
          MemorySwap: limits.memoryMb * MIB,
          NanoCpus: Math.round(limits.cpus * 1e9),
          // The attach stream delivers the log, capped in memory, so the engine need not keep a copy.
          LogConfig: { Type: 'none', Config: {} },
          ...(this.deviceRequests ? { DeviceRequests: this.deviceRequests } : {}),
          // NOTE: the output volume lives on the engine's data disk with no size limit, because
          // overlay2 supports `--storage-opt size` only on xfs with project quotas. A run can
          // write to that disk until wallSeconds ends, and only the bytes read back are capped.
          Mounts: volumes.map((volume) => this.volumeMount(names, volume, volume.readOnly)),
        },
      }),
    );
    resources.containerIds.push(container.id);
    return container;
  }

  /**
   * Waits for the container to exit. At the wall-clock deadline it sends SIGKILL and waits for
   * the exit, and then returns true.
   */
  private async waitWithDeadline(
    container: Docker.Container,
    runName: string,
    runId: string,
    wallSeconds: number,
  ): Promise<boolean> {
    const waited = dockerCall('wait for container', runName, () => container.wait());
    // Settled copy, so that a rejection of `waited` during the kill below is never unhandled.
    const settled = waited.then(
      () => 'exited' as const,
      () => 'exited' as const,
    );
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), wallSeconds * 1000);
    });
    const first = await Promise.race([settled, deadline]);
    clearTimeout(timer);
    if (first === 'exited') {
      await waited;
      return false;
    }

    this.logger.warn(
      `run ${runId}: wall-clock limit of ${wallSeconds} s reached; killing ${runName}`,
    );
    let killed = true;
    try {
      await container.kill({ signal: 'SIGKILL' });
    } catch (error) {
      // 409: the container exited between the deadline and the kill, so the limit did not end it.
      if (dockerStatusCode(error) !== 409) {
        await settled;
        throw new SandboxInfrastructureError('kill container', runName, error);
      }
      killed = false;
    }
    await waited;
    return killed;
  }

  /**
   * Polls the size of the run's output volume and kills the container once it passes
   * `maxBytes`, because the volume itself has no size limit (overlay2 quotas need xfs). A failed
   * poll is logged and skipped: the bytes read back stay capped either way.
   */
  private watchOutputVolume(
    container: Docker.Container,
    runId: string,
    volumeName: string,
    maxBytes: number,
  ): { stop(): void; readonly exceeded: number | null } {
    let exceeded: number | null = null;
    let polling = false;
    const timer = setInterval(() => {
      if (polling || exceeded !== null) return;
      polling = true;
      void this.outputVolumeBytes(volumeName)
        .then(async (bytes) => {
          if (bytes === null || bytes <= maxBytes || exceeded !== null) return;
          exceeded = bytes;
          this.logger.warn(
            `run ${runId}: output folder holds ${bytes} bytes, over the cap of ${maxBytes}; killing the container`,
          );
          await container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
        })
        .catch((error: unknown) => {
          // Another process's disk-usage query on the same engine; the next poll tries again.
          if (/disk usage operation is already running/.test(errorMessage(error))) return;
          this.logger.warn(`run ${runId}: output size poll failed: ${errorMessage(error)}`);
        })
        .finally(() => {
          polling = false;
        });
    }, OUTPUT_WATCH_INTERVAL_MS);
    timer.unref();
    return {
      stop: () => clearInterval(timer),
      get exceeded() {
        return exceeded;
      },
    };
  }

  /**
   * Bytes in the run's output volume, from `docker system df`. The engine runs one disk-usage
   * query at a time and rejects a concurrent one with HTTP 500, so the runs of this sandbox share
   * the query in flight instead of each sending their own.
   */
  async outputVolumeBytes(volumeName: string): Promise<number | null> {
    this.volumeUsage ??= this.readVolumeSizes().finally(() => {
      this.volumeUsage = null;
    });
    const size = (await this.volumeUsage).get(volumeName);
    return size !== undefined && size >= 0 ? size : null;
  }

  private async readVolumeSizes(): Promise<Map<string, number>> {
    const usage = (await this.docker.df()) as {
      Volumes?: { Name: string; UsageData?: { Size?: number } }[];
    };
    const sizes = new Map<string, number>();
    for (const volume of usage.Volumes ?? []) {
      if (typeof volume.UsageData?.Size === 'number') sizes.set(volume.Name, volume.UsageData.Size);
    }
    return sizes;
  }

  /**
   * Removes the run's containers, then its volumes (a volume in use cannot be removed), each
   * group side by side. Each failure is logged with the run id and not rethrown.
   */
  private async cleanup(resources: RunResources): Promise<void> {
    const { runId } = resources;
    await Promise.all(
      resources.containerIds.map(async (id) => {
        try {
          await this.docker.getContainer(id).remove({ force: true });
        } catch (error) {
          if (dockerStatusCode(error) !== 404) {
            this.logger.error(
              `run ${runId}: cleanup failed to remove container ${id}: ${errorMessage(error)}`,
            );
          }
        }
      }),
    );
    await Promise.all(resources.volumeNames.map((name) => this.removeVolume(runId, name)));
  }

  private async removeVolume(runId: string, name: string): Promise<void> {
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      try {
        await this.docker.getVolume(name).remove();
        return;
      } catch (error) {
        const status = dockerStatusCode(error);
        if (status === 404) {
          return;
        }
        // 409: the engine still counts a just-removed container as a user of the volume.
        if (status === 409 && attempt === 1) {
          await sleep(VOLUME_REMOVE_RETRY_MS);
          continue;
        }
        this.logger.error(
          `run ${runId}: cleanup failed to remove volume ${name}: ${errorMessage(error)}`,
        );
        return;
      }
    }
  }

  private volumeMount(
    names: RunObjectNames,
    volume: StagedVolume,
    readOnly: boolean,
  ): Docker.MountSettings {
    return {
      Type: 'volume',
      Source: volume.name,
      Target: volume.target,
      ReadOnly: readOnly,
      VolumeOptions: {
        // No copy of the image's files at the target into the volume: it holds only what was staged.
        NoCopy: true,
        Labels: this.objectLabels(names),
        DriverConfig: { Name: 'local', Options: {} },
      },
    };
  }

  /** `dmlg.run` with the run's (or the warm set's) id, and `dmlg.warm` on pre-created sets. */
  private objectLabels(names: RunObjectNames): Record<string, string> {
    return {
      ...this.labels,
      [RUN_LABEL]: names.label,
      ...(names.warm ? { [WARM_LABEL]: 'true' } : {}),
    };
  }
}

/**
 * The engine API's form of `--gpus device=<ids>`: the `nvidia` driver with the `gpu` capability.
 * Undefined for no GPUs, so CPU workers send no device request at all. Exported for its unit test.
 */
export function gpuDeviceRequests(deviceIds: string[]): Docker.DeviceRequest[] | undefined {
  if (deviceIds.length === 0) return undefined;
  return [{ Driver: 'nvidia', DeviceIDs: [...deviceIds], Capabilities: [['gpu']] }];
}

/** Parses a Docker timestamp (RFC 3339 with nanoseconds); returns undefined for the zero time or garbage. */
function parseDockerTime(value: string | undefined): Date | undefined {
  if (value === undefined || value.startsWith('0001-')) {
    return undefined;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

async function waitAtMost(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([promise, timeout]);
  clearTimeout(timer);
}

function destroyStream(stream: NodeJS.ReadableStream): void {
  if ('destroy' in stream && typeof stream.destroy === 'function') {
    stream.destroy();
  }
}

/**
 * Pool key of a request: everything its pre-created containers and volumes are made from, the
 * image id included, so a set is only ever used for a run it matches exactly. The files and the
 * run id are left out; they are staged and named per run.
 */
function warmKey(request: SandboxRunRequest, imageId: string): string {
  const { limits } = request;
  return JSON.stringify([
    imageId,
    request.command,
    request.workingDir ?? null,
    Object.entries(request.env ?? {}).sort(([a], [b]) => a.localeCompare(b)),
    request.mounts.map((mount) => mount.target),
    request.outputDir,
    [
      limits.wallSeconds,
      limits.memoryMb,
      limits.cpus,
      limits.pids,
      limits.tmpfsMb,
      limits.outputMb,
      limits.logKb,
    ],
  ]);
}

/** Names a sandbox's warm pool in log lines: its GPUs, or `cpu`. */
function warmPoolName(deviceIds: string[]): string {
  return deviceIds.length > 0 ? `gpu ${deviceIds.join(',')}` : 'cpu';
}

/** Seconds since the epoch, `seconds` from now, rounded up; the unit of `dmlg.deadline`. */
function deadlineAfter(seconds: number): number {
  return Math.ceil(Date.now() / 1000) + seconds;
}

/**
 * Awaits every promise and then throws the first rejection, so that no call is still creating
 * an object when the caller's cleanup runs, and no rejection goes unhandled.
 */
async function settleAll<T extends readonly unknown[]>(
  promises: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const settled = await Promise.allSettled(promises);
  for (const result of settled) {
    if (result.status === 'rejected') throw result.reason;
  }
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
