import { Body, Controller, Get, Headers, HttpCode, Param, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { chooseLocale } from '../auth/choose-locale';
import type { Principal } from '../auth/principal';
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
  description: 'Language; defaults to Accept-Language, then the account setting.',
};

@ApiTags('assignments')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('api/assignments')
export class AssignmentsController {
  constructor(
    private readonly views: AssignmentViewsService,
    private readonly policies: AssignmentPolicyService,
  ) {}

  @Get()
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
  @ApiOkResponse({ type: AssignmentDetailDto })
  detail(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<AssignmentDetailDto> {
    return this.views.detail(principal, slug, chooseLocale(lang, acceptLanguage, principal.user.locale));
  }

  @Get(':slug/files/*path')
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'A public file: README.md, README.lv.md, starter/… or tests/… (students of the course).',
  })
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
  @ApiOkResponse({ type: SubmissionSummaryDto, isArray: true, description: 'Yours, newest first.' })
  history(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<SubmissionSummaryDto[]> {
    return this.views.history(principal, slug);
  }

  @Get(':slug/dashboard')
  @ApiQuery(LANG_QUERY)
  @ApiOkResponse({ type: AssignmentDashboardDto, description: 'TAs and instructors.' })
  dashboard(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<AssignmentDashboardDto> {
    return this.views.dashboard(principal, slug, chooseLocale(lang, acceptLanguage, principal.user.locale));
  }

  @Put(':slug/deadline')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'Deadline set (instructors): a new policy version with the other rules kept.',
  })
  setDeadline(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Body() body: SetDeadlineDto,
  ): Promise<void> {
    return this.policies.setDeadline(principal, slug, body?.deadline);
  }
}
