import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { findRepositoryRoot } from '@dmlg/config';
import {
  HpcDispatcher,
  PbsScheduler,
  SlurmScheduler,
  SshConnection,
  type HpcDispatcherOptions,
} from '@dmlg/hpc';
import { SandboxInfrastructureError, type SandboxRunRequest } from '@dmlg/sandbox';
import { runNode } from '../support/running-stack';
import { freshTestDatabase } from '../support/test-database';

/**
 * Grading through a real Slurm over SSH: the test starts munged, slurmctld, slurmd and an sshd on
 * loopback ports with its own configuration, keys and folders under a temporary folder, runs the
 * API and a dispatcher worker (DMLG_WORKER_RUNNER=slurm) against them, and stops every daemon it
 * started by PID. The job runs the harness with the host's python3 (the "host" environment; no
 * Apptainer in Debian). Needs root (the daemons) and the Debian packages slurm-wlm, munge and
 * openssh-server, which `npm test` installs.
 */

const repositoryRoot = findRepositoryRoot();
const fixtures = join(repositoryRoot, 'test', 'fixtures', 'submissions', '02-kmeans');
const NODE = hostname();
/** Loopback ports no other test uses: slurmctld, slurmd, sshd, API; a port nothing listens on. */
const PORTS = { slurmctld: 46817, slurmd: 46818, sshd: 46822, api: 3347, closed: 46829 };
const REDIS_DATABASE = 11;

interface SubmissionView {
  id: string;
  status: string;
  score: number | null;
  failureReason?: string | null;
  checks: { id: string; score: number; message: string }[];
}

/** The daemons of a one-node Slurm cluster and its SSH login, with what a client needs to reach them. */
class LocalCluster {
  readonly dir = mkdtempSync('/tmp/dmlg-hpc-');
  readonly slurmConf = join(this.dir, 'slurm.conf');
  readonly workDir = join(this.dir, 'work');
  readonly keyFile = join(this.dir, 'id_ed25519');
  hostKeySha256 = '';
  private readonly daemons: { name: string; child: ChildProcess }[] = [];

  get env(): NodeJS.ProcessEnv {
    return { ...process.env, SLURM_CONF: this.slurmConf };
  }

  async start(): Promise<void> {
    chmodSync(this.dir, 0o755);
    for (const folder of ['munge', 'state', 'spool', 'work', 'log']) {
      mkdirSync(join(this.dir, folder), { recursive: true });
    }
    this.startMunge();
    this.writeSlurmConf();
    this.spawnDaemon('slurmctld', '/usr/sbin/slurmctld', ['-D', '-c', '-f', this.slurmConf]);
    this.spawnDaemon('slurmd', '/usr/sbin/slurmd', ['-D', '-f', this.slurmConf]);
    this.startSshd();
    await this.waitFor('Slurm node idle', () => {
      const state = execFileSync('sinfo', ['-h', '-p', 'grading', '-o', '%T'], {
        env: this.env,
      }).toString();
      return state.trim() === 'idle';
    });
  }

  /** Stops each daemon this test started, by its PID, and waits for it; munged runs detached and leaves a PID file. */
  async stop(): Promise<void> {
    await Promise.all(this.daemons.reverse().map(({ child }) => stopChild(child)));
    let pid = 0;
    try {
      pid = Number(readFileSync(join(this.dir, 'munge', 'munged.pid'), 'utf8'));
    } catch {
      // munged never started.
    }
    if (pid > 0) await stopDetached(pid);
  }

