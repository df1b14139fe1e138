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
const fixtures = join(repositoryRoot, 'test', 'fixtures', 'submissions', '06-proxy-nca');
const reference = join(repositoryRoot, 'reference-solutions', '06-proxy-nca');

/**
 * Each known-bad submission of assignment 6: the highest score it may reach, the check that must
 * score below one half, and what that check's message must say. Thresholds sit a few points
 * above the scores measured when the fixtures were written (see their README.md).
 */
const KNOWN_BAD = [
  {
    folder: 'unnormalized-proxies',
    below: 65,
    check: 'loss-unit-scale',
    message: /normalise both inside forward/,
  },
  {
    folder: 'positive-in-denominator',
    below: 65,
    check: 'loss-unit-scale',
    message: /leave the positive proxy p_y out of the sum/,
  },
  {
    folder: 'log-softmax-sign',
    below: 58,
    check: 'loss-unit-scale',
    message: /not its negation/,
  },
  {
    folder: 'scale-as-temperature',
    below: 80,
    check: 'loss-scaled',
    message: /multiplied by s \(not divided by it/,
  },
  {
    folder: 'frozen-proxies',
    below: 89,
    check: 'proxy-gradient',
    message: /not a buffer/,
  },
  {
    folder: 'naive-log-sum-exp',
    below: 94,
    check: 'loss-confident',
    message: /NonFiniteGradient.*torch\.logsumexp/,
  },
] as const;

describe('proxy-nca grading end to end', { timeout: 20 * 60 * 1000 }, () => {
  let stack: RunningStack;

  async function grade(path: string): Promise<SubmissionView> {
    const result = await runNode(
      'dist/apps/cli/src/main.js',
      ['grade', 'proxy-nca', path, '--timeout', '300'],
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
    stack = await startStack('e2e_proxy_nca', 3410, 12);
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
