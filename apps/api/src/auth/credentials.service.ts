import { createHash, randomBytes } from 'node:crypto';
import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, type Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import {
  Enrolment,
  LoginAttempt,
  PersonalAccessToken,
  User,
  type CourseRole,
  type TokenScope,
} from '@dmlg/db';
import { verifyPassword } from './password-hasher';
import type { Principal } from './principal';
import { localized } from '../errors/localized-message';

/** Window over which failed logins are counted, in milliseconds. */
const LOGIN_WINDOW_MS = 15 * 60 * 1000;

/** Claims of a session JWT. */
interface SessionClaims {
  sub: string;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Checks passwords, issues and reads session JWTs and personal access tokens. */
@Injectable()
export class CredentialsService {
  private readonly logger = new Logger(CredentialsService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Enrolment) private readonly enrolments: Repository<Enrolment>,
    @InjectRepository(PersonalAccessToken)
    private readonly tokens: Repository<PersonalAccessToken>,
    @InjectRepository(LoginAttempt) private readonly attempts: Repository<LoginAttempt>,
  ) {}

  /**
   * The user whose e-mail and password match. After `DMLG_LOGIN_MAX_FAILURES` failures for one
   * address within 15 minutes every try is refused with 429 until the window passes, whether
   * or not the password is right, so guessing gains nothing.
   */
  async checkPassword(email: string, password: string, remoteAddress: string): Promise<User> {
    const address = email.trim().toLowerCase();
    const failures = await this.attempts.count({
      where: {
        email: address,
        succeeded: false,
        createdAt: MoreThan(new Date(Date.now() - LOGIN_WINDOW_MS)),
      },
    });
    if (failures >= this.config.auth.loginMaxFailures) {
      this.logger.warn(`login for ${address} refused: ${failures} failures in 15 minutes`);
      throw new HttpException(
        localized(
          `too many failed logins for ${address}; wait 15 minutes or ask an instructor to reset the password`,
          `Pārāk daudz neveiksmīgu pieteikšanās mēģinājumu kontam ${address}; pagaidiet 15 minūtes vai lūdziet pasniedzējam atiestatīt paroli`,
        ),
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const user = await this.users.findOne({ where: { email: address } });
    const valid =
      user?.passwordHash !== null && user !== null
        ? await verifyPassword(user.passwordHash, password)
        : false;
    await this.attempts.insert({ email: address, remoteAddress, succeeded: valid });
    if (!user || !valid) {
      throw new UnauthorizedException(
        localized('wrong e-mail address or password', 'Nepareiza e-pasta adrese vai parole'),
      );
    }
    return user;
  }

  /** A signed session JWT for `user` and when it expires. */
  async issueSession(user: User): Promise<{ token: string; expiresAt: Date }> {
    const seconds = Math.round(this.config.auth.sessionHours * 3600);
    const token = await this.jwt.signAsync({ sub: user.id } satisfies SessionClaims, {
      expiresIn: seconds,
    });
    return { token, expiresAt: new Date(Date.now() + seconds * 1000) };
  }

  /** The principal of a session JWT, or null when it is invalid, expired or its user is gone. */
  async principalFromSession(token: string): Promise<Principal | null> {
    let claims: SessionClaims;
    try {
      claims = await this.jwt.verifyAsync<SessionClaims>(token);
    } catch {
      return null;
    }
    const user = await this.users.findOne({ where: { id: claims.sub } });
    return user ? this.principal(user, 'session', ['read', 'submit', 'manage']) : null;
  }

  /** The principal of a personal access token, or null when it is unknown or revoked. */
  async principalFromAccessToken(token: string): Promise<Principal | null> {
    const row = await this.tokens.findOne({
      where: { tokenSha256: sha256Hex(token), revokedAt: IsNull() },
      relations: { user: true },
    });
    if (!row?.user) return null;
    await this.tokens.update(row.id, { lastUsedAt: new Date() });
    return this.principal(row.user, 'token', row.scopes);
  }

  /** Creates a token; the returned secret is the only copy (the database keeps its SHA-256). */
  async createAccessToken(
    userId: string,
    name: string,
    scopes: TokenScope[],
    secret: string = `dmlg_${randomBytes(32).toString('base64url')}`,
  ): Promise<{ row: PersonalAccessToken; secret: string }> {
    const row = await this.tokens.save(
      this.tokens.create({
        userId,
        name,
        scopes,
        tokenSha256: sha256Hex(secret),
        prefix: secret.slice(0, 9),
      }),
    );
    this.logger.log(`user ${userId} created access token ${row.id} (${scopes.join(',')})`);
    return { row, secret };
  }

  private async principal(
    user: User,
    via: Principal['via'],
    scopes: readonly TokenScope[],
  ): Promise<Principal> {
    const enrolments = await this.enrolments.find({ where: { userId: user.id } });
    const courseRoles = new Map<string, CourseRole>(
      enrolments.map((enrolment) => [enrolment.courseId, enrolment.role]),
    );
    return { user, via, scopes, courseRoles };
  }
}
