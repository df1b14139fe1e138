import { Body, Controller, Get, Headers, HttpCode, Param, Put, Query, Res } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { chooseRequestedLocale } from '../auth/choose-locale';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiLoggedIn, REFUSED } from '../openapi/api-docs.decorators';
import { AssignmentPolicyService } from '../policy/assignment-policy.service';
import {
  AssignmentDashboardDto,
  AssignmentDetailDto,
  AssignmentListItemDto,
  SetDeadlineDto,
  SubmissionSummaryDto,
} from './assignment-summary.dto';
import { AssignmentViewsService } from './assignment-views.service';

const LANG_QUERY = {
  name: 'lang',
  required: false,
  enum: ['en', 'lv'],
  description:
    'Language; defaults to Accept-Language, then the account setting. Any other value is a 400.',
};

@ApiTags('assignments')
@ApiLoggedIn()
@Controller('api/assignments')
export class AssignmentsController {
  constructor(
    private readonly views: AssignmentViewsService,
    private readonly policies: AssignmentPolicyService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List the assignments of your courses (any logged-in user)' })
  @ApiOkResponse({
    type: AssignmentListItemDto,
    isArray: true,
    description: 'The newest version of each assignment of your courses, with your best score.',
  })
  list(@CurrentPrincipal() principal: Principal): Promise<AssignmentListItemDto[]> {
    return this.views.list(principal);
  }

  @Get(':slug')
  @ApiQuery(LANG_QUERY)
  @ApiOperation({
    summary: 'Read an assignment with its task text (members of the course)',
  })
  @ApiOkResponse({ type: AssignmentDetailDto, description: 'The assignment with its task text in the requested language.' })
  @ApiErrors({ 404: REFUSED.noAssignment })
  detail(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<AssignmentDetailDto> {
    return this.views.detail(principal, slug, chooseRequestedLocale(lang, acceptLanguage, principal.user.locale));
  }

  @Get(':slug/files/*path')
  @ApiOperation({
    summary: 'Download a public file of an assignment (members of the course)',
    description:
      'README.md, README.lv.md and the files under starter/ and tests/; Markdown files are ' +
      'served as text/markdown, the others as text/plain.',
  })
  @ApiProduces('text/plain', 'text/markdown')
  @ApiOkResponse({
    description: 'The file content.',
    schema: { type: 'string' },
  })
  @ApiErrors({ 404: `${REFUSED.noAssignment} Or no public file at this path.` })
  async publicFile(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Param('path') path: string | string[],
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    // Nest 11 passes a `*path` wildcard as its segments.
    const joined = Array.isArray(path) ? path.join('/') : path;
    const content = await this.views.publicFile(principal, slug, joined);
    response.type(joined.endsWith('.md') ? 'text/markdown' : 'text/plain').set('X-Content-Type-Options', 'nosniff');
    return content;
  }

  @Get(':slug/submissions')
  @ApiOperation({ summary: 'List your own submissions to an assignment (members of the course)' })
  @ApiOkResponse({ type: SubmissionSummaryDto, isArray: true, description: 'Yours, newest first.' })
  @ApiErrors({ 404: REFUSED.noAssignment })
  history(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<SubmissionSummaryDto[]> {
    return this.views.history(principal, slug);
  }

  @Get(':slug/dashboard')
  @ApiQuery(LANG_QUERY)
  @ApiOperation({
    summary: "Read an assignment's dashboard of all students' results (TAs and instructors)",
  })
  @ApiOkResponse({ type: AssignmentDashboardDto, description: 'TAs and instructors.' })
  @ApiErrors({ 403: REFUSED.needsStaff, 404: REFUSED.noAssignment })
  dashboard(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<AssignmentDashboardDto> {
    return this.views.dashboard(principal, slug, chooseRequestedLocale(lang, acceptLanguage, principal.user.locale));
  }

  @Put(':slug/deadline')
  @HttpCode(204)
  @ApiOperation({
    summary: "Set an assignment's deadline (instructors)",
    description: 'Writes a new policy version that keeps the other rules; the change is audited.',
  })
  @ApiNoContentResponse({
    description: 'Deadline set (instructors): a new policy version with the other rules kept.',
  })
  @ApiErrors({
    400: 'The deadline is not an ISO 8601 date and time, or lies after the late cutoff.',
    403: REFUSED.needsInstructor,
    404: REFUSED.noAssignment,
  })
  setDeadline(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Body() body: SetDeadlineDto,
  ): Promise<void> {
    return this.policies.setDeadline(principal, slug, body?.deadline);
  }
}
