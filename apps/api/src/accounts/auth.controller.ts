import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ThrottlerGuard } from '@nestjs/throttler';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { User } from '@dmlg/db';
import { CredentialsService } from '../auth/credentials.service';
import type { MaybeAuthenticatedRequest } from '../auth/principal';
import { Public } from '../auth/public.decorator';
import { SESSION_COOKIE } from '../auth/session-secret';
import { ApiErrors } from '../openapi/api-docs.decorators';
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
  @ApiOperation({
    summary: 'Log in with e-mail address and password (public)',
    description: 'Sets the session cookie and also returns the session JWT for bearer use.',
  })
  @ApiBody({ type: LoginRequestDto })
  @ApiOkResponse({ type: LoginResponseDto, description: 'Sets the dmlg_session cookie.' })
  @ApiErrors({
    401: 'Wrong e-mail address or password.',
    429: 'Too many failed logins for this address or IP.',
  })
  async login(
    @Req() request: MaybeAuthenticatedRequest & { user: User },
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoginResponseDto> {
    return this.startSession(request.user, response);
  }

  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Log out (public; clears the session cookie)' })
  @ApiNoContentResponse({ description: 'Clears the session cookie.' })
  logout(@Res({ passthrough: true }) response: Response): void {
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Public()
  @Get('invitations/:code')
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Look up the course an invitation link enrols into (public)' })
  @ApiOkResponse({ type: InvitationDto, description: 'The course the link enrols into.' })
  @ApiErrors({ 404: 'The code is unknown or the link was revoked.' })
  invitation(@Param('code') code: string): Promise<InvitationDto> {
    return this.accounts.invitation(code);
  }

  @Public()
  @Post('invitations/:code')
  @UseGuards(ThrottlerGuard)
  @ApiOperation({
    summary: 'Join a course by invitation link (public or logged in)',
    description:
      'A logged-in user is enrolled as a student; anyone else creates a student account with ' +
      'the e-mail address and password in the body. Either way the answer logs them in.',
  })
  @ApiBody({ type: AcceptInvitationDto })
  @ApiCreatedResponse({
    type: LoginResponseDto,
    description: 'Enrolled as a student (a new account when not logged in) and logged in.',
  })
  @ApiErrors({
    400: 'A new account lacks a valid e-mail address, display name or password.',
    404: 'The code is unknown or the link was revoked.',
    409: 'The e-mail address already has an account: log in first, then open the link.',
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
