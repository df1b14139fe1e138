import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiLoggedIn, REFUSED } from '../openapi/api-docs.decorators';
import {
  ExtensionDto,
  PolicyChangeDto,
  PolicyDto,
  SetExtensionDto,
  SetPolicyDto,
} from './assignment-policy.dto';
import { AssignmentPolicyService } from './assignment-policy.service';

@ApiTags('policy')
@ApiLoggedIn()
@Controller('api/assignments/:slug')
export class AssignmentPolicyController {
  constructor(private readonly policies: AssignmentPolicyService) {}

  @Get('policy')
  @ApiOperation({
    summary: "Read an assignment's submission policy and your standing (members of the course)",
    description: 'Deadline, late penalty, attempt limit and which score counts.',
  })
  @ApiOkResponse({ type: PolicyDto, description: 'The rules and your standing under them.' })
  @ApiErrors({ 404: REFUSED.noAssignment })
  view(@CurrentPrincipal() principal: Principal, @Param('slug') slug: string): Promise<PolicyDto> {
    return this.policies.view(principal, slug);
  }

  @Put('policy')
  @ApiOperation({ summary: "Replace an assignment's submission policy (instructors)" })
  @ApiOkResponse({ type: PolicyDto, description: 'Instructors; a new policy version, audited.' })
  @ApiErrors({
    400: 'A rule is invalid; the message lists each problem.',
    403: REFUSED.needsInstructor,
    404: REFUSED.noAssignment,
  })
  replace(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Body() body: SetPolicyDto,
  ): Promise<PolicyDto> {
    return this.policies.replace(principal, slug, body);
  }

  @Get('policy/history')
  @ApiOperation({
    summary: "List the audited changes of an assignment's policy (TAs and instructors)",
  })
  @ApiOkResponse({ type: PolicyChangeDto, isArray: true, description: 'TAs and instructors.' })
  @ApiErrors({ 403: REFUSED.needsStaff, 404: REFUSED.noAssignment })
  history(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<PolicyChangeDto[]> {
    return this.policies.history(principal, slug);
  }

  @Get('extensions')
  @ApiOperation({
    summary: "List students' deadline extensions for an assignment (TAs and instructors)",
  })
  @ApiOkResponse({ type: ExtensionDto, isArray: true, description: 'TAs and instructors.' })
  @ApiErrors({ 403: REFUSED.needsStaff, 404: REFUSED.noAssignment })
  extensions(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<ExtensionDto[]> {
    return this.policies.listExtensions(principal, slug);
  }

  @Put('extensions/:userId')
  @ApiOperation({ summary: "Grant or change a student's deadline extension (instructors)" })
  @ApiOkResponse({ type: ExtensionDto, description: 'Instructors.' })
  @ApiErrors({
    400: 'The deadline or reason is invalid; the message lists each problem.',
    403: REFUSED.needsInstructor,
    404: `${REFUSED.noAssignment} Or the user is not in the course.`,
  })
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
  @ApiOperation({ summary: "Remove a student's deadline extension (instructors)" })
  @ApiNoContentResponse({ description: 'Instructors.' })
  @ApiErrors({
    403: REFUSED.needsInstructor,
    404: `${REFUSED.noAssignment} Or the user has no extension for it.`,
  })
  removeExtension(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Param('userId') userId: string,
  ): Promise<void> {
    return this.policies.removeExtension(principal, slug, userId);
  }
}
