import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type Docker from 'dockerode';
import type { Repository } from 'typeorm';
import { GradingRun } from '@dmlg/db';
import { removeSandboxLeftovers, RUN_LABEL } from '@dmlg/sandbox';
import { DOCKER } from '../sandbox/sandbox.provider';

/**
 * Closes the runs of a submission that no live worker will finish: their worker was killed
 * (SIGKILL, out of memory, power loss) or lost Postgres in the middle of the run, and BullMQ
 * handed the job to another worker. Each such run is recorded as an infrastructure fault, so the
 * submission's history shows one counted run, and its containers and volumes are removed, so the
 * dead worker's sandbox does not run on or hold disk.
 *
 * A run counts as abandoned only when a new attempt of its submission starts (the job was
 * re-delivered, so BullMQ judged its worker dead) or when the stuck-run sweeper gives up on it.
 */
@Injectable()
export class AbandonedRunsService {
  private readonly logger = new Logger(AbandonedRunsService.name);

  constructor(
    @Inject(DOCKER) private readonly docker: Docker,
    @InjectRepository(GradingRun) private readonly runs: Repository<GradingRun>,
  ) {}

  /**
   * Marks every run of `submissionId` still `running` as an infrastructure fault with `reason`
   * and removes its sandbox leftovers; returns the closed runs' ids.
   */
  async closeFor(submissionId: string, reason: string): Promise<string[]> {
    const open = await this.runs.find({
      where: { submissionId, outcome: 'running' },
      select: { id: true },
    });
    const closed: string[] = [];
    for (const { id } of open) {
      // Conditional on the outcome, so a run whose worker records a result meanwhile keeps it.
      const updated = await this.runs
        .createQueryBuilder()
        .update()
        .set({ outcome: 'infrastructure-error', finishedAt: new Date(), errorMessage: reason })
        .where('id = :id and outcome = :outcome', { id, outcome: 'running' })
        .execute();
      if (!updated.affected) continue;
      closed.push(id);
      this.logger.warn(`run ${id} of submission ${submissionId} closed: ${reason}`);
      await this.removeSandbox(id);
    }
    return closed;
  }

  /**
   * Removes the containers and volumes labelled with `runId`. Failures are logged, not thrown:
   * a leftover costs disk, not a grade, and the janitor removes old ones at the next start.
   */
  async removeSandbox(runId: string): Promise<void> {
    try {
      // Logs each container and volume it removes.
      await removeSandboxLeftovers(this.docker, this.logger, undefined, { [RUN_LABEL]: runId });
    } catch (error) {
      // TODO: a run dispatched to Slurm or PBS leaves its cluster job; cancel it here once the
      // dispatcher records the scheduler's job id on the run row.
      this.logger.warn(
        `could not remove the sandbox of abandoned run ${runId}: ${(error as Error).message}`,
      );
    }
  }
}
