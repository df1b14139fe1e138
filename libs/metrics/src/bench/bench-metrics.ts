/**
 * `npm run bench:metrics -- [--quick] [--case NAME ...] [--repeat N]`: runs the same inputs through this
 * library and through scikit-learn, SciPy and faiss (Debian's python3 packages) in one run,
 * prints a table of times, ratios and peak memory, and writes it to the `## Metrics` section
 * of docs/benchmarks.md. Each case runs in its own child process on each side. With `--case`
 * only the named cases run (and only their reference packages are needed), and the table is
 * printed but not written, since it would drop the other cases' rows. `--quick` uses small
 * inputs, for trying the command; it never writes the page either. `--repeat N` runs each
 * case N times on each side, alternating, and reports the medians, so that a change in the
 * machine's load during the run weighs on both sides alike.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveRepoPath } from '@dmlg/datasets';
import { BENCH_CASES, type BenchCase } from './bench-case';
import { FULL_SIZES, QUICK_SIZES, writeBenchInputs, type BenchSizes } from './bench-data';

const PYTHON = '/usr/bin/python3';

interface Measurement {
  seconds: number;
  /** User and system time of the whole process over the timed region. */
  cpu_seconds: number;
  max_rss_kb: number;
  value: unknown;
  backend?: string;
  /** The dense kernel's description, from `loadNativeKernel`. */
  kernel?: string;
  tool?: string;
}

/** Target ratio (our time / theirs) for each case, from the project's performance targets. */
const TARGETS: Record<BenchCase, number> = {
  ari_nmi: 0.5,
  silhouette: 1.0,
  retrieval: 1.5,
  frechet: 0.5,
};

function describeCase(name: BenchCase, sizes: BenchSizes): string {
  switch (name) {
    case 'ari_nmi':
      return `ARI + NMI, ${sizes.labels.toLocaleString('en')} labels`;
    case 'silhouette':
      return `silhouette, ${sizes.silhouetteRows.toLocaleString('en')} × ${sizes.silhouetteDims}`;
    case 'retrieval':
      return `recall@1/10 + MAP@R, ${sizes.retrievalRows.toLocaleString('en')} × ${sizes.retrievalDims}, k = ${sizes.retrievalClassSize}`;
    case 'frechet':
      return `Fréchet distance, d = ${sizes.frechetDims}, ${sizes.frechetRows.toLocaleString('en')} per side`;
  }
}

