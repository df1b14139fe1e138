import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { GRADING_QUEUE } from '@dmlg/grading';
import { Public } from '../auth/public.decorator';
import { ApiErrors } from '../openapi/api-docs.decorators';
import { HealthDto } from './health.dto';

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(GRADING_QUEUE) private readonly queue: Queue,
  ) {}

  /** Returns 200 when Postgres and Redis respond, else 503 naming the one that does not. */
  @Public()
  @Get()
  @ApiOperation({
    summary: 'Check that Postgres and Redis respond (public)',
    description: 'For load balancers and the test harness; also counts the grading queue.',
  })
  @ApiOkResponse({ type: HealthDto, description: 'Postgres and Redis respond.' })
  @ApiErrors({ 503: 'Postgres or Redis does not respond; the message names which.' })
  async check(): Promise<HealthDto> {
    try {
      await this.dataSource.query('select 1');
    } catch (error) {
      throw new ServiceUnavailableException(
        `Postgres is not responding: ${(error as Error).message}`,
      );
    }
    try {
      const queue = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
      return { status: 'ok', queue };
    } catch (error) {
      throw new ServiceUnavailableException(`Redis is not responding: ${(error as Error).message}`);
    }
  }
}
