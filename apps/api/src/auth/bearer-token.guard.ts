import { createHash } from 'node:crypto';
import {
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import type { Repository } from 'typeorm';
import { User } from '@dmlg/db';
import { IS_PUBLIC } from './public.decorator';

export interface AuthenticatedRequest extends Request {
  user: User;
}

/**
 * Global guard: `Authorization: Bearer <token>`, matched by SHA-256 against `users.api_token_sha256`.
 * NOTE: accounts, roles per course and web sessions replace this single-token scheme later; until
 * then only the instructor account created at first start has a token.
 */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new UnauthorizedException(
        'missing bearer token: send the header "Authorization: Bearer <token>"',
      );
    }
    const sha256 = createHash('sha256').update(match[1]).digest('hex');
    const user = await this.users.findOne({ where: { apiTokenSha256: sha256 } });
    if (!user) {
      throw new UnauthorizedException('invalid bearer token');
    }
    request.user = user;
    return true;
  }
}
