import { ConflictException, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Submission, type SubmissionStatus } from '@dmlg/db';
import { GradingQueueRouter, parseManifest } from '@dmlg/grading';
import type { Principal } from '../auth/principal';
import { localized } from '../errors/localized-message';
import type { CancellationDto } from './submission.dto';
import { SubmissionReviewService } from './submission-review.service';

/**
 * Cancels a submission that has no grade yet, for its owner or the course's TAs and instructors.
 * A queued submission's job is removed and the submission ends at once. A running one is marked
 * (`cancel_requested_at`): its worker stops the run within about a second and records the
 * submission as cancelled, with no grade. Either way the mark is set first, so a worker that
 * takes the job in between still finds it.
 */
@Injectable()
export class SubmissionCancellationService {
  private readonly logger = new Logger(SubmissionCancellationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: GradingQueueRouter,
    private readonly review: SubmissionReviewService,
  ) {}

  async cancel(principal: Principal, id: string): Promise<CancellationDto> {
    const submission = await this.review.readable(principal, id);
    const marked = await this.updateStatus(
      id,
      {
        cancelRequestedAt: () => 'coalesce(cancel_requested_at, now())',
        cancelledBy: () => 'coalesce(cancelled_by, :userId)',
      },
      ['queued', 'running'],
      principal.user.id,
    );
    if (!marked) {
      throw new ConflictException(
        localized(
          `submission ${id} is already ${submission.status}; only a queued or running submission can be cancelled`,
          `Iesniegums ${id} jau ir ${STATUS_LV[submission.status] ?? submission.status}; atcelt var tikai iesniegumu, kas gaida rindā vai tiek vērtēts`,
        ),
      );
    }

    // remove() returns 0 for a job a worker holds; that worker finds the mark instead.
    const manifest = parseManifest(
      submission.assignment.manifest,
      `assignment ${submission.assignment.slug} v${submission.assignment.version}`,
    );
    const removed = marked.status === 'queued' ? await this.queues.remove(id, manifest) : 0;
    let status = marked.status;
    if (removed === 1) {
      const ended = await this.updateStatus(id, { status: 'cancelled' }, ['queued']);
      status = ended?.status ?? status;
    }
    this.logger.log(
      `user ${principal.user.id} cancelled submission ${id} (${status === 'cancelled' ? 'removed from the queue' : 'its worker stops the run'})`,
    );
    return { id, status: status === 'cancelled' ? 'cancelled' : 'cancelling' };
  }

  /**
   * Updates the submission if its status is one of `from`, and returns its status afterwards, or
   * undefined when the status did not match.
   */
  private async updateStatus(
    id: string,
    values: QueryDeepPartialEntity<Submission>,
    from: SubmissionStatus[],
    userId?: string,
  ): Promise<{ status: SubmissionStatus } | undefined> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Submission)
      .set(values)
      .where('id = :id and status in (:...from)', { id, from, userId })
      .returning(['status'])
      .execute();
    return (result.raw as { status: SubmissionStatus }[])[0];
  }
}

const STATUS_LV: Record<string, string> = {
  graded: 'novērtēts',
  failed: 'neizdevies',
  cancelled: 'atcelts',
};
