import { ConflictException, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
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
 * takes the job in between still sees it.
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
    const [marked]: { status: string }[] = await this.dataSource.query(
      `update submissions
          set cancel_requested_at = coalesce(cancel_requested_at, now()),
              cancelled_by = coalesce(cancelled_by, $2)
        where id = $1 and status in ('queued', 'running')
        returning status`,
      [id, principal.user.id],
    );
    if (!marked) {
      throw new ConflictException(
        localized(
          `submission ${id} is already ${submission.status}; only a queued or running submission can be cancelled`,
          `Iesniegums ${id} jau ir ${STATUS_LV[submission.status] ?? submission.status}; atcelt var tikai iesniegumu, kas gaida rindā vai tiek vērtēts`,
        ),
      );
    }

    // remove() returns 0 for a job a worker holds; that worker sees the mark instead.
    const manifest = parseManifest(
      submission.assignment.manifest,
      `assignment ${submission.assignment.slug} v${submission.assignment.version}`,
    );
    const removed = marked.status === 'queued' ? await this.queues.remove(id, manifest) : 0;
    let status = marked.status;
    if (removed === 1) {
      const [ended]: { status: string }[] = await this.dataSource.query(
        `update submissions set status = 'cancelled'
          where id = $1 and status = 'queued' returning status`,
        [id],
      );
      status = ended?.status ?? status;
    }
    this.logger.log(
      `user ${principal.user.id} cancelled submission ${id} (${status === 'cancelled' ? 'removed from the queue' : 'its worker stops the run'})`,
    );
    return { id, status: status === 'cancelled' ? 'cancelled' : 'cancelling' };
  }
}

const STATUS_LV: Record<string, string> = {
  graded: 'novērtēts',
  failed: 'neizdevies',
  cancelled: 'atcelts',
};