function runJson(command: string, args: string[]): Measurement {
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with status ${run.status}: ${run.stderr}`);
  }
  process.stderr.write(run.stderr);
  return JSON.parse(run.stdout.trim().split('\n').pop() as string) as Measurement;
}

/** The reference packages each case imports: [module, name in the versions line, Debian package]. */
const REFERENCE_PACKAGES: Record<BenchCase, [string, string, string][]> = {
  ari_nmi: [['sklearn', 'scikit-learn', 'python3-sklearn']],
  silhouette: [['sklearn', 'scikit-learn', 'python3-sklearn']],
  retrieval: [['faiss', 'faiss', 'python3-faiss']],
  frechet: [['scipy', 'SciPy', 'python3-scipy']],
};

function pythonVersions(cases: readonly BenchCase[]): string {
  const packages = new Map<string, [string, string, string]>();
  packages.set('numpy', ['numpy', 'numpy', 'python3-numpy']);
  for (const name of cases) {
    for (const entry of REFERENCE_PACKAGES[name]) packages.set(entry[0], entry);
  }
  const entries = [...packages.values()];
  const script = [
    `import sys, ${entries.map(([module]) => module).join(', ')}`,
    `print(", ".join(["Python " + sys.version.split()[0], ${entries.map(([module, label]) => `"${label} " + ${module}.__version__`).join(', ')}]))`,
  ].join('\n');
  const probe = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      `${PYTHON} lacks a reference package (${probe.stderr.trim().split('\n').pop()}); install ${entries.map(([, , debian]) => debian).join(' ')}`,
    );
  }
  return probe.stdout.trim();
}

const USAGE = 'usage: npm run bench:metrics -- [--quick] [--case NAME ...] [--repeat N]';

/** Throws, naming it, at the first argument that is not an option of this command. */
function checkArguments(argv: readonly string[]): void {
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--case' || argument === '--repeat') {
      if (index + 1 >= argv.length) throw new Error(`missing value after ${argument}; ${USAGE}`);
      index++;
    } else if (argument !== '--quick') {
      throw new Error(`unknown argument ${JSON.stringify(argument)}; ${USAGE}`);
    }
  }
}

/** The cases named by `--case NAME` (repeatable), or all of them. */
function selectedCases(argv: readonly string[]): BenchCase[] {
  const named: BenchCase[] = [];
  argv.forEach((argument, index) => {
    if (argument !== '--case') return;
    const name = argv[index + 1];
    if (!(BENCH_CASES as readonly string[]).includes(name)) {
      throw new Error(
        `--case must name a benchmark case (${BENCH_CASES.join(', ')}), got ${JSON.stringify(name)}`,
      );
    }
    named.push(name as BenchCase);
  });
  return named.length === 0 ? [...BENCH_CASES] : named;
}

/** N of `--repeat N`, or 1. */
function repeatCount(argv: readonly string[]): number {
  const index = argv.indexOf('--repeat');
  if (index === -1) return 1;
  const value = Number(argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`--repeat must be a whole number ≥ 1, got ${JSON.stringify(argv[index + 1])}`);
  }
  return value;
}

/**
 * Runs one case `repeats` times on each side, ours first in each round, and returns per side
 * the run with the median wall time (the lower middle one for an even count).
 */
function measureCase(
  name: BenchCase,
  repeats: number,
  caseScript: string,
  referenceScript: string,
  directory: string,
): { ours: Measurement; theirs: Measurement } {
  const ours: Measurement[] = [];
  const theirs: Measurement[] = [];
  for (let round = 1; round <= repeats; round++) {
    process.stderr.write(`${name}: this library (${round}/${repeats})\n`);
    ours.push(runJson(process.execPath, [caseScript, directory, name]));
    process.stderr.write(`${name}: reference (${round}/${repeats})\n`);
    theirs.push(runJson(PYTHON, [referenceScript, directory, name]));
    const last = (runs: Measurement[]): string => runs[runs.length - 1].seconds.toFixed(2);
    process.stderr.write(
      `${name}: ${last(ours)} s / ${last(theirs)} s, load ${formatLoad(os.loadavg())}\n`,
    );
  }
  return { ours: medianRun(ours), theirs: medianRun(theirs) };
}

function medianRun(runs: Measurement[]): Measurement {
  const sorted = [...runs].sort((x, y) => x.seconds - y.seconds);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function main(argv: readonly string[]): void {
  checkArguments(argv);
  const quick = argv.includes('--quick');
  const cases = selectedCases(argv);
  const repeats = repeatCount(argv);
  const sizes = quick ? QUICK_SIZES : FULL_SIZES;
  const versions = pythonVersions(cases);
  const loadBefore = os.loadavg();
  const directory = mkdtempSync(path.join(os.tmpdir(), 'dmlg-metrics-bench-'));
  try {
    process.stderr.write(`writing inputs to ${directory}\n`);
    writeBenchInputs(directory, sizes);
    const caseScript = path.join(__dirname, 'bench-case.js');
    const referenceScript = resolveRepoPath('libs/metrics/bench/bench_reference.py');
    const rows: string[] = [];
    let backend = '';
    let kernel = '';
    for (const name of cases) {
      const { ours, theirs } = measureCase(name, repeats, caseScript, referenceScript, directory);
      backend = ours.backend ?? backend;
      // The addon's path is noise in the page, but a fallback's reason explains its times.
      kernel = (ours.kernel ?? kernel).replace(/^(native AVX2) \(.*\)$/, '$1');
      const ratio = ours.seconds / theirs.seconds;
      // The targets are set for the full sizes; at --quick sizes fixed costs dominate.
      let verdict = ratio <= TARGETS[name] ? 'met' : 'missed';
      if (quick) verdict = 'n/a at --quick';
      rows.push(
        `| ${describeCase(name, sizes)} | ${theirs.tool} | ${ours.seconds.toFixed(2)} | ${theirs.seconds.toFixed(2)} | ${ratio.toFixed(2)} | ≤ ${TARGETS[name]} (${verdict}) | ${ours.cpu_seconds.toFixed(1)} / ${theirs.cpu_seconds.toFixed(1)} | ${(ours.max_rss_kb / 1024).toFixed(0)} | ${(theirs.max_rss_kb / 1024).toFixed(0)} | ${JSON.stringify(ours.value)} / ${JSON.stringify(theirs.value)} |`,
      );
    }
    const cpu = os.cpus();
    const table = [
      '| case | reference | ours (s) | reference (s) | ratio | target | CPU time, ours / reference (s) | our peak RSS (MiB) | reference peak RSS (MiB) | values: ours / reference |',
      '| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |',
      ...rows,
    ].join('\n');
    const machine = `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}`;
    const section = [
      '## Metrics',
      '',
      `Measured by \`npm run bench:metrics${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}\` on ${new Date().toISOString().slice(0, 10)}${repeats > 1 ? `, medians of ${repeats} alternating runs per side` : ''}.`,
      `Machine: ${machine}. Node ${process.version}, TensorFlow.js backend \`${backend}\`, dense kernel ${kernel}; ${versions}.`,
      `Load average (1, 5, 15 min) at the start: ${formatLoad(loadBefore)}; at the end: ${formatLoad(os.loadavg())}.`,
      'Ratio = our time / reference time, each side in its own process on the same inputs; the timed region excludes reading the inputs. Peak RSS includes the inputs.',
      '',
      table,
      '',
      readFileSync(resolveRepoPath('libs/metrics/bench/bounds.md'), 'utf8').trim(),
      '',
    ].join('\n');
    process.stdout.write(`${section}\n`);
    if (cases.length === BENCH_CASES.length && !quick) {
      writeSection(section);
    } else {
      const reason = quick ? '--quick sizes' : 'only some cases ran';
      process.stderr.write(`${reason}: docs/benchmarks.md left as it was\n`);
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function formatLoad(load: number[]): string {
  return load.map((value) => value.toFixed(1)).join(', ');
}

/** Replaces the `## Metrics` section of docs/benchmarks.md (up to the next `## `), or appends it. */
function writeSection(section: string): void {
  const docs = path.join(path.dirname(resolveRepoPath('libs/metrics')), '..', 'docs');
  const file = path.join(docs, 'benchmarks.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf('## Metrics\n');
  let next: string;
  if (start === -1) {
    next = `${current.trimEnd()}\n\n${section}`;
  } else {
    const end = current.indexOf('\n## ', start + 1);
    next = current.slice(0, start) + section + (end === -1 ? '' : current.slice(end + 1));
  }
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench:metrics: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}
