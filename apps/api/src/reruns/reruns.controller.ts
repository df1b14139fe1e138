import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiLoggedIn, REFUSED } from '../openapi/api-docs.decorators';
import { CreateRerunDto, DecideRerunDto, RerunDecisionDto, RerunSetDto } from './rerun.dto';
import { RerunsService } from './reruns.service';

/** Errors shared by the routes here: AccessPolicy hides rerun sets of other courses. */
const NO_SET = 'No rerun set with this id in your courses.';
const NOT_READY = 'The set is not ready (still grading) or was applied or discarded already.';

@ApiTags('reruns')
@ApiLoggedIn()
@Controller('api')
export class RerunsController {
  constructor(private readonly reruns: RerunsService) {}

  @Post('assignments/:slug/reruns')
  @ApiOperation({
    summary: 'Regrade submissions of an assignment as a rerun set (instructors)',
    description:
      'Grades one submission, one student or the whole assignment again, optionally against ' +
      'another assignment version; nothing is written to grades until the set is applied.',
  })
  @ApiCreatedResponse({ type: RerunSetDto, description: 'Instructors; grading starts at once.' })
  @ApiErrors({
    400: 'The scope, reason, version or target is invalid, or nothing matches; the message says which.',
    403: REFUSED.needsInstructor,
    404: REFUSED.noAssignment,
  })
  create(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Body() body: CreateRerunDto,
  ): Promise<RerunSetDto> {
    return this.reruns.create(principal, slug, body);
  }

  @Get('assignments/:slug/reruns')
  @ApiOperation({ summary: "List an assignment's rerun sets (TAs and instructors)" })
  @ApiOkResponse({ type: RerunSetDto, isArray: true, description: 'TAs and instructors.' })
  @ApiErrors({ 403: REFUSED.needsStaff, 404: REFUSED.noAssignment })
  list(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<RerunSetDto[]> {
    return this.reruns.list(principal, slug);
  }

  @Get('reruns/:id')
  @ApiOperation({ summary: 'Read a rerun set with old and new scores (TAs and instructors)' })
  @ApiOkResponse({ type: RerunSetDto, description: 'Old and new scores side by side.' })
  @ApiErrors({ 403: REFUSED.needsStaff, 404: NO_SET })
  view(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<RerunSetDto> {
    return this.reruns.view(principal, id);
  }

  @Post('reruns/:id/apply')
  @HttpCode(200)
  @ApiOperation({ summary: "Apply a ready rerun set's new scores as grades (instructors)" })
  @ApiOkResponse({
    type: RerunDecisionDto,
    description: 'Instructors; grades written and audited.',
  })
  @ApiErrors({
    400: 'The reason is over 500 characters.',
    403: REFUSED.needsInstructor,
    404: NO_SET,
    409: NOT_READY,
  })
  apply(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: DecideRerunDto,
  ): Promise<RerunDecisionDto> {
    return this.reruns.apply(principal, id, body);
  }

  @Post('reruns/:id/discard')
  @HttpCode(200)
  @ApiOperation({ summary: 'Discard a rerun set without changing grades (instructors)' })
  @ApiOkResponse({ type: RerunDecisionDto, description: 'Instructors; nothing is written.' })
  @ApiErrors({
    400: 'The reason is over 500 characters.',
    403: REFUSED.needsInstructor,
    404: NO_SET,
    409: 'The set was applied or discarded already.',
  })
  discard(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: DecideRerunDto,
  ): Promise<RerunDecisionDto> {
    return this.reruns.discard(principal, id, body);
  }
}
