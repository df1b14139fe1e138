import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, RequiresScope, SessionOnly } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
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
@ApiTags('account')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('api/me')
export class MeController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    return this.accounts.me(principal.user);
  }

  @Patch()
  @RequiresScope('read')
  @ApiOkResponse({ type: MeDto, description: 'Language and display name changed.' })
  update(@CurrentPrincipal() principal: Principal, @Body() body: UpdateMeDto): Promise<MeDto> {
    return this.accounts.update(principal.user, body ?? {});
  }

  @Put('password')
  @SessionOnly()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Password changed.' })
  changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ChangePasswordDto,
  ): Promise<void> {
    return this.accounts.changePassword(principal.user, body?.currentPassword, body?.newPassword);
  }

  @Get('tokens')
  @SessionOnly()
  @ApiOkResponse({ type: AccessTokenDto, isArray: true })
  tokens(@CurrentPrincipal() principal: Principal): Promise<AccessTokenDto[]> {
    return this.accounts.listTokens(principal.user);
  }

  @Post('tokens')
  @SessionOnly()
  @ApiCreatedResponse({ type: CreatedTokenDto })
  createToken(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateTokenDto,
  ): Promise<CreatedTokenDto> {
    return this.accounts.createToken(principal.user, body?.name, body?.scopes);
  }

  @Delete('tokens/:id')
  @SessionOnly()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked.' })
  revokeToken(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.accounts.revokeToken(principal.user, id);
  }
}
