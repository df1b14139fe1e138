import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Logger } from '@nestjs/common';
import Docker from 'dockerode';
import { findRepositoryRoot } from '@dmlg/config';
import { ensureSandboxImage } from './sandbox-image';
import { removeOverdueRuns, removeSandboxLeftovers } from './sandbox-leftovers';
import { DEADLINE_LABEL, RUN_LABEL } from './sandbox-request';

const docker = new Docker();
const logger = new Logger('sandbox-leftovers.spec');
const TEST_LABEL = { 'dmlg.test': 'sandbox-leftovers.spec' };

/** Starts a sleeping container labelled like a run, with the given deadline (epoch seconds). */
async function startRunContainer(image: string, runId: string, deadline: number): Promise<void> {
  const container = await docker.createContainer({
    name: `dmlg-run-${runId}`,
    Image: image,
    Cmd: ['sleep', '600'],
    Labels: { ...TEST_LABEL, [RUN_LABEL]: runId, [DEADLINE_LABEL]: String(deadline) },
    NetworkDisabled: true,
    HostConfig: { NetworkMode: 'none', AutoRemove: false },
  });
  await container.start();
}

async function runContainers(runId: string): Promise<number> {
  const listed = await docker.listContainers({
    all: true,
    filters: { label: [`${RUN_LABEL}=${runId}`] },
  });
  return listed.length;
}

describe('removeOverdueRuns', () => {
  let image = '';
  const overdue = `overdue-${randomBytes(4).toString('hex')}`;
  const current = `current-${randomBytes(4).toString('hex')}`;

  before(async () => {
    image = (await ensureSandboxImage(docker, findRepositoryRoot(), logger)).tag;
    const now = Math.floor(Date.now() / 1000);
    await startRunContainer(image, overdue, now - 5);
    await startRunContainer(image, current, now + 600);
  });

  after(async () => {
    await removeSandboxLeftovers(docker, logger, undefined, TEST_LABEL);
  });

  it('removes only runs past their deadline', async () => {
    const removed = await removeOverdueRuns(docker, logger);
    assert.ok(removed.includes(overdue), JSON.stringify(removed));
    assert.ok(!removed.includes(current), JSON.stringify(removed));
    assert.equal(await runContainers(overdue), 0);
    assert.equal(await runContainers(current), 1);
  });
});
