import type { Request } from 'express';
import type { CourseRole, TokenScope, User } from '@dmlg/db';

/** Who sent a request, how they proved it, and their role in each course they belong to. */
export interface Principal {
  user: User;
  /** `session`: a signed JWT (cookie or bearer); `token`: a personal access token. */
  via: 'session' | 'token';
  /** What a personal access token may do; a session may do everything its roles allow. */
  scopes: readonly TokenScope[];
  /** Course id to the role the user holds in it. */
  courseRoles: ReadonlyMap<string, CourseRole>;
}

export interface AuthenticatedRequest extends Request {
  user: User;
  principal: Principal;
}

/** A request on a public route: the principal is set only when valid credentials came along. */
export interface MaybeAuthenticatedRequest extends Request {
  principal?: Principal;
}
