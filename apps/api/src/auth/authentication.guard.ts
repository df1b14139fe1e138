import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { TokenScope } from '@dmlg/db';
import { REQUIRED_SCOPE, SESSION_ONLY } from './auth.decorators';
import { CredentialsService } from './credentials.service';
import type { AuthenticatedRequest, Principal } from './principal';
import { IS_PUBLIC } from './public.decorator';
import { SESSION_COOKIE } from './session-secret';
import { localized } from '../errors/localized-message';

/** A JWT is three base64url parts; anything else in a bearer header is an access token. */
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * Global guard. Finds the principal from the session cookie, or from `Authorization: Bearer`
 * holding a session JWT or a personal access token, and checks the token's scope. What the
 * principal may read in a course is decided by {@link AccessPolicy}, not here.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    const principal = await this.authenticate(request);
    if (principal) {
      request.principal = principal;
      request.user = principal.user;
    }
    if (isPublic) return true;
    if (!principal) {
      throw new UnauthorizedException(
        /^Bearer\s/i.test(request.headers.authorization ?? '')
          ? localized(
              'the bearer token is invalid, expired or revoked: create a new personal access ' +
                'token on the Access tokens page (or run "dmlg login" again), or log in at /',
              'Nosūtītā pilnvara ir nederīga, beigusies vai atsaukta: izveidojiet jaunu personisko ' +
                'piekļuves pilnvaru lapā "Piekļuves pilnvaras" (vai vēlreiz izpildiet "dmlg login") ' +
                'vai piesakieties adresē /',
            )
          : localized(
              'not logged in: log in at / or send "Authorization: Bearer <personal access token>"',
              'Jūs neesat pieteicies: piesakieties adresē / vai sūtiet "Authorization: Bearer <personiskā piekļuves pilnvara>"',
            ),
      );
    }
    if (principal.via === 'token') {
      if (this.reflector.getAllAndOverride<boolean>(SESSION_ONLY, targets)) {
        throw new ForbiddenException(
          localized(
            'personal access tokens cannot manage credentials; log in with a password',
            'Ar personisko piekļuves pilnvaru nevar pārvaldīt piekļuves datus; piesakieties ar paroli',
          ),
        );
      }
      const required =
        this.reflector.getAllAndOverride<TokenScope>(REQUIRED_SCOPE, targets) ??
        (request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'manage');
      if (!principal.scopes.includes(required)) {
        throw new ForbiddenException(
          localized(
            `this token lacks scope "${required}"; create a token with it on the Tokens page`,
            `Šai pilnvarai nav tiesību "${required}"; izveidojiet pilnvaru ar tām lapā "Piekļuves pilnvaras"`,
          ),
        );
      }
    }
    return true;
  }

  private async authenticate(request: AuthenticatedRequest): Promise<Principal | null> {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (match) {
      const credential = match[1];
      return JWT_SHAPE.test(credential)
        ? this.credentials.principalFromSession(credential)
        : this.credentials.principalFromAccessToken(credential);
    }
    const cookies = request.cookies as Record<string, string> | undefined;
    const session = cookies?.[SESSION_COOKIE];
    return session ? this.credentials.principalFromSession(session) : null;
  }
}
