import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import type { User } from '@dmlg/db';
import { CredentialsService } from './credentials.service';

/** Passport's local strategy: `{ email, password }` in the body of POST /api/auth/login. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  constructor(private readonly credentials: CredentialsService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(request: Request, email: string, password: string): Promise<User> {
    return this.credentials.checkPassword(email, password, request.ip ?? 'unknown');
  }
}
