import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { Logger } from '@nestjs/common';
import Docker from 'dockerode';
import { DockerSandbox, removeSandboxLeftovers } from './docker-sandbox';
import { ensureSandboxImage } from './sandbox-image';
import { removeOverdueRuns } from './sandbox-leftovers';
import { InvalidSandboxRequestError, RUN_LABEL, WARM_LABEL } from './sandbox-request';
import {
  SandboxInfrastructureError,
  type SandboxLimits,
  type SandboxRunRequest,
} from './sandbox.types';

// These tests run real containers on the local Docker engine from the image that
// `npm run image:build` creates. Without that image they fail with the command in the message.

const docker = new Docker();
const logger = new Logger('docker-sandbox.spec');
const sandbox = new DockerSandbox(docker, { labels: { 'dmlg.test': 'docker-sandbox.spec' } });
let image = '';

const LIMITS: SandboxLimits = {
  wallSeconds: 30,
  memoryMb: 512,
  cpus: 1,
  pids: 64,
  tmpfsMb: 16,
  outputMb: 8,
  logKb: 64,
};

/** Finds the repository root from the compiled file's folder (inside or outside the repo), else the working directory. */
function findRepoRoot(): string {
  let folder = __dirname;
  while (dirname(folder) !== folder) {
    if (existsSync(join(folder, 'docker', 'cpu', 'build-image.sh'))) {
      return folder;
    }
    folder = dirname(folder);
  }
  return process.cwd();
}

function newRunId(): string {
  return `spec-${randomBytes(6).toString('hex')}`;
}

function pythonRun(
  code: string,
  overrides: Partial<SandboxRunRequest> = {},
  limits: Partial<SandboxLimits> = {},
): SandboxRunRequest {
  return {
    runId: newRunId(),
    image,
    command: ['python3', '-c', code],
    mounts: [],
    outputDir: '/out',
    ...overrides,
    limits: { ...LIMITS, ...limits },
  };
}

async function assertNoLeftovers(runId: string): Promise<void> {
  const filters = { label: [`${RUN_LABEL}=${runId}`] };
  const containers = await docker.listContainers({ all: true, filters });
  assert.deepEqual(
    containers.map((c) => c.Names),
    [],
    `containers of run ${runId} remain`,
  );
  const volumes = await docker.listVolumes({ filters });
  assert.deepEqual(
    (volumes.Volumes ?? []).map((v) => v.Name),
    [],
    `volumes of run ${runId} remain`,
  );
}

before(async () => {
  const found = await ensureSandboxImage(docker, findRepoRoot(), logger);
  image = found.tag;
});

