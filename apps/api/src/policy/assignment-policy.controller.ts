import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import {
  ExtensionDto,
  PolicyChangeDto,
  PolicyDto,
  SetExtensionDto,
  SetPolicyDto,
} from './assignment-policy.dto';
import { AssignmentPolicyService } from './assignment-policy.service';

@ApiTags('policy')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('api/assignments/:slug')
export class AssignmentPolicyController {
  constructor(private readonly policies: AssignmentPolicyService) {}

  @Get('policy')
  @ApiOkResponse({ type: PolicyDto, description: 'The rules and your standing under them.' })
  view(@CurrentPrincipal() principal: Principal, @Param('slug') slug: string): Promise<PolicyDto> {
    return this.policies.view(principal, slug);
  }

  @Put('policy')
  @ApiOkResponse({ type: PolicyDto, description: 'Instructors; a new policy version, audited.' })
  replace(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Body() body: SetPolicyDto,
  ): Promise<PolicyDto> {
    return this.policies.replace(principal, slug, body);
  }

  @Get('policy/history')
  @ApiOkResponse({ type: PolicyChangeDto, isArray: true, description: 'TAs and instructors.' })
  history(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<PolicyChangeDto[]> {
    return this.policies.history(principal, slug);
  }

  @Get('extensions')
  @ApiOkResponse({ type: ExtensionDto, isArray: true, description: 'TAs and instructors.' })
  extensions(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<ExtensionDto[]> {
    return this.policies.listExtensions(principal, slug);
  }

  @Put('extensions/:userId')
  @ApiOkResponse({ type: ExtensionDto, description: 'Instructors.' })
  setExtension(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Param('userId') userId: string,
    @Body() body: SetExtensionDto,
  ): Promise<ExtensionDto> {
    return this.policies.setExtension(principal, slug, userId, body);
  }

  @Delete('extensions/:userId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Instructors.' })
  removeExtension(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Param('userId') userId: string,
  ): Promise<void> {
    return this.policies.removeExtension(principal, slug, userId);
  }
}
