import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import Docker from 'dockerode';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '@dmlg/config';
import { Assignment, Course, GradingRun, Submission, User, dataSourceOptions } from '@dmlg/db';
import { GRADING_QUEUE, redisConnectionOptions, type GradeSubmissionJobData } from '@dmlg/grading';
import { RUN_LABEL } from '@dmlg/sandbox';
import { freshTestDatabase } from '../../../../test/support/test-database';
import { AbandonedRunsService } from './abandoned-runs.service';
import { StuckRunSweeperService } from './stuck-run-sweeper.service';

/** Redis database of this spec; the e2e stacks use 1 to 3. */
const REDIS_DATABASE = 4;

describe('StuckRunSweeperService', () => {
  let dataSource: DataSource;
  let queue: Queue<GradeSubmissionJobData>;
  let sweeper: StuckRunSweeperService;
  let docker: Docker;
  let assignmentId: string;
  let userId: string;

  /** Inserts a submission left `running` with a run that started `ageMinutes` ago. */
  async function stuckSubmission(ageMinutes: number, attempts = 0): Promise<Submission> {
    const startedAt = new Date(Date.now() - ageMinutes * 60_000);
    const submission = await dataSource.getRepository(Submission).save({
      assignmentId,
      userId,
      status: 'running',
      files: [],
      startedAt,
      infrastructureAttempts: attempts,
    });
    await dataSource.getRepository(GradingRun).save({
      submissionId: submission.id,
      assignmentId,
      workerName: 'dead-worker',
      imageTag: 'dmlg-sandbox-cpu:test',
      limits: { wall_seconds: 60 },
      startedAt,
    });
    return submission;
  }

  before(async () => {
    const url = process.env.DMLG_TEST_REDIS_URL;
    assert.ok(url, 'DMLG_TEST_REDIS_URL is not set: run the tests with npm test');
    dataSource = new DataSource(dataSourceOptions(await freshTestDatabase('stuck_run_sweeper')));
    await dataSource.initialize();
    await dataSource.runMigrations();
    queue = new Queue(GRADING_QUEUE, {
      connection: redisConnectionOptions(`${url.replace(/\/\d*$/, '')}/${REDIS_DATABASE}`),
    });
    await queue.obliterate({ force: true });

    const course = await dataSource
      .getRepository(Course)
      .save({ slug: 'sweeper-test', title: { en: 'Test', lv: 'Tests' } });
    const user = await dataSource
      .getRepository(User)
      .save({ email: 'sweeper@example.invalid', displayName: 'Sweeper', role: 'student' });
    const assignment = await dataSource.getRepository(Assignment).save({
      courseId: course.id,
      slug: 'kmeans',
      number: 2,
      version: 1,
      title: { en: 'K-Means', lv: 'K-vidējie' },
      manifest: {},
      manifestSha256: '0'.repeat(64),
    });
    assignmentId = assignment.id;
    userId = user.id;

    const config = loadAppConfig({ DMLG_INFRASTRUCTURE_ATTEMPTS: '3' });
    docker = new Docker({ socketPath: config.dockerSocket });
    sweeper = new StuckRunSweeperService(
      config,
      queue,
      dataSource.getRepository(Submission),
      dataSource.getRepository(GradingRun),
      new AbandonedRunsService(docker, dataSource.getRepository(GradingRun)),
    );
  });

  after(async () => {
    await queue?.obliterate({ force: true });
    await queue?.close();
    await dataSource?.destroy();
  });

  it('re-queues a lost run', async () => {
    const submission = await stuckSubmission(10);
    await sweeper.sweep();
    const row = await dataSource.getRepository(Submission).findOneByOrFail({ id: submission.id });
    assert.equal(row.status, 'queued');
    assert.equal(row.infrastructureAttempts, 1);
    assert.ok(await queue.getJob(submission.id), 'no job enqueued');
    const run = await dataSource
      .getRepository(GradingRun)
      .findOneByOrFail({ submissionId: submission.id });
    assert.equal(run.outcome, 'infrastructure-error');
    assert.match(run.errorMessage ?? '', /run lost: no result \d+ s after it started/);
  });

  it('removes a lost run volume', async () => {
    const submission = await stuckSubmission(10);
    const run = await dataSource
      .getRepository(GradingRun)
      .findOneByOrFail({ submissionId: submission.id });
    await docker.createVolume({ Name: `dmlg-run-${run.id}-0`, Labels: { [RUN_LABEL]: run.id } });
    await sweeper.sweep();
    const listed = await docker.listVolumes({ filters: { label: [`${RUN_LABEL}=${run.id}`] } });
    assert.deepEqual(listed.Volumes ?? [], []);
  });

  it('fails at the attempt limit', async () => {
    const submission = await stuckSubmission(10, 2);
    await sweeper.sweep();
    const row = await dataSource.getRepository(Submission).findOneByOrFail({ id: submission.id });
    assert.equal(row.status, 'failed');
    assert.match(row.failureReason ?? '', /grading failed 3 times because of a grader fault/);
  });

  it('leaves a run within its limit', async () => {
    const submission = await stuckSubmission(2.5);
    await sweeper.sweep();
    const row = await dataSource.getRepository(Submission).findOneByOrFail({ id: submission.id });
    assert.equal(row.status, 'running');
  });
});
