import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import Docker from 'dockerode';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '@dmlg/config';
import { Course, GradingRun, Submission, User, dataSourceOptions } from '@dmlg/db';
import {
  GRADE_SUBMISSION_JOB,
  GRADING_QUEUE,
  GradingQueueRouter,
  PRACTICAL_QUEUE,
  redisConnectionOptions,
  type GradingJobData,
} from '@dmlg/grading';
import { RUN_LABEL } from '@dmlg/sandbox';
import { saveManifestAssignment } from '../../../../test/support/manifest-assignment';
import { freshTestDatabase } from '../../../../test/support/test-database';
import { AbandonedRunsService } from './abandoned-runs.service';
import { StuckRunSweeperService } from './stuck-run-sweeper.service';

/** Redis database of this spec; the e2e stacks use 1 to 3. */
const REDIS_DATABASE = 4;

describe('StuckRunSweeperService', () => {
  let dataSource: DataSource;
  let queue: Queue<GradingJobData>;
  let router: GradingQueueRouter;
  let sweeper: StuckRunSweeperService;
  let docker: Docker;
  let assignmentId: string;
  let practicalAssignmentId: string;
  let userId: string;

  /**
   * Inserts a submission left `running` with a run that started `ageMinutes` ago. The run's last
   * heartbeat was `heartbeatMinutes` ago, or it has none when that is left out.
   */
  async function stuckSubmission(
    ageMinutes: number,
    attempts = 0,
    assignment = assignmentId,
    heartbeatMinutes?: number,
  ): Promise<Submission> {
    const startedAt = new Date(Date.now() - ageMinutes * 60_000);
    const submission = await dataSource.getRepository(Submission).save({
      assignmentId: assignment,
      userId,
      status: 'running',
      files: [],
      startedAt,
      infrastructureAttempts: attempts,
    });
    await dataSource.getRepository(GradingRun).save({
      submissionId: submission.id,
      assignmentId: assignment,
      workerName: 'dead-worker',
      imageTag: 'dmlg-sandbox-cpu:test',
      limits: { wall_seconds: 60 },
      startedAt,
      heartbeatAt:
        heartbeatMinutes === undefined ? null : new Date(Date.now() - heartbeatMinutes * 60_000),
    });
    return submission;
  }

  before(async () => {
    const url = process.env.DMLG_TEST_REDIS_URL;
    assert.ok(url, 'DMLG_TEST_REDIS_URL is not set: run the tests with npm test');
    dataSource = new DataSource(dataSourceOptions(await freshTestDatabase('stuck_run_sweeper')));
    await dataSource.initialize();
    await dataSource.runMigrations();
    const connection = redisConnectionOptions(`${url.replace(/\/\d*$/, '')}/${REDIS_DATABASE}`);
    queue = new Queue(GRADING_QUEUE, { connection });
    await queue.obliterate({ force: true });
    router = new GradingQueueRouter(queue, connection, 3);
    await router.queueFor({ lane: 'practical' }).obliterate({ force: true });

    const course = await dataSource
      .getRepository(Course)
      .save({ slug: 'sweeper-test', title: { en: 'Test', lv: 'Tests' } });
    const user = await dataSource
      .getRepository(User)
      .save({ email: 'sweeper@example.invalid', displayName: 'Sweeper', role: 'student' });
    // Real manifests: the sweeper finds each job on the queue its assignment's manifest names.
    assignmentId = (await saveManifestAssignment(dataSource, course.id, '02-kmeans')).id;
    practicalAssignmentId = (
      await saveManifestAssignment(dataSource, course.id, '21-practical-lloyd')
    ).id;
    userId = user.id;

    const config = loadAppConfig({ DMLG_INFRASTRUCTURE_ATTEMPTS: '3' });
    docker = new Docker({ socketPath: config.dockerSocket });
    sweeper = new StuckRunSweeperService(
      config,
      router,
      dataSource.getRepository(Submission),
      dataSource.getRepository(GradingRun),
      new AbandonedRunsService(docker, dataSource.getRepository(GradingRun)),
    );
  });

  after(async () => {
    await router?.queueFor({ lane: 'practical' }).obliterate({ force: true });
    await router?.onApplicationShutdown();
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

  it('re-queues a lost practical run on the practical queue', async () => {
    const submission = await stuckSubmission(10, 0, practicalAssignmentId);
    await sweeper.sweep();
    const row = await dataSource.getRepository(Submission).findOneByOrFail({ id: submission.id });
    assert.equal(row.status, 'queued');
    const practical = router.queueFor({ lane: 'practical' });
    assert.equal(practical.name, PRACTICAL_QUEUE);
    assert.ok(await practical.getJob(submission.id), 'no job on the practical queue');
    assert.equal(await queue.getJob(submission.id), undefined, 'job put on the grading queue');
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

  it('re-queues a silent run early', async () => {
    // Started 2.5 min ago (within 60 s + 120 s), last heartbeat 1.5 min ago (over the 60 s limit).
    const submission = await stuckSubmission(2.5, 0, assignmentId, 1.5);
    await sweeper.sweep();
    const row = await dataSource.getRepository(Submission).findOneByOrFail({ id: submission.id });
    assert.equal(row.status, 'queued');
    assert.ok(await queue.getJob(submission.id), 'no job enqueued');
    const run = await dataSource
      .getRepository(GradingRun)
      .findOneByOrFail({ submissionId: submission.id });
    assert.equal(run.outcome, 'infrastructure-error');
    assert.match(run.errorMessage ?? '', /no heartbeat from worker dead-worker for 90 s/);
  });

  it('leaves a beating run past its limit', async () => {
    // Redis lost the job of a live worker. Its heartbeat is 20 s old, so it will record a result.
    const submission = await stuckSubmission(10, 0, assignmentId, 20 / 60);
    await sweeper.sweep();
    const row = await dataSource.getRepository(Submission).findOneByOrFail({ id: submission.id });
    assert.equal(row.status, 'running');
    assert.equal(await queue.getJob(submission.id), undefined);
  });

  it('leaves a silent run still waiting', async () => {
    const submission = await stuckSubmission(2.5, 0, assignmentId, 1.5);
    await queue.add(
      GRADE_SUBMISSION_JOB,
      { submissionId: submission.id },
      { jobId: submission.id },
    );
    await sweeper.sweep();
    const row = await dataSource.getRepository(Submission).findOneByOrFail({ id: submission.id });
    assert.equal(row.status, 'running');
    assert.equal(row.infrastructureAttempts, 0);
  });

  it('leaves a young run without heartbeats', async () => {
    const submission = await stuckSubmission(2.5);
    await sweeper.sweep();
    const row = await dataSource.getRepository(Submission).findOneByOrFail({ id: submission.id });
    assert.equal(row.status, 'running');
  });
});
