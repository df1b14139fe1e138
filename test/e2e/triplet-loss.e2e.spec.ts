import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findRepositoryRoot } from '@dmlg/config';
import { runNode, startStack, type RunningStack } from '../support/running-stack';

interface CheckView {
  id: string;
  score: number;
  message: string;
}

interface SubmissionView {
  id: string;
  status: string;
  score: number | null;
  checks: CheckView[];
}

const repositoryRoot = findRepositoryRoot();
const fixtures = join(repositoryRoot, 'test', 'fixtures', 'submissions', '05-triplet-loss');
const reference = join(repositoryRoot, 'reference-solutions', '05-triplet-loss');

/**
 * Each known-bad submission of assignment 5: the highest score it may reach, the check that must
 * score below one half, and what that check's message must say. Thresholds sit a few points
 * above the scores measured when the fixtures were written (see their README.md).
 */
const KNOWN_BAD = [
  {
    folder: 'easy-triplet-miner',
    below: 85,
    check: 'batch-hard',
    message: /hardest triplet, not the easiest/,
  },
  {
    folder: 'squared-distance-margin',
    below: 87,
    check: 'loss-margin',
    message: /compare it with d, not with d²/,
  },
  {
    folder: 'unnormalized-embeddings',
    below: 50,
    check: 'recall-at-1',
    message: /NotNormalized.*normalize/,
  },
  {
    folder: 'semi-hard-no-lower-bound',
    below: 90,
    check: 'semi-hard',
    message: /strict inequalities/,
  },
  {
    folder: 'semi-hard-fallback',
    below: 98,
    check: 'semi-hard-narrow',
    message: /no triplet for a pair without one/,
  },
  {
    folder: 'uniform-negative-sampler',
    below: 97,
    check: 'distance-weighted',
    message: /1 \/ q\(max/,
  },
] as const;

describe('triplet-loss grading end to end', { timeout: 20 * 60 * 1000 }, () => {
  let stack: RunningStack;

  async function grade(path: string): Promise<SubmissionView> {
    const result = await runNode(
      'dist/apps/cli/src/main.js',
      ['grade', 'triplet-loss', path, '--timeout', '300'],
      { DMLG_URL: stack.baseUrl, DMLG_TOKEN: stack.token, LANG: 'en' },
    );
    assert.ok(
      result.stdout.trim().startsWith('{'),
      `CLI printed no JSON; stderr: ${result.stderr}`,
    );
    return JSON.parse(result.stdout) as SubmissionView;
  }

  function check(submission: SubmissionView, id: string): CheckView {
    const found = submission.checks.find((entry) => entry.id === id);
    assert.ok(found, `check ${id} missing`);
    return found;
  }

  before(async () => {
    stack = await startStack('e2e_triplet_loss', 3390, 9);
  });

  after(async () => {
    await stack?.stop();
  });

  it('reference scores 100', async () => {
    const submission = await grade(reference);
    assert.equal(submission.status, 'graded');
    assert.equal(submission.score, 100, JSON.stringify(submission.checks));
  });

  for (const bad of KNOWN_BAD) {
    it(`${bad.folder} scores below ${bad.below}`, async () => {
      const submission = await grade(join(fixtures, bad.folder));
      assert.equal(submission.status, 'graded');
      assert.ok(
        (submission.score ?? 100) < bad.below,
        `score ${submission.score} ${JSON.stringify(submission.checks)}`,
      );
      const flagged = check(submission, bad.check);
      assert.ok(flagged.score < 0.5, `${bad.check} score ${flagged.score}`);
      assert.match(flagged.message, bad.message);
    });
  }
});