void describe('DockerSandbox', () => {
  void it('returns log and output file', async () => {
    const request = pythonRun(
      [
        'import sys',
        'print("hello from stdout")',
        'print("hello from stderr", file=sys.stderr)',
        'open("/out/result.json", "w").write(\'{"ok": true}\')',
      ].join('\n'),
    );
    const result = await sandbox.run(request);

    assert.equal(result.termination, 'exited');
    assert.equal(result.exitCode, 0);
    assert.match(result.log, /hello from stdout/);
    assert.match(result.log, /hello from stderr/);
    assert.equal(result.logBytesDropped, 0);
    assert.deepEqual(
      result.outputs.map((o) => [o.path, o.content.toString()]),
      [['result.json', '{"ok": true}']],
    );
    assert.deepEqual(result.outputProblems, []);
    assert.match(result.imageDigest, /^sha256:[0-9a-f]{64}$/);
    assert.ok(
      result.finishedAt.getTime() >= result.startedAt.getTime(),
      'finishedAt precedes startedAt',
    );
    await assertNoLeftovers(request.runId);
  });

  void it('stages mounts read-only', async () => {
    const request = pythonRun(
      [
        'import errno, os',
        'print("staged:", open("/submission/pkg/solution.py").read())',
        'print("mode:", oct(os.stat("/submission/pkg/solution.py").st_mode & 0o777))',
        'print("input:", open("/inputs/x.txt").read())',
        'for path in ["/submission/new.txt", "/submission/pkg/solution.py", "/inputs/x.txt"]:',
        '    try:',
        '        open(path, "w").write("changed")',
        '        print("wrote", path)',
        '    except OSError as e:',
        '        print("refused", path, errno.errorcode[e.errno])',
      ].join('\n'),
      {
        mounts: [
          {
            target: '/submission',
            files: [{ path: 'pkg/solution.py', content: Buffer.from('def f(): return 1') }],
          },
          { target: '/inputs', files: [{ path: 'x.txt', content: Buffer.from('input data') }] },
        ],
      },
    );
    const result = await sandbox.run(request);

    assert.equal(result.exitCode, 0, result.log);
    assert.match(result.log, /staged: def f\(\): return 1/);
    assert.match(result.log, /mode: 0o444/);
    assert.match(result.log, /input: input data/);
    assert.match(result.log, /refused \/submission\/new\.txt (EROFS|EACCES)/);
    assert.match(result.log, /refused \/submission\/pkg\/solution\.py (EROFS|EACCES)/);
    assert.match(result.log, /refused \/inputs\/x\.txt (EROFS|EACCES)/);
    assert.doesNotMatch(result.log, /^wrote/m);
    await assertNoLeftovers(request.runId);
  });

  void it('keeps root read-only and tmp writable', async () => {
    const request = pythonRun(
      [
        'import errno',
        'for path in ["/etc/evil", "/evil", "/usr/lib/python3/evil.py"]:',
        '    try:',
        '        open(path, "w").write("x")',
        '        print("wrote", path)',
        '    except OSError as e:',
        '        print("refused", path, errno.errorcode[e.errno])',
        'open("/tmp/scratch", "w").write("ok")',
        'print("tmp:", open("/tmp/scratch").read())',
      ].join('\n'),
    );
    const result = await sandbox.run(request);

    assert.equal(result.exitCode, 0, result.log);
    assert.match(result.log, /refused \/etc\/evil EROFS/);
    assert.match(result.log, /refused \/evil EROFS/);
    assert.match(result.log, /refused \/usr\/lib\/python3\/evil\.py EROFS/);
    assert.match(result.log, /tmp: ok/);
    await assertNoLeftovers(request.runId);
  });

  void it('runs as nobody without capabilities', async () => {
    const request = pythonRun(
      [
        'import os',
        'print("ids:", os.getuid(), os.getgid(), os.geteuid())',
        'status = open("/proc/self/status").read()',
        'print([line for line in status.splitlines() if line.startswith(("CapEff", "CapBnd", "NoNewPrivs"))])',
      ].join('\n'),
    );
    const result = await sandbox.run(request);

    assert.equal(result.exitCode, 0, result.log);
    assert.match(result.log, /ids: 65534 65534 65534/);
    assert.match(result.log, /CapEff:\\t0000000000000000/);
    assert.match(result.log, /CapBnd:\\t0000000000000000/);
    assert.match(result.log, /NoNewPrivs:\\t1/);
    await assertNoLeftovers(request.runId);
  });

  void it('has no network', async () => {
    const request = pythonRun(
      [
        'import socket',
        'try:',
        '    socket.create_connection(("127.0.0.1", 9), 1)',
        '    print("connect: succeeded")',
        'except OSError as e:',
        '    print("connect: failed", type(e).__name__)',
        'try:',
        '    socket.getaddrinfo("example.invalid", 80)',
        '    print("dns: succeeded")',
        'except OSError as e:',
        '    print("dns: failed", type(e).__name__)',
        'print("interfaces:", [name for _, name in socket.if_nameindex()])',
      ].join('\n'),
    );
    const result = await sandbox.run(request);

    assert.equal(result.exitCode, 0, result.log);
    assert.match(result.log, /connect: failed/);
    assert.match(result.log, /dns: failed/);
    assert.match(result.log, /interfaces: \['lo'\]/);
    await assertNoLeftovers(request.runId);
  });

  void it('kills a run at the wall limit', async () => {
    const request = pythonRun('while True: pass', {}, { wallSeconds: 2 });
    const result = await sandbox.run(request);

    assert.equal(result.termination, 'timeout');
    assert.equal(result.exitCode, null);
    await assertNoLeftovers(request.runId);
  });

  void it('reports an out-of-memory kill', async () => {
    // bytes * n writes every page, so the allocation is really resident (a bare bytearray(n) may not be).
    const request = pythonRun(
      'x = b"\\x01" * (2 * 1024 ** 3)\nprint(len(x))',
      {},
      { memoryMb: 256 },
    );
    const result = await sandbox.run(request);

    assert.equal(result.termination, 'oom-killed', result.log);
    assert.equal(result.exitCode, 137);
    await assertNoLeftovers(request.runId);
  });

  void it('reports a child out-of-memory kill', async () => {
    // Docker's OOMKilled covers every process of the container, so the run counts as oom-killed
    // even though its main process exits 0.
    const request = pythonRun(
      [
        'import subprocess, sys',
        'child = subprocess.run([sys.executable, "-c", "x = b\\"\\\\x01\\" * (2 * 1024 ** 3)"])',
        'print("child returncode", child.returncode)',
      ].join('\n'),
      {},
      { memoryMb: 256 },
    );
    const result = await sandbox.run(request);

    assert.equal(result.termination, 'oom-killed', result.log);
    assert.equal(result.exitCode, 0);
    assert.match(result.log, /child returncode -9/);
    await assertNoLeftovers(request.runId);
  });

  void it('reports output links without following them', async () => {
    const request = pythonRun(
      [
        'import os',
        'open("/out/real.txt", "w").write("real")',
        'os.symlink("/etc/passwd", "/out/link")',
        'os.mkdir("/out/sub")',
        'os.symlink("../real.txt", "/out/sub/up")',
        'os.link("/out/real.txt", "/out/hard")',
      ].join('\n'),
    );
    const result = await sandbox.run(request);

    assert.equal(result.exitCode, 0, result.log);
    const paths = result.outputs.map((o) => o.path).sort();
    assert.ok(!paths.includes('link'), `link was read back: ${paths.join(', ')}`);
    assert.ok(!paths.includes('sub/up'), `sub/up was read back: ${paths.join(', ')}`);
    // real.txt and hard are one inode: the archive carries it once as a file, once as a hard link.
    assert.equal(paths.filter((p) => p === 'real.txt' || p === 'hard').length, 1, paths.join(', '));
    assert.ok(
      result.outputProblems.some((p) => /^(real\.txt|hard): hard link to /.test(p)),
      result.outputProblems.join('; '),
    );
    assert.ok(
      result.outputProblems.some((p) => p.startsWith('link: symbolic link to "/etc/passwd"')),
      result.outputProblems.join('; '),
    );
    assert.ok(
      result.outputProblems.some((p) => p.startsWith('sub/up: symbolic link')),
      result.outputProblems.join('; '),
    );
    assert.ok(
      !result.outputs.some((o) => o.content.toString().includes('root:')),
      '/etc/passwd content came back',
    );
    await assertNoLeftovers(request.runId);
  });

  void it('caps outputs at outputMb', async () => {
    const request = pythonRun(
      [
        'open("/out/a.bin", "wb").write(b"a" * 600_000)',
        'open("/out/b.bin", "wb").write(b"b" * 600_000)',
      ].join('\n'),
      {},
      { outputMb: 1 },
    );
    const result = await sandbox.run(request);

    assert.equal(result.exitCode, 0, result.log);
    assert.equal(result.outputs.length, 1);
    assert.equal(result.outputs[0].content.length, 600_000);
    assert.equal(result.outputProblems.length, 1);
    assert.match(result.outputProblems[0], /output size cap of 1048576 bytes reached/);
    await assertNoLeftovers(request.runId);
  });

  // The output archive (far past the socket buffers) is read while the container is inspected,
  // and Docker holds the container's lock until the archive has been read; an archive left
  // unread while inspect runs stalls both. The timeout turns such a hang into a failure.
  void it(
    'reads a large output folder while it inspects the container',
    { timeout: 60_000 },
    async () => {
      const request = pythonRun(
        [
          'for name in "abcdefgh":',
          '    open(f"/out/{name}.bin", "wb").write(name.encode() * 2_000_000)',
        ].join('\n'),
        {},
        { outputMb: 64 },
      );
      const result = await sandbox.run(request);

      assert.equal(result.exitCode, 0, result.log);
      assert.equal(result.outputs.length, 8);
      assert.ok(result.outputs.every((output) => output.content.length === 2_000_000));
      assert.deepEqual(result.outputProblems, []);
      await assertNoLeftovers(request.runId);
    },
  );

  void it('kills a run whose output grows past outputMb', async () => {
    const request = pythonRun(
      [
        'import time',
        'with open("/out/big.bin", "wb") as handle:',
        '    for _ in range(8):',
        '        handle.write(b"x" * 1_048_576)',
        'time.sleep(30)',
      ].join('\n'),
      {},
      { outputMb: 2, wallSeconds: 20 },
    );
    const result = await sandbox.run(request);

    assert.equal(result.termination, 'output-limit', result.log);
    await assertNoLeftovers(request.runId);
  });

  void it('sizes /dev/shm as tmpfsMb', async () => {
    const request = pythonRun(
      'import os\ns = os.statvfs("/dev/shm")\nprint(s.f_blocks * s.f_frsize)',
      {},
      { tmpfsMb: 16 },
    );
    const result = await sandbox.run(request);

    assert.equal(result.log.trim(), String(16 * 1024 * 1024));
    await assertNoLeftovers(request.runId);
  });

  void it('caps log keeping head and tail', async () => {
    const request = pythonRun(
      [
        'print("HEAD-MARK", flush=True)',
        'for i in range(20000): print("filler line", i)',
        'print("TAIL-MARK")',
      ].join('\n'),
      {},
      { logKb: 4 },
    );
    const result = await sandbox.run(request);

    assert.equal(result.exitCode, 0);
    assert.ok(result.log.startsWith('HEAD-MARK\n'), result.log.slice(0, 100));
    assert.ok(result.log.endsWith('TAIL-MARK\n'), result.log.slice(-100));
    assert.match(result.log, /\[\.\.\. \d+ bytes of output dropped/);
    assert.ok(result.logBytesDropped > 0);
    const kept = Buffer.byteLength(result.log.replace(/\n\[\.\.\. .* \.\.\.\]\n/, ''));
    assert.equal(kept, 4096);
    await assertNoLeftovers(request.runId);
  });

  void it('reports a missing command', async () => {
    const request: SandboxRunRequest = { ...pythonRun(''), command: ['/no/such/program'] };
    await assert.rejects(sandbox.run(request), SandboxInfrastructureError);
    await assertNoLeftovers(request.runId);
  });

  void it('rejects a reused run id', async () => {
    const runId = newRunId();
    await docker.createVolume({ Name: `dmlg-run-${runId}-0`, Labels: { [RUN_LABEL]: runId } });
    try {
      await assert.rejects(
        sandbox.run({ ...pythonRun('pass'), runId }),
        /volumes of an earlier run with this id still exist/,
      );
    } finally {
      const removed = await removeSandboxLeftovers(docker, logger, undefined, {
        [RUN_LABEL]: runId,
      });
      assert.equal(removed.volumes, 1);
    }
    await assertNoLeftovers(runId);
  });

  void it('rejects an invalid request', async () => {
    const cases: Array<Partial<SandboxRunRequest>> = [
      { runId: 'bad id' },
      { outputDir: '/tmp/out' },
      { mounts: [{ target: '/out/sub', files: [] }] },
      { mounts: [{ target: '/s', files: [{ path: '../escape', content: Buffer.alloc(0) }] }] },
      { mounts: [{ target: '/s', files: [{ path: '/abs', content: Buffer.alloc(0) }] }] },
      { env: { 'A=B': 'x' } },
    ];
    for (const overrides of cases) {
      await assert.rejects(
        sandbox.run(pythonRun('pass', overrides)),
        InvalidSandboxRequestError,
        JSON.stringify(overrides),
      );
    }
  });

  void it('output size polls share one disk-usage query', async () => {
    // The engine rejects a second concurrent `system df` with HTTP 500; concurrent runs' polls
    // must not send one each.
    const name = `dmlg-spec-df-${process.pid}`;
    await docker.createVolume({ Name: name, Labels: { 'dmlg.test': 'docker-sandbox.spec' } });
    try {
      const sizes = await Promise.all(
        Array.from({ length: 6 }, () => sandbox.outputVolumeBytes(name)),
      );
      assert.deepEqual(new Set(sizes), new Set([0]));
    } finally {
      await docker.getVolume(name).remove();
    }
  });
});

void describe('removeSandboxLeftovers', () => {
  void it('keeps objects newer than the age limit', async () => {
    const runId = newRunId();
    const name = `dmlg-run-${runId}-0`;
    await docker.createVolume({ Name: name, Labels: { [RUN_LABEL]: runId } });
    try {
      const kept = await removeSandboxLeftovers(docker, logger, 60 * 60 * 1000, {
        [RUN_LABEL]: runId,
      });
      assert.equal(kept.volumes, 0);
      const removed = await removeSandboxLeftovers(docker, logger, 0, { [RUN_LABEL]: runId });
      assert.equal(removed.volumes, 1);
    } finally {
      await docker
        .getVolume(name)
        .remove()
        .catch(() => undefined);
    }
    await assertNoLeftovers(runId);
  });
});

void describe('DockerSandbox with a warm pool', () => {
  const warmLabels = { 'dmlg.test': 'docker-sandbox.spec warm' };
  const labelFilter = [`${WARM_LABEL}=true`, 'dmlg.test=docker-sandbox.spec warm'];

  function warmSandbox(size: number): DockerSandbox {
    return new DockerSandbox(docker, { labels: warmLabels, warmPool: { size } });
  }

  /** The pre-created run containers of this block: id to state and `dmlg.run` label. */
  async function warmRunContainers(): Promise<Map<string, { state: string; label: string }>> {
    const listed = await docker.listContainers({ all: true, filters: { label: labelFilter } });
    return new Map(
      listed
        .filter((info) => !info.Names.some((name) => name.endsWith('-loader')))
        .map((info) => [info.Id, { state: info.State, label: info.Labels[RUN_LABEL] }]),
    );
  }

  async function assertNoWarmObjects(): Promise<void> {
    const containers = await docker.listContainers({ all: true, filters: { label: labelFilter } });
    const volumes = await docker.listVolumes({ filters: { label: labelFilter } });
    assert.deepEqual(
      [...containers.map((info) => info.Names[0]), ...(volumes.Volumes ?? []).map((v) => v.Name)],
      [],
      'pre-created objects remain',
    );
  }

  /** A keepWarm run that writes its container's hostname (the id's first 12 digits) to /out. */
  function hostnameRun(): SandboxRunRequest {
    return {
      ...pythonRun(
        [
          'import errno, os, socket',
          'open("/out/host", "w").write(socket.gethostname())',
          'print("ids:", os.getuid(), os.getgid())',
          'print("staged:", open("/submission/s.py").read())',
          'for path in ["/etc/evil", "/submission/s.py"]:',
          '    try:',
          '        open(path, "w").write("x")',
          '        print("wrote", path)',
          '    except OSError as e:',
          '        print("refused", path, errno.errorcode[e.errno])',
        ].join('\n'),
        {
          mounts: [
            { target: '/submission', files: [{ path: 's.py', content: Buffer.from('x = 1') }] },
          ],
        },
      ),
      keepWarm: true,
    };
  }

  void it('keeps created, never started containers with the run limits', async () => {
    const sandbox = warmSandbox(2);
    try {
      await sandbox.warmUp(hostnameRun());
      const warm = await warmRunContainers();

      assert.equal(sandbox.warmCount, 2);
      assert.deepEqual(
        [...warm.values()].map((container) => container.state),
        ['created', 'created'],
      );
      for (const id of warm.keys()) {
        const info = await docker.getContainer(id).inspect();
        assert.equal(info.HostConfig.NetworkMode, 'none');
        assert.equal(info.HostConfig.ReadonlyRootfs, true);
        assert.deepEqual(info.HostConfig.CapDrop, ['ALL']);
        assert.equal(info.HostConfig.Memory, LIMITS.memoryMb * 1024 * 1024);
        assert.equal(info.HostConfig.PidsLimit, LIMITS.pids);
        assert.equal(info.Config.User, '65534:65534');
        assert.ok(Number(info.Config.Labels['dmlg.deadline']) > Date.now() / 1000);
      }
    } finally {
      await sandbox.close();
    }
    await assertNoWarmObjects();
  });

  void it('runs each check in a pre-created container used once and then removed', async () => {
    const sandbox = warmSandbox(2);
    try {
      await sandbox.warmUp(hostnameRun());
      const used: string[] = [];
      for (let round = 0; round < 3; round += 1) {
        const before = await warmRunContainers();
        const request = hostnameRun();
        const result = await sandbox.run(request);
        // The run's objects go after it returns, and the pool tops itself up during the run.
        await sandbox.cleanedUp();
        await sandbox.warmUp(request);

        assert.equal(result.exitCode, 0, result.log);
        assert.match(result.log, /ids: 65534 65534/);
        assert.match(result.log, /staged: x = 1/);
        assert.match(result.log, /refused \/etc\/evil EROFS/);
        assert.match(result.log, /refused \/submission\/s\.py (EROFS|EACCES)/);
        const host = result.outputs.find((output) => output.path === 'host')?.content.toString();
        const id = [...before.keys()].find((candidate) => candidate.startsWith(host ?? '-'));
        assert.ok(id, `run ${round} ran in ${host}, not in a pre-created container`);
        used.push(id);
        assert.equal(result.timings.cleanupMs, 0);
        await assert.rejects(docker.getContainer(id).inspect(), /no such container/i);
        await assertNoLeftovers(before.get(id)!.label);
        await assertNoLeftovers(request.runId);
      }
      assert.equal(new Set(used).size, 3, `a container served two runs: ${used.join(', ')}`);
      assert.equal(sandbox.warmCount, 2);
    } finally {
      await sandbox.close();
    }
    await assertNoWarmObjects();
  });

  void it('serves concurrent checks from distinct containers', async () => {
    const sandbox = warmSandbox(2);
    try {
      await sandbox.warmUp(hostnameRun());
      const results = await Promise.all([sandbox.run(hostnameRun()), sandbox.run(hostnameRun())]);
      await sandbox.warmUp(hostnameRun());

      const hosts = results.map((result) => result.outputs[0]?.content.toString());
      assert.equal(new Set(hosts).size, 2, `both runs used ${hosts[0]}`);
    } finally {
      await sandbox.close();
    }
    await assertNoWarmObjects();
  });

  void it('cancels a run in a pre-created container by its run id', async () => {
    const sandbox = warmSandbox(1);
    try {
      await sandbox.warmUp(hostnameRun());
      const request = { ...pythonRun('import time\ntime.sleep(60)'), keepWarm: true };
      const running = sandbox.run(request);
      let cancelled = false;
      for (let attempt = 0; attempt < 100 && !cancelled; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        cancelled = await sandbox.cancel(request.runId);
      }
      const result = await running;

      assert.ok(cancelled, 'cancel found no container');
      assert.equal(result.exitCode, 137);
      await sandbox.cleanedUp();
      await assertNoLeftovers(request.runId);
    } finally {
      await sandbox.close();
    }
    await assertNoWarmObjects();
  });

  void it('close waits for a run in flight and its removal', async () => {
    const sandbox = warmSandbox(1);
    await sandbox.warmUp(hostnameRun());
    const request = { ...pythonRun('import time\ntime.sleep(1)'), keepWarm: true };
    const running = sandbox.run(request);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const closeStart = Date.now();
    await sandbox.close();
    const closeMs = Date.now() - closeStart;
    const result = await running;

    // The run sleeps 1 s from its start, which was at most 300 ms before close was called.
    assert.ok(closeMs >= 500, `close returned after ${closeMs} ms, before the run ended`);
    assert.equal(result.exitCode, 0, result.log);
    await assertNoWarmObjects();
    await assertNoLeftovers(request.runId);
  });

  void it('leaves requests without keepWarm to containers of their own', async () => {
    const sandbox = warmSandbox(1);
    try {
      const request = { ...hostnameRun(), keepWarm: false };
      const result = await sandbox.run(request);

      assert.equal(result.exitCode, 0, result.log);
      assert.equal(sandbox.warmCount, 0);
      assert.deepEqual([...(await warmRunContainers()).keys()], []);
    } finally {
      await sandbox.close();
    }
  });

  void it('removeOverdueRuns removes the sets of a worker that died', async () => {
    const sandbox = warmSandbox(1);
    await sandbox.warmUp(hostnameRun());
    assert.equal((await warmRunContainers()).size, 1);

    // The worker is gone without close(); past the deadline label the janitor's check removes all.
    // The label keeps the check away from the runs of spec files running next to this one.
    const removedRuns = await removeOverdueRuns(
      docker,
      logger,
      new Date(Date.now() + 3600_000),
      warmLabels,
    );

    assert.ok(
      removedRuns.some((runId) => runId.startsWith('warm-')),
      removedRuns.join(', '),
    );
    await assertNoWarmObjects();
    await sandbox.close();
  });
});
