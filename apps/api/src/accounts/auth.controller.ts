import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ThrottlerGuard } from '@nestjs/throttler';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { User } from '@dmlg/db';
import { CredentialsService } from '../auth/credentials.service';
import type { MaybeAuthenticatedRequest } from '../auth/principal';
import { Public } from '../auth/public.decorator';
import { SESSION_COOKIE } from '../auth/session-secret';
import {
  AcceptInvitationDto,
  InvitationDto,
  LoginRequestDto,
  LoginResponseDto,
} from './account.dto';
import { AccountsService } from './accounts.service';

/** Login, logout and joining a course by invitation link. */
@ApiTags('auth')
@Controller('api')
export class AuthController {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly accounts: AccountsService,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @UseGuards(ThrottlerGuard, AuthGuard('local'))
  @ApiBody({ type: LoginRequestDto })
  @ApiOkResponse({ type: LoginResponseDto, description: 'Sets the dmlg_session cookie.' })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail address or password.' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed logins for this address or IP.' })
  async login(
    @Req() request: MaybeAuthenticatedRequest & { user: User },
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoginResponseDto> {
    return this.startSession(request.user, response);
  }

  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Clears the session cookie.' })
  logout(@Res({ passthrough: true }) response: Response): void {
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Public()
  @Get('invitations/:code')
  @UseGuards(ThrottlerGuard)
  @ApiOkResponse({ type: InvitationDto })
  invitation(@Param('code') code: string): Promise<InvitationDto> {
    return this.accounts.invitation(code);
  }

  @Public()
  @Post('invitations/:code')
  @UseGuards(ThrottlerGuard)
  @ApiBody({ type: AcceptInvitationDto })
  @ApiCreatedResponse({
    type: LoginResponseDto,
    description: 'Enrolled as a student (a new account when not logged in) and logged in.',
  })
  async accept(
    @Param('code') code: string,
    @Body() body: AcceptInvitationDto,
    @Req() request: MaybeAuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoginResponseDto> {
    const user = await this.accounts.acceptInvitation(code, request.principal, body ?? {});
    return this.startSession(user, response);
  }

  private async startSession(user: User, response: Response): Promise<LoginResponseDto> {
    const session = await this.credentials.issueSession(user);
    response.cookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: false,
      path: '/',
      expires: session.expiresAt,
    });
    return {
      user: await this.accounts.me(user),
      token: session.token,
      expiresAt: session.expiresAt.toISOString(),
    };
  }
}
