import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, RequiresScope, SessionOnly } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiLoggedIn } from '../openapi/api-docs.decorators';
import {
  AccessTokenDto,
  ChangePasswordDto,
  CreateTokenDto,
  CreatedTokenDto,
  MeDto,
  UpdateMeDto,
} from './account.dto';
import { AccountsService } from './accounts.service';

/** The logged-in user's own account. */
/** Refusal of the routes that manage credentials when called with a personal access token. */
const SESSION_ONLY_403 = 'Called with a personal access token; log in with a password instead.';

@ApiTags('account')
@ApiLoggedIn()
@Controller('api/me')
export class MeController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ApiOperation({
    summary: 'Read your own account and course memberships (any logged-in user)',
  })
  @ApiOkResponse({ type: MeDto, description: 'The logged-in user with their courses and roles.' })
  me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    return this.accounts.me(principal.user);
  }

  @Patch()
  @RequiresScope('read')
  @ApiOperation({ summary: 'Change your language or display name (any logged-in user)' })
  @ApiOkResponse({ type: MeDto, description: 'Language and display name changed.' })
  @ApiErrors({ 400: 'The language is not en or lv, or the display name is empty.' })
  update(@CurrentPrincipal() principal: Principal, @Body() body: UpdateMeDto): Promise<MeDto> {
    return this.accounts.update(principal.user, body ?? {});
  }

  @Put('password')
  @SessionOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'Change your password (any logged-in user, by login only)' })
  @ApiNoContentResponse({ description: 'Password changed.' })
  @ApiErrors({
    400: 'The new password is too short.',
    401: 'Not logged in, or the current password is wrong.',
    403: SESSION_ONLY_403,
  })
  changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ChangePasswordDto,
  ): Promise<void> {
    return this.accounts.changePassword(principal.user, body?.currentPassword, body?.newPassword);
  }

  @Get('tokens')
  @SessionOnly()
  @ApiOperation({ summary: 'List your personal access tokens (any logged-in user, by login only)' })
  @ApiOkResponse({
    type: AccessTokenDto,
    isArray: true,
    description: 'Your tokens, without their secret part.',
  })
  @ApiErrors({ 403: SESSION_ONLY_403 })
  tokens(@CurrentPrincipal() principal: Principal): Promise<AccessTokenDto[]> {
    return this.accounts.listTokens(principal.user);
  }

  @Post('tokens')
  @SessionOnly()
  @ApiOperation({
    summary: 'Create a personal access token (any logged-in user, by login only)',
    description: 'The response contains the token itself, which is never shown again.',
  })
  @ApiCreatedResponse({
    type: CreatedTokenDto,
    description: 'The new token; its full value is shown only in this response.',
  })
  @ApiErrors({ 400: 'The name is empty or a scope is unknown.', 403: SESSION_ONLY_403 })
  createToken(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateTokenDto,
  ): Promise<CreatedTokenDto> {
    return this.accounts.createToken(principal.user, body?.name, body?.scopes);
  }

  @Delete('tokens/:id')
  @SessionOnly()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revoke one of your personal access tokens (any logged-in user, by login only)',
  })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiErrors({ 403: SESSION_ONLY_403, 404: 'You have no token with this id.' })
  revokeToken(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.accounts.revokeToken(principal.user, id);
  }
}
