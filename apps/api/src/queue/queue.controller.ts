import { Controller, Get } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { Repository } from 'typeorm';
import { Submission } from '@dmlg/db';
import { GRADING_QUEUE } from '@dmlg/grading';
import { AccessPolicy } from '../auth/access-policy';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiLoggedIn } from '../openapi/api-docs.decorators';

export class QueueWorkerDto {
  @ApiProperty({ description: 'Worker name (DMLG_WORKER_NAME, or host and process id).' })
  name!: string;
  @ApiProperty({ description: 'Address of its Redis connection.' }) address!: string;
  @ApiProperty({ description: 'Seconds connected.' }) ageSeconds!: number;
}

export class FailedJobDto {
  @ApiProperty({ description: 'Job id, which is the submission id.' }) id!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() finishedAt!: string;
}

export class QueueStateDto {
  @ApiProperty({ example: { waiting: 0, active: 1, delayed: 0, failed: 0, completed: 12 } })
  jobs!: Record<string, number>;
  @ApiProperty({ description: 'Submissions by status in Postgres.' })
  submissions!: Record<string, number>;
  @ApiProperty({ type: QueueWorkerDto, isArray: true }) workers!: QueueWorkerDto[];
  @ApiProperty({ type: FailedJobDto, isArray: true }) recentFailures!: FailedJobDto[];
}

/** The grading queue's state for TAs, instructors and admins. */
@ApiTags('queue')
@ApiLoggedIn()
@Controller('api/queue')
export class QueueController {
  constructor(
    @InjectQueue(GRADING_QUEUE) private readonly queue: Queue,
    @InjectRepository(Submission) private readonly submissions: Repository<Submission>,
  ) {}

  @Get()
  @ApiOperation({
    summary: "Read the grading queue's state (TAs and instructors of any course, admins)",
    description: 'Job counts, submissions by status, connected workers and recent failures.',
  })
  @ApiOkResponse({
    type: QueueStateDto,
    description: 'Job counts per state, connected workers and recent failures.',
  })
  @ApiErrors({ 403: 'Needs the TA or instructor role in some course, or an admin account.' })
  async state(@CurrentPrincipal() principal: Principal): Promise<QueueStateDto> {
    AccessPolicy.requireStaffSomewhere(principal);
    const jobs = await this.queue.getJobCounts(
      'waiting',
      'active',
      'delayed',
      'failed',
      'completed',
    );
    const workers = await this.queue.getWorkers();
    const failed = await this.queue.getFailed(0, 9);
    const counts: { status: string; count: string }[] = await this.submissions
      .createQueryBuilder('submission')
      .select('submission.status', 'status')
      .addSelect('count(*)', 'count')
      .groupBy('submission.status')
      .getRawMany();
    return {
      jobs,
      submissions: Object.fromEntries(counts.map((row) => [row.status, Number(row.count)])),
      workers: workers.map((worker) => ({
        name: workerName(worker),
        address: String(worker.addr ?? ''),
        ageSeconds: Number(worker.age ?? 0),
      })),
      recentFailures: failed.map((job) => ({
        id: String(job.id),
        reason: job.failedReason ?? '',
        finishedAt: new Date(job.finishedOn ?? 0).toISOString(),
      })),
    };
  }
}

/**
 * Returns the worker name from a Redis CLIENT LIST entry. BullMQ names a named worker's
 * connection `<prefix>:<queue>:w:<worker name>` and reports it as `rawname`, putting the queue's
 * name in `name`.
 */
function workerName(client: Record<string, string>): string {
  const raw = client.rawname ?? '';
  const marker = raw.indexOf(':w:');
  return marker >= 0 ? raw.slice(marker + 3) : String(client.addr ?? 'unnamed worker');
}
