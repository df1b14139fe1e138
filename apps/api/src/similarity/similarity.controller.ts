import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiLoggedIn, REFUSED } from '../openapi/api-docs.decorators';
import { SimilarityReportDto } from './similarity.dto';
import { SimilarityService } from './similarity.service';

@ApiTags('similarity')
@ApiLoggedIn()
@Controller('api/assignments')
export class SimilarityController {
  constructor(private readonly similarity: SimilarityService) {}

  @Get(':slug/similarity')
  @ApiOperation({
    summary: "Compare students' latest submissions for similar code (TAs and instructors)",
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: 'Pairs to return, 1 to 100; default 20.',
  })
  @ApiOkResponse({
    type: SimilarityReportDto,
    description:
      'TAs and instructors: the most similar pairs among the latest submission of each student, ' +
      'with the starter code excluded and the matched line ranges.',
  })
  @ApiErrors({
    400: 'The limit is not an integer from 1 to 100.',
    403: REFUSED.needsStaff,
    404: REFUSED.noAssignment,
    422: 'More students or source bytes than one report compares.',
  })
  report(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Query('limit') limit: string | undefined,
  ): Promise<SimilarityReportDto> {
    return this.similarity.report(principal, slug, limit);
  }
}