  /** Removes the cluster's folder, retrying on ENOTEMPTY and EBUSY from a daemon's last write. */
  removeFiles(): void {
    rmSync(this.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }

  slurm(command: string, args: string[]): string {
    return execFileSync(command, args, { env: this.env }).toString();
  }

  private startMunge(): void {
    const key = join(this.dir, 'munge', 'munge.key');
    writeFileSync(key, execFileSync('head', ['-c', '1024', '/dev/urandom']), { mode: 0o400 });
    execFileSync('chown', ['-R', 'munge:munge', join(this.dir, 'munge')]);
    chmodSync(join(this.dir, 'munge'), 0o700);
    const munge = (name: string): string => join(this.dir, 'munge', name);
    execFileSync('runuser', [
      '-u',
      'munge',
      '--',
      '/usr/sbin/munged',
      '--force',
      `--key-file=${key}`,
      `--socket=${munge('munge.socket')}`,
      `--pid-file=${munge('munged.pid')}`,
      `--log-file=${munge('munged.log')}`,
      `--seed-file=${munge('munged.seed')}`,
    ]);
  }

  private writeSlurmConf(): void {
    const lines = [
      'ClusterName=dmlgtest',
      `SlurmctldHost=${NODE}(127.0.0.1)`,
      `SlurmctldPort=${PORTS.slurmctld}`,
      `SlurmdPort=${PORTS.slurmd}`,
      'SlurmUser=root',
      'AuthType=auth/munge',
      `AuthInfo=socket=${join(this.dir, 'munge', 'munge.socket')}`,
      'CredType=cred/munge',
      `StateSaveLocation=${join(this.dir, 'state')}`,
      `SlurmdSpoolDir=${join(this.dir, 'spool')}`,
      `SlurmctldPidFile=${join(this.dir, 'slurmctld.pid')}`,
      `SlurmdPidFile=${join(this.dir, 'slurmd.pid')}`,
      `SlurmctldLogFile=${join(this.dir, 'log', 'slurmctld.log')}`,
      `SlurmdLogFile=${join(this.dir, 'log', 'slurmd.log')}`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core_Memory',
      'DefMemPerCPU=1000',
      'ReturnToService=2',
      'MinJobAge=600',
      'JobCompType=jobcomp/none',
      'AccountingStorageType=accounting_storage/none',
      'MpiDefault=none',
      `NodeName=${NODE} NodeAddr=127.0.0.1 CPUs=2 RealMemory=20000 State=UNKNOWN`,
      `PartitionName=grading Nodes=${NODE} Default=YES MaxTime=INFINITE State=UP`,
      // Jobs sent here wait for ever (Reason=PartitionDown): the pending-limit case.
      `PartitionName=held Nodes=${NODE} MaxTime=INFINITE State=DOWN`,
    ];
    writeFileSync(this.slurmConf, `${lines.join('\n')}\n`);
  }

  private startSshd(): void {
    const hostKey = join(this.dir, 'ssh_host_ed25519_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', this.keyFile]);
    writeFileSync(join(this.dir, 'authorized_keys'), readFileSync(`${this.keyFile}.pub`));
    this.hostKeySha256 = execFileSync('ssh-keygen', ['-l', '-f', `${hostKey}.pub`])
      .toString()
      .split(' ')[1];
    const config = [
      `Port ${PORTS.sshd}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${join(this.dir, 'authorized_keys')}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'AllowUsers root',
      // The keys live under /tmp, which StrictModes rejects as world-writable.
      'StrictModes no',
      'UsePAM no',
      `PidFile ${join(this.dir, 'sshd.pid')}`,
      `SetEnv SLURM_CONF=${this.slurmConf}`,
      'Subsystem sftp internal-sftp',
    ];
    const configFile = join(this.dir, 'sshd_config');
    writeFileSync(configFile, `${config.join('\n')}\n`);
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    this.spawnDaemon('sshd', '/usr/sbin/sshd', ['-D', '-e', '-f', configFile]);
  }

  private spawnDaemon(name: string, command: string, args: string[]): void {
    const child = spawn(command, args, { env: this.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
      if (process.env.DMLG_TEST_VERBOSE) process.stderr.write(`[${name}] ${chunk.toString()}`);
    });
    child.on('exit', (code) => {
      if (code !== 0 && code !== null)
        process.stderr.write(`[${name}] exited ${code}: ${stderr}\n`);
    });
    this.daemons.push({ name, child });
  }

  private async waitFor(what: string, ready: () => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError = '';
    while (Date.now() < deadline) {
      try {
        if (ready()) return;
      } catch (error) {
        lastError = (error as Error).message;
      }
      await sleep(250);
    }
    throw new Error(
      `${what} not reached within ${timeoutMs} ms ${lastError}; logs in ${this.dir}/log`,
    );
  }
}

/** API and a dispatcher worker as real processes, like test/support's startStack but with cluster settings. */
class DispatchStack {
  readonly token = 'test-token-e2e_hpc-0123456789abcdef';
  readonly baseUrl = `http://127.0.0.1:${PORTS.api}`;
  databaseUrl = '';
  private env: NodeJS.ProcessEnv = {};
  private api?: ChildProcess;
  private worker?: ChildProcess;

  async start(cluster: LocalCluster): Promise<void> {
    this.databaseUrl = await freshTestDatabase('e2e_hpc');
    const redisUrl = `${(process.env.DMLG_TEST_REDIS_URL ?? '').replace(/\/\d*$/, '')}/${REDIS_DATABASE}`;
    this.env = {
      DMLG_DATABASE_URL: this.databaseUrl,
      DMLG_REDIS_URL: redisUrl,
      DMLG_HTTP_PORT: String(PORTS.api),
      DMLG_DATA_DIR: mkdtempSync('/tmp/dmlg-e2e_hpc-data-'),
      DMLG_INSTRUCTOR_TOKEN: this.token,
      DMLG_WORKER_NAME: 'e2e_hpc-dispatcher',
      DMLG_WORKER_CONCURRENCY: '2',
      // One attempt: a cluster fault fails the submission at once, with its message.
      DMLG_INFRASTRUCTURE_ATTEMPTS: '1',
      DMLG_WORKER_RUNNER: 'slurm',
      DMLG_HPC_SCHEDULER: 'slurm',
      DMLG_HPC_HOST: '127.0.0.1',
      DMLG_HPC_PORT: String(PORTS.sshd),
      DMLG_HPC_USER: 'root',
      DMLG_HPC_KEY_FILE: cluster.keyFile,
      DMLG_HPC_HOST_KEY_SHA256: cluster.hostKeySha256,
      DMLG_HPC_WORK_DIR: cluster.workDir,
      DMLG_HPC_PYTHON: '/usr/bin/python3',
      DMLG_HPC_POLL_INITIAL_MS: '200',
      DMLG_HPC_POLL_MAX_MS: '1000',
      DMLG_HPC_WALLTIME_GRACE_SECONDS: '30',
    };
    const migrated = await runNode('dist/libs/db/src/migrate.js', [], this.env);
    assert.equal(migrated.code, 0, `migration failed: ${migrated.stderr}`);
    const { Queue } = await import('bullmq');
    const { redisConnectionOptions, GRADING_QUEUE } = await import('@dmlg/grading');
    const queue = new Queue(GRADING_QUEUE, { connection: redisConnectionOptions(redisUrl) });
    await queue.obliterate({ force: true });
    await queue.close();
    this.api = this.spawn('dist/apps/api/src/main.js', {}, 'api');
    this.worker = this.spawn('dist/apps/worker/src/main.js', {}, 'worker');
    await waitForHealth(this.baseUrl);
  }

  /** Replaces the worker with one whose settings differ by `overrides`. */
  async restartWorker(overrides: NodeJS.ProcessEnv): Promise<void> {
    if (this.worker) await stopChild(this.worker);
    this.worker = this.spawn('dist/apps/worker/src/main.js', overrides, 'worker');
  }

  async stop(): Promise<void> {
    await Promise.all(
      [this.api, this.worker].map((child) => (child ? stopChild(child) : undefined)),
    );
    if (this.env.DMLG_DATA_DIR) rmSync(this.env.DMLG_DATA_DIR, { recursive: true, force: true });
  }

  async grade(path: string): Promise<SubmissionView> {
    const result = await runNode(
      'dist/apps/cli/src/main.js',
      ['grade', 'kmeans', path, '--timeout', '100'],
      {
        DMLG_URL: this.baseUrl,
        DMLG_TOKEN: this.token,
      },
    );
    assert.ok(
      result.stdout.trim().startsWith('{'),
      `CLI printed no JSON; stderr: ${result.stderr}`,
    );
    return JSON.parse(result.stdout) as SubmissionView;
  }

  private spawn(script: string, overrides: NodeJS.ProcessEnv, name: string): ChildProcess {
    const child = spawn(process.execPath, [join(repositoryRoot, script)], {
      cwd: repositoryRoot,
      env: { ...process.env, ...this.env, ...overrides },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const forward = (chunk: Buffer): void => {
      if (process.env.DMLG_TEST_VERBOSE) process.stderr.write(`[hpc-${name}] ${chunk.toString()}`);
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    return child;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitForHealth(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${baseUrl}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`API at ${baseUrl} not healthy within 60 s`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Stops a daemon that is not our child: SIGTERM, then SIGKILL after 15 s. It waits for the
 * exit because munged writes its seed file on the way out, and removing its folder earlier
 * fails with ENOTEMPTY.
 */
async function stopDetached(pid: number): Promise<void> {
  // A zombie (state Z) has exited; whether PID 1 reaps it is outside the test's control.
  const alive = (): boolean => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 15_000 && alive(); waited += 100) await sleep(100);
  if (alive()) process.kill(pid, 'SIGKILL');
}

/** The first job the Slurm queue shows as RUNNING that is not in `seen`. */
async function nextRunningJob(cluster: LocalCluster, seen: Set<string>): Promise<string> {
  for (let tries = 0; tries < 300; tries += 1) {
    const lines = cluster.slurm('squeue', ['-h', '-o', '%i %T']).trim().split('\n');
    for (const line of lines) {
      const [id, state] = line.trim().split(' ');
      if (state === 'RUNNING' && !seen.has(id)) return id;
    }
    await sleep(200);
  }
  throw new Error('no new running Slurm job within 60 s');
}

/**
 * The job's record once Slurm has finished with it. Right after scancel a job reads
 * COMPLETING until slurmd has reaped its processes and run the epilog (seconds on a loaded
 * machine), so the final state is only there afterwards.
 */
async function settledJobState(cluster: LocalCluster, jobId: string): Promise<string> {
  let record = '';
  for (let tries = 0; tries < 150; tries += 1) {
    record = cluster.slurm('scontrol', ['show', 'job', '-o', jobId]);
    if (!/JobState=(COMPLETING|RUNNING|PENDING)/.test(record)) return record;
    await sleep(200);
  }
  return record;
}

describe('HPC dispatch to Slurm over SSH', { timeout: 5 * 60 * 1000 }, () => {
  const cluster = new LocalCluster();
  const stack = new DispatchStack();
  let database: Client;

  before(async () => {
    assert.equal(
      process.getuid?.(),
      0,
      'the Slurm end-to-end test starts daemons and runs as root',
    );
    await cluster.start();
    await stack.start(cluster);
    database = new Client({ connectionString: stack.databaseUrl });
    await database.connect();
  });

  after(async () => {
    await database?.end();
    await stack.stop();
    await cluster.stop();
    cluster.removeFiles();
  });

  it('reference solution graded 100 on Slurm', async () => {
    const submission = await stack.grade(join(repositoryRoot, 'reference-solutions', '02-kmeans'));
    assert.equal(submission.status, 'graded');
    assert.equal(submission.score, 100);
    const runs = await database.query(
      'select image_digest, exit_code, outcome, log_tail, placement from grading_runs where submission_id = $1',
      [submission.id],
    );
    assert.equal(runs.rows[0].image_digest, 'host:/usr/bin/python3');
    assert.equal(runs.rows[0].placement.runner, 'slurm');
    assert.match(runs.rows[0].placement.jobId, /^\d+$/);
    assert.equal(runs.rows[0].placement.environment, 'host:/usr/bin/python3');
    assert.equal(runs.rows[0].outcome, 'completed');
    assert.match(runs.rows[0].log_tail, /^\[dmlg\] slurm job \d+ on /);
  });

  it('random labels score at most 10', async () => {
    const submission = await stack.grade(join(fixtures, 'random-labels'));
    assert.equal(submission.status, 'graded');
    assert.ok((submission.score ?? 100) <= 10, `score ${submission.score}`);
  });

  it('walltime kill and cancelled job', async () => {
    const seen = new Set<string>(cluster.slurm('squeue', ['-h', '-o', '%i']).trim().split('\n'));
    const endless = stack.grade(join(fixtures, 'infinite-loop'));
    seen.add(await nextRunningJob(cluster, seen));
    const cancelled = stack.grade(join(fixtures, 'infinite-loop'));
    const victim = await nextRunningJob(cluster, seen);
    cluster.slurm('scancel', [victim]);

    const cancelledView = await cancelled;
    assert.equal(cancelledView.status, 'failed');
    assert.match(
      cancelledView.failureReason ?? '',
      new RegExp(`slurm job ${victim}.*cancelled on the cluster`),
    );

    const timedOut = await endless;
    assert.equal(timedOut.status, 'graded');
    assert.equal(timedOut.score, 0);
    assert.match(timedOut.checks[0].message, /time limit of 60 s/);
  });

  it('no run folders left on the cluster', () => {
    assert.deepEqual(execFileSync('ls', ['-A', cluster.workDir]).toString().trim(), '');
  });

  it('grader cancel removes the Slurm job', async () => {
    const dispatcher = new HpcDispatcher(dispatcherOptions(cluster, PORTS.sshd));
    try {
      // The handler is attached at once: the run may reject while cancel() is still awaited.
      const outcome = dispatcher.run(sleeperRequest('cancel-1', 60)).then(
        () => undefined,
        (error: Error) => error,
      );
      const jobId = await nextRunningJob(cluster, new Set());
      assert.equal(await dispatcher.cancel('cancel-1'), true);
      const error = await outcome;
      assert.match(error?.message ?? 'the run resolved', /cancelled by the grader/);
      assert.match(await settledJobState(cluster, jobId), /JobState=CANCELLED/);
    } finally {
      await dispatcher.close();
    }
  });

  // Debian has no PBS server; Slurm's Torque wrappers (slurm-wlm-torque) accept qsub, qstat -f
  // and qdel, so the PBS adapter's commands and parsing run against a real scheduler here.
  it('PBS commands run a job through the Torque wrappers', async () => {
    const dispatcher = new HpcDispatcher({
      ...dispatcherOptions(cluster, PORTS.sshd),
      scheduler: new PbsScheduler('torque'),
    });
    try {
      const result = await dispatcher.run(sleeperRequest('pbs-1', 1));
      assert.equal(result.termination, 'exited');
      assert.equal(result.exitCode, 0);
      assert.deepEqual(
        result.outputs.map((file) => [file.path, file.content.toString()]),
        [['done.txt', 'ok']],
      );
      assert.equal(result.placement?.runner, 'pbs');
      assert.match(result.log, /^\[dmlg\] pbs job \d+/);
    } finally {
      await dispatcher.close();
    }
  });

  it('pending past the limit is cancelled', async () => {
    const dispatcher = new HpcDispatcher({
      ...dispatcherOptions(cluster, PORTS.sshd),
      pendingLimitSeconds: 2,
      defaultPartition: 'held',
    });
    try {
      await assert.rejects(dispatcher.run(sleeperRequest('pending-1', 5)), (error: Error) => {
        assert.ok(error instanceof SandboxInfrastructureError);
        assert.match(error.message, /pending for more than 2 s.*PartitionDown/);
        return true;
      });
    } finally {
      await dispatcher.close();
    }
  });

  it('wrong host key is refused', async () => {
    const dispatcher = new HpcDispatcher({
      ...dispatcherOptions(cluster, PORTS.sshd),
      connection: connection(cluster, PORTS.sshd, `SHA256:${'A'.repeat(43)}`),
    });
    try {
      await assert.rejects(
        dispatcher.run(sleeperRequest('hostkey-1', 5)),
        /does not match the pinned/,
      );
    } finally {
      await dispatcher.close();
    }
  });

  it('unreachable host fails the submission', async () => {
    await stack.restartWorker({ DMLG_HPC_PORT: String(PORTS.closed) });
    const submission = await stack.grade(join(fixtures, 'random-labels'));
    assert.equal(submission.status, 'failed');
    assert.match(
      submission.failureReason ?? '',
      new RegExp(`127\\.0\\.0\\.1:${PORTS.closed} failed: connect ECONNREFUSED`),
    );
  });

  it('dispatch overhead measured', async () => {
    const dispatcher = new HpcDispatcher(dispatcherOptions(cluster, PORTS.sshd));
    try {
      const times: number[] = [];
      for (let index = 0; index < 3; index += 1) {
        const started = performance.now();
        const result = await dispatcher.run(sleeperRequest(`overhead-${index}`, 0));
        times.push(performance.now() - started);
        assert.equal(result.exitCode, 0);
      }
      // Reported, not asserted: figures go to docs/benchmarks.md.
      process.stderr.write(
        `[hpc] dispatched no-op python run: ${times.map((ms) => Math.round(ms)).join(', ')} ms\n`,
      );
    } finally {
      await dispatcher.close();
    }
  });
});

function connection(
  cluster: LocalCluster,
  port: number,
  hostKeySha256 = cluster.hostKeySha256,
): SshConnection {
  return new SshConnection({
    host: '127.0.0.1',
    port,
    username: 'root',
    privateKey: readFileSync(cluster.keyFile),
    hostKeySha256,
    readyTimeoutMs: 5_000,
  });
}

function dispatcherOptions(cluster: LocalCluster, port: number): HpcDispatcherOptions {
  return {
    scheduler: new SlurmScheduler(),
    connection: connection(cluster, port),
    workDir: cluster.workDir,
    environment: { kind: 'host', python: '/usr/bin/python3', setup: [] },
    pendingLimitSeconds: 60,
    walltimeGraceSeconds: 30,
    poll: { initialMs: 200, factor: 1.5, maxMs: 1000 },
  };
}

/** A run of `python3 -c` that sleeps `seconds` and writes one output file. */
function sleeperRequest(runId: string, seconds: number): SandboxRunRequest {
  return {
    runId,
    image: 'unused',
    command: [
      'python3',
      '-c',
      `import time; time.sleep(${seconds}); open('done.txt', 'w').write('ok')`,
    ],
    workingDir: '/out',
    mounts: [{ target: '/inputs', files: [{ path: 'a.txt', content: Buffer.from('a') }] }],
    outputDir: '/out',
    limits: {
      wallSeconds: 120,
      memoryMb: 256,
      cpus: 1,
      pids: 64,
      tmpfsMb: 16,
      outputMb: 1,
      logKb: 16,
    },
  };
}
