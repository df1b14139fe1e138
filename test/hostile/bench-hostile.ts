/**
 * Throughput of ordinary kmeans submissions, alone and with hostile ones queued between them.
 * Starts its own database, API and worker (test/support/running-stack.ts) against the Postgres,
 * Redis and sandbox image that `npm test` uses, and writes the section "## Hostile submissions"
 * of docs/benchmarks.md.
 *
 *   DMLG_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:55433/postgres \
 *   DMLG_TEST_REDIS_URL=redis://127.0.0.1:56380 DMLG_SANDBOX_IMAGE=dmlg-sandbox-cpu:<tag> \
 *   npm run bench:hostile
 *
 * Environment: DMLG_BENCH_ORDINARY (ordinary submissions per phase, default 6) and
 * DMLG_WORKER_CONCURRENCY (the worker's parallel jobs, default 2).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { findRepositoryRoot } from '@dmlg/config';
import { collectFiles } from '../../apps/cli/src/collect-files';
import { startStack, type RunningStack } from '../support/running-stack';

/** Hostile kinds that end within seconds; the 60 s busy loop would only measure the wall limit. */
const HOSTILE_MIX = [
  'fork-bomb',
  'thread-bomb',
  'allocate-2gb',
  'fill-tmp',
  'huge-stdout',
  'symlink-in-outputs',
  'raise-at-import',
  'daemonise',
];

interface Upload {
  name: string;
  content: Buffer;
}

const repositoryRoot = findRepositoryRoot();

async function submit(stack: RunningStack, files: Upload[]): Promise<string> {
  const form = new FormData();
  for (const file of files) {
    form.append('files', new Blob([new Uint8Array(file.content)]), file.name);
  }
  const response = await fetch(`${stack.baseUrl}/api/assignments/kmeans/submissions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.token}` },
    body: form,
  });
  const body = (await response.json()) as { id?: string; message?: string };
  if (response.status !== 202 || !body.id) {
    throw new Error(`upload answered ${response.status}: ${body.message ?? 'no message'}`);
  }
  return body.id;
}

/** Resolves with the time (ms since the epoch) at which the submission was seen graded or failed. */
async function finishedAt(stack: RunningStack, id: string): Promise<number> {
  for (;;) {
    const response = await fetch(`${stack.baseUrl}/api/submissions/${id}`, {
      headers: { authorization: `Bearer ${stack.token}` },
    });
    const body = (await response.json()) as { status: string };
    if (body.status === 'graded' || body.status === 'failed') return Date.now();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Submits `batch` in order and returns seconds from the first upload to the last ordinary graded. */
async function phase(stack: RunningStack, batch: { ordinary: boolean; files: Upload[] }[]) {
  const started = Date.now();
  const ids: { ordinary: boolean; id: string }[] = [];
  for (const entry of batch)
    ids.push({ ordinary: entry.ordinary, id: await submit(stack, entry.files) });
  const times = await Promise.all(
    ids.map(async (entry) => ({ ...entry, at: await finishedAt(stack, entry.id) })),
  );
  const ordinaryDone = Math.max(
    ...times.filter((entry) => entry.ordinary).map((entry) => entry.at),
  );
  const allDone = Math.max(...times.map((entry) => entry.at));
  return {
    ordinarySeconds: (ordinaryDone - started) / 1000,
    allSeconds: (allDone - started) / 1000,
  };
}

function hostileFiles(folder: string): Upload[] {
  return [
    {
      name: 'kmeans.py',
      content: readFileSync(join(repositoryRoot, 'test', 'hostile', folder, 'kmeans.py')),
    },
  ];
}

function writeSection(markdown: string): void {
  const path = join(repositoryRoot, 'docs', 'benchmarks.md');
  mkdirSync(dirname(path), { recursive: true });
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const heading = '## Hostile submissions';
  const start = existing.indexOf(heading);
  let updated: string;
  if (start < 0) {
    updated = `${existing.trimEnd()}\n\n${markdown}`;
  } else {
    const next = existing.indexOf('\n## ', start + heading.length);
    updated = `${existing.slice(0, start)}${markdown}${next < 0 ? '' : existing.slice(next + 1)}`;
  }
  writeFileSync(path, updated.endsWith('\n') ? updated : `${updated}\n`);
}

async function main(): Promise<void> {
  const ordinaryCount = Number(process.env.DMLG_BENCH_ORDINARY ?? '6');
  process.env.DMLG_WORKER_CONCURRENCY ??= '2';
  const concurrency = Number(process.env.DMLG_WORKER_CONCURRENCY);
  const reference = collectFiles(join(repositoryRoot, 'reference-solutions', '02-kmeans')).map(
    (file) => ({ name: file.path, content: file.content }),
  );
  const stack = await startStack('bench_hostile', 3321, 3);
  try {
    // One ordinary submission first, so the reference values are computed outside the timings.
    await finishedAt(stack, await submit(stack, reference));
    const alone = await phase(
      stack,
      Array.from({ length: ordinaryCount }, () => ({ ordinary: true, files: reference })),
    );
    const mixed = await phase(
      stack,
      Array.from({ length: ordinaryCount }, (_, index) => [
        {
          ordinary: false,
          files: hostileFiles(HOSTILE_MIX[index % HOSTILE_MIX.length] ?? 'fork-bomb'),
        },
        { ordinary: true, files: reference },
      ]).flat(),
    );
    const rate = (count: number, seconds: number): string => ((60 * count) / seconds).toFixed(1);
    const markdown = [
      '## Hostile submissions',
      '',
      `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench:hostile\` (test/hostile/bench-hostile.ts) on ${cpus().length} CPUs, one worker with concurrency ${concurrency}, the kmeans assignment's limits.`,
      `Ordinary submissions are the reference solution; the hostile ones, one before each ordinary submission, cycle through ${HOSTILE_MIX.join(', ')}.`,
      '',
      '| phase | ordinary | hostile | seconds to last ordinary graded | ordinary per minute | all graded, seconds | all per minute |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| alone | ${ordinaryCount} | 0 | ${alone.ordinarySeconds.toFixed(1)} | ${rate(ordinaryCount, alone.ordinarySeconds)} | ${alone.allSeconds.toFixed(1)} | ${rate(ordinaryCount, alone.allSeconds)} |`,
      `| with hostile | ${ordinaryCount} | ${ordinaryCount} | ${mixed.ordinarySeconds.toFixed(1)} | ${rate(ordinaryCount, mixed.ordinarySeconds)} | ${mixed.allSeconds.toFixed(1)} | ${rate(2 * ordinaryCount, mixed.allSeconds)} |`,
      '',
      'Each hostile run holds a worker slot until the harness or a limit ends it; printing 50 MB (huge-stdout) and allocating up to the OOM kill (allocate-2gb) take longest. The machine is shared with other jobs, so repeat runs vary.',
      '',
    ].join('\n');
    writeSection(markdown);
    process.stdout.write(`${markdown}\n`);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:hostile failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
