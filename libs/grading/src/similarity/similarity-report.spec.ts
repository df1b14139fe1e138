import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findRepositoryRoot } from '@dmlg/config';
import { compareSubmissions, type SubmissionSource } from './similarity-report';

const root = findRepositoryRoot();
const fixtures = join(root, 'libs', 'grading', 'test-fixtures', 'similarity');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

/** A one-file submission whose file is named after the module of the fixtures. */
const submission = (id: string, content: string): SubmissionSource => ({
  id,
  files: [{ path: 'kmeans.py', content }],
});

function pairOf(
  report: ReturnType<typeof compareSubmissions>,
  left: string,
  right: string,
): ReturnType<typeof compareSubmissions>['pairs'][number] | undefined {
  return report.pairs.find(
    (pair) =>
      (pair.left === left && pair.right === right) || (pair.left === right && pair.right === left),
  );
}

describe('compareSubmissions', () => {
  const report = compareSubmissions(
    [
      submission('original', fixture('original.py')),
      submission('renamed', fixture('renamed.py')),
      submission('different', fixture('different.py')),
    ],
    [],
  );

  it('ranks the renamed copy first', () => {
    assert.equal(report.pairs[0].left, 'original');
    assert.equal(report.pairs[0].right, 'renamed');
  });

  it('scores the renamed copy high', () => {
    const pair = pairOf(report, 'original', 'renamed');
    assert.ok(pair && pair.jaccard > 0.8, `Jaccard ${pair?.jaccard}, expected above 0.8`);
  });

  it('scores an independent solution low', () => {
    for (const other of ['original', 'renamed']) {
      const jaccard = pairOf(report, other, 'different')?.jaccard ?? 0;
      assert.ok(jaccard < 0.1, `${other} vs different: Jaccard ${jaccard}, expected below 0.1`);
    }
  });

  it('maps a copied block to both sides', () => {
    const regions = pairOf(report, 'original', 'renamed')?.regions ?? [];
    // The Lloyd loop: lines 22-37 of original.py, lines 25-37 of renamed.py.
    const loop = regions.find((region) => region.left.startLine <= 24 && region.left.endLine >= 36);
    assert.ok(loop, `no region spans the Lloyd loop: ${JSON.stringify(regions)}`);
    assert.ok(loop.right.startLine <= 27, `right side starts at ${loop.right.startLine}`);
    assert.ok(loop.right.endLine >= 36, `right side ends at ${loop.right.endLine}`);
    assert.equal(loop.left.path, 'kmeans.py');
  });

  it('ignores the starter code', () => {
    const starter = fixture('starter.py');
    const submissions = [
      submission('a', `${starter}\n${fixture('original.py')}`),
      submission('b', `${starter}\n${fixture('different.py')}`),
    ];
    const withStarter = compareSubmissions(submissions, [{ path: 'kmeans.py', content: starter }]);
    const without = compareSubmissions(submissions, []);
    const excluded = withStarter.pairs[0]?.jaccard ?? 0;
    const included = without.pairs[0]?.jaccard ?? 0;
    assert.ok(included > 0.2, `without the starter excluded, Jaccard ${included}`);
    assert.ok(excluded < 0.1, `with the starter excluded, Jaccard ${excluded}`);
  });

  it('scores a starter-only submission zero', () => {
    const starter = fixture('starter.py');
    const result = compareSubmissions(
      [submission('untouched', starter), submission('original', fixture('original.py'))],
      [{ path: 'kmeans.py', content: starter }],
    );
    assert.equal(result.submissions[0].fingerprints, 0);
    assert.equal(result.pairs.length, 0);
  });

  it('ignores comments and docstrings', () => {
    const plain = 'def f(x):\n    y = x * 2 + 1\n    return [y for _ in range(3)]\n';
    const noisy =
      'def f(x):\n    """Double it."""\n    # twice\n    y = x * 2 + 1  # plus one\n' +
      '    return [\n        y for _ in range(3)\n    ]\n';
    const result = compareSubmissions([submission('p', plain), submission('n', noisy)], []);
    assert.equal(result.pairs[0]?.jaccard, 1);
  });

  it('keeps reference solutions apart', () => {
    const folder = join(root, 'reference-solutions');
    const references = readdirSync(folder).flatMap((assignment) =>
      readdirSync(join(folder, assignment))
        .filter((name) => name.endsWith('.py'))
        .map((name) => ({
          id: assignment,
          files: [{ path: name, content: readFileSync(join(folder, assignment, name), 'utf8') }],
        })),
    );
    const result = compareSubmissions(references, []);
    // The PyTorch solutions (assignments 4 to 9) share their shape by design: small nn.Module
    // networks, a training step, torch idioms that look alike once names are normalised. The
    // numpy solutions must look unrelated to each other and to the PyTorch ones.
    const family = (id: string): string => (/^0[4-9]-/.test(id) ? 'pytorch' : id);
    const related = result.pairs.filter(
      (pair) => family(pair.left) !== family(pair.right) && pair.jaccard >= 0.1,
    );
    assert.deepEqual(
      related.map((pair) => `${pair.left} vs ${pair.right}: Jaccard ${pair.jaccard.toFixed(3)}`),
      [],
    );
  });

  it('handles no submissions', () => {
    assert.deepEqual(compareSubmissions([], []).pairs, []);
  });
});
