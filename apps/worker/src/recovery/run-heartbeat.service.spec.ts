import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { Course, GradingRun, dataSourceOptions } from '@dmlg/db';
import { saveManifestAssignment } from '../../../../test/support/manifest-assignment';
import { freshTestDatabase } from '../../../../test/support/test-database';
import { RunHeartbeatService } from './run-heartbeat.service';

describe('RunHeartbeatService', () => {
  let dataSource: DataSource;
  let heartbeats: RunHeartbeatService;
  let assignmentId: string;

  /** Inserts a reference run row with `outcome`, started a minute ago and never stamped. */
  async function runRow(outcome: GradingRun['outcome']): Promise<GradingRun> {
    return dataSource.getRepository(GradingRun).save({
      assignmentId,
      purpose: 'reference',
      workerName: 'this-worker',
      imageTag: 'dmlg-sandbox-cpu:test',
      limits: { wall_seconds: 60 },
      startedAt: new Date(Date.now() - 60_000),
      outcome,
    });
  }

  const heartbeatOf = async (run: GradingRun): Promise<Date | null> =>
    (await dataSource.getRepository(GradingRun).findOneByOrFail({ id: run.id })).heartbeatAt;

  before(async () => {
    dataSource = new DataSource(dataSourceOptions(await freshTestDatabase('run_heartbeat')));
    await dataSource.initialize();
    await dataSource.runMigrations();
    const course = await dataSource
      .getRepository(Course)
      .save({ slug: 'heartbeat-test', title: { en: 'Test', lv: 'Tests' } });
    const assignment = await saveManifestAssignment(dataSource, course.id, '02-kmeans');
    assignmentId = assignment.id;
    heartbeats = new RunHeartbeatService(dataSource.getRepository(GradingRun));
  });

  after(async () => {
    await dataSource?.destroy();
  });

  it('stamps only tracked running runs', async () => {
    const tracked = await runRow('running');
    const untracked = await runRow('running');
    const finished = await runRow('completed');
    heartbeats.track(tracked.id);
    heartbeats.track(finished.id);
    const now = new Date('2026-12-05T12:00:00Z');

    assert.equal(await heartbeats.beat(now), 1);

    assert.deepEqual(await heartbeatOf(tracked), now);
    assert.equal(await heartbeatOf(untracked), null);
    assert.equal(await heartbeatOf(finished), null);
  });

  it('stops stamping an untracked run', async () => {
    const run = await runRow('running');
    heartbeats.track(run.id);
    await heartbeats.beat(new Date('2026-12-05T12:00:00Z'));
    heartbeats.untrack(run.id);

    await heartbeats.beat(new Date('2026-12-05T12:00:10Z'));

    assert.deepEqual(await heartbeatOf(run), new Date('2026-12-05T12:00:00Z'));
  });
});
