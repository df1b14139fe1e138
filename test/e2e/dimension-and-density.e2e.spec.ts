import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findRepositoryRoot } from '@dmlg/config';
import { findCheck, gradeWithCli } from '../support/grade-with-cli';
import { startStack, type RunningStack } from '../support/running-stack';

const root = findRepositoryRoot();
const fixtures = join(root, 'test', 'fixtures', 'submissions');

/** A known-bad submission: the check it must fail (score below 0.5) and what the message must name. */
interface BadCase {
  folder: string;
  check: string;
  message: RegExp;
}

const ASSIGNMENTS: { slug: string; folder: string; bad: BadCase[] }[] = [
  {
    slug: 'dimension-reduction',
    folder: '01-dimension-reduction',
    bad: [
      { folder: 'pca-uncentred', check: 'pca-explained-variance', message: /centred data/ },
      { folder: 'pca-unnormalised', check: 'pca-orthonormal', message: /orthonormal/ },
      { folder: 'nca-softmax-wrong-axis', check: 'nca-knn', message: /axis=1/ },
    ],
  },
  {
    slug: 'density-clustering',
    folder: '03-density-clustering',
    bad: [
      {
        folder: 'dbscan-noncore-expansion',
        check: 'dbscan-exact',
        message: /only core points expand a cluster/,
      },
      {
        folder: 'dbscan-first-point-noise',
        check: 'dbscan-exact',
        message: /starts a cluster gets the cluster label/,
      },
      { folder: 'hdbscan-global-cut', check: 'hdbscan-ari', message: /stability/ },
    ],
  },
];

describe(
  'dimension reduction and density clustering end to end',
  { timeout: 30 * 60 * 1000 },
  () => {
    let stack: RunningStack;

    before(async () => {
      stack = await startStack('e2e_assignments_1_3', 3330, 3);
    });

    after(async () => {
      await stack?.stop();
    });

    for (const assignment of ASSIGNMENTS) {
      it(`${assignment.slug} reference scores 100`, async () => {
        const { code, submission } = await gradeWithCli(
          stack,
          assignment.slug,
          join(root, 'reference-solutions', assignment.folder),
        );
        assert.equal(code, 0);
        assert.equal(
          submission.score,
          100,
          JSON.stringify(submission.checks.map((check) => [check.id, check.score, check.message])),
        );
      });

      it(`${assignment.slug} starter scores 0`, async () => {
        const { submission } = await gradeWithCli(
          stack,
          assignment.slug,
          join(root, 'assignments', assignment.folder, 'starter'),
        );
        assert.equal(submission.score, 0);
        for (const check of submission.checks) {
          assert.match(check.message, /implement/, `check ${check.id}: ${check.message}`);
        }
      });

      for (const bad of assignment.bad) {
        it(`${assignment.slug} ${bad.folder} fails ${bad.check}`, async () => {
          const { submission } = await gradeWithCli(
            stack,
            assignment.slug,
            join(fixtures, assignment.folder, bad.folder),
          );
          assert.equal(submission.status, 'graded');
          const check = findCheck(submission, bad.check);
          assert.ok(check.score < 0.5, `${bad.check} scored ${check.score}: ${check.message}`);
          assert.match(check.message, bad.message);
        });
      }
    }
  },
);
