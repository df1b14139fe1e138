import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { TokenScope } from '@dmlg/db';
import type { AuthenticatedRequest, Principal } from './principal';

export const REQUIRED_SCOPE = 'dmlg:requiredScope';
export const SESSION_ONLY = 'dmlg:sessionOnly';

/**
 * Scope a personal access token needs for this route. Without it, GET needs `read` and every
 * other method `manage`.
 */
export const RequiresScope = (scope: TokenScope): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_SCOPE, scope);

/** Refuses personal access tokens: the route manages credentials, so only a login may use it. */
export const SessionOnly = (): MethodDecorator & ClassDecorator => SetMetadata(SESSION_ONLY, true);

/** The authenticated {@link Principal} of the request (set by the global guard). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);
