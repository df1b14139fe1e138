import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { CreateRerunDto, DecideRerunDto, RerunDecisionDto, RerunSetDto } from './rerun.dto';
import { RerunsService } from './reruns.service';

@ApiTags('reruns')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('api')
export class RerunsController {
  constructor(private readonly reruns: RerunsService) {}

  @Post('assignments/:slug/reruns')
  @ApiCreatedResponse({ type: RerunSetDto, description: 'Instructors; grading starts at once.' })
  create(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Body() body: CreateRerunDto,
  ): Promise<RerunSetDto> {
    return this.reruns.create(principal, slug, body);
  }

  @Get('assignments/:slug/reruns')
  @ApiOkResponse({ type: RerunSetDto, isArray: true, description: 'TAs and instructors.' })
  list(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<RerunSetDto[]> {
    return this.reruns.list(principal, slug);
  }

  @Get('reruns/:id')
  @ApiOkResponse({ type: RerunSetDto, description: 'Old and new scores side by side.' })
  view(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<RerunSetDto> {
    return this.reruns.view(principal, id);
  }

  @Post('reruns/:id/apply')
  @HttpCode(200)
  @ApiOkResponse({
    type: RerunDecisionDto,
    description: 'Instructors; grades written and audited.',
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
  @ApiOkResponse({ type: RerunDecisionDto, description: 'Instructors; nothing is written.' })
  discard(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: DecideRerunDto,
  ): Promise<RerunDecisionDto> {
    return this.reruns.discard(principal, id, body);
  }
}
