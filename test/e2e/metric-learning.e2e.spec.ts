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
const fixtures = join(repositoryRoot, 'test', 'fixtures', 'submissions', '04-contrastive-loss');
const reference = join(repositoryRoot, 'reference-solutions', '04-contrastive-loss');

/**
 * Each known-bad submission of assignment 4: the highest score it may reach, the check that must
 * score 0 (or below one half), and what that check's message must say. Thresholds sit a few
 * points above the scores measured when the fixtures were written (see their README.md).
 */
const KNOWN_BAD = [
  {
    folder: 'flipped-pair-label',
    below: 50,
    check: 'loss-same-pairs',
    message: /same = 1 marks a pair of the same class/,
  },
  {
    folder: 'same-column-broadcast',
    below: 90,
    check: 'loss-mixed-pairs',
    message: /\(B, 1\).*\(B, B\)/,
  },
  {
    folder: 'squared-distance-margin',
    below: 85,
    check: 'loss-different-pairs',
    message: /margin with d or with d²/,
  },
  {
    folder: 'sqrt-nan-gradient',
    below: 75,
    check: 'loss-same-pairs',
    message: /NonFiniteGradient.*torch\.clamp/,
  },
  {
    folder: 'unnormalized-embeddings',
    below: 50,
    check: 'recall-at-1',
    message: /NotNormalized.*normalize/,
  },
  {
    folder: 'easy-negative-miner',
    below: 85,
    check: 'hard-negative-pairs',
    message: /hardest negative, not the easiest/,
  },
] as const;

describe('metric-learning grading end to end', { timeout: 20 * 60 * 1000 }, () => {
  let stack: RunningStack;

  async function grade(path: string): Promise<SubmissionView> {
    const result = await runNode(
      'dist/apps/cli/src/main.js',
      ['grade', 'contrastive-loss', path, '--timeout', '300'],
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
    stack = await startStack('e2e_metric_learning', 3370, 7);
  });

  after(async () => {
    await stack?.stop();
  });

  it('reference scores 100', async () => {
    const submission = await grade(reference);
    assert.equal(submission.status, 'graded');
    assert.equal(submission.score, 100, JSON.stringify(submission.checks));
  });

  it('regrade gives same score', async () => {
    const first = await grade(join(fixtures, 'easy-negative-miner'));
    const second = await grade(join(fixtures, 'easy-negative-miner'));
    assert.equal(second.score, first.score);
  });

  for (const bad of KNOWN_BAD) {
    it(`${bad.folder} scores below ${bad.below}`, async () => {
      const submission = await grade(join(fixtures, bad.folder));
      assert.equal(submission.status, 'graded');
      assert.ok((submission.score ?? 100) < bad.below, `score ${submission.score}`);
      const flagged = check(submission, bad.check);
      assert.ok(flagged.score < 0.5, `${bad.check} score ${flagged.score}`);
      assert.match(flagged.message, bad.message);
    });
  }
});
