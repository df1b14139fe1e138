import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepositoryRoot } from '@dmlg/config';
import { compareSubmissions, type SubmissionSource } from './similarity-report';

/**
 * Times `compareSubmissions` on synthetic classes: each student's file is the first 200 lines of
 * the K-Means reference solution with its own identifier names and a few lines deleted, so
 * every pair overlaps heavily (a worse case than real submissions). Also times n identical copies,
 * the worst case of pair counting. Prints one Markdown table row per case.
 */
const root = findRepositoryRoot();
const reference = readFileSync(join(root, 'reference-solutions', '02-kmeans', 'kmeans.py'), 'utf8')
  .split('\n')
  .slice(0, 200);
const starter = readFileSync(
  join(root, 'assignments', '02-kmeans', 'starter', 'kmeans.py'),
  'utf8',
);

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same inputs. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function variant(student: number): string {
  const next = random(student + 1);
  // Rename every assignment target; drop about 3% of the lines that are not block headers.
  const lines = reference.filter((line) => /:\s*$/.test(line) || next() > 0.03);
  return lines.join('\n').replace(/\b([a-z_][a-z0-9_]*)\b(?=\s*=[^=])/g, `$1_s${student}`);
}

function time(name: string, submissions: SubmissionSource[]): void {
  const started = performance.now();
  const report = compareSubmissions(submissions, [{ path: 'kmeans.py', content: starter }]);
  const seconds = (performance.now() - started) / 1000;
  const lines = submissions.reduce(
    (sum, submission) => sum + submission.files[0].content.split('\n').length,
    0,
  );
  console.log(
    `| ${name} | ${submissions.length} | ${lines} | ${report.pairsWithOverlap} | ${seconds.toFixed(2)} |`,
  );
}

const classOf = (n: number, make: (student: number) => string): SubmissionSource[] =>
  Array.from({ length: n }, (_, student) => ({
    id: `s${student}`,
    files: [{ path: 'kmeans.py', content: make(student) }],
  }));

console.log('| case | submissions | lines | overlapping pairs | seconds |');
console.log('| --- | ---: | ---: | ---: | ---: |');
time('renamed variants', classOf(64, variant));
time('renamed variants', classOf(300, variant));
time(
  'identical copies',
  classOf(64, () => reference.join('\n')),
);
time(
  'identical copies',
  classOf(300, () => reference.join('\n')),
);
