import {
  BadRequestException,
  ConflictException,
  Injectable,
  Logger,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import {
  Course,
  Enrolment,
  PersonalAccessToken,
  TOKEN_SCOPES,
  User,
  type TokenScope,
} from '@dmlg/db';
import { CredentialsService } from '../auth/credentials.service';
import { MIN_PASSWORD_LENGTH, hashPassword, verifyPassword } from '../auth/password-hasher';
import type { Principal } from '../auth/principal';
import type {
  AcceptInvitationDto,
  AccessTokenDto,
  CreatedTokenDto,
  InvitationDto,
  MeDto,
  UpdateMeDto,
} from './account.dto';
import { localized } from '../errors/localized-message';

const INVALID_INVITATION = localized(
  'this invitation link is invalid or was revoked; ask your instructor for a new one',
  'Šī ielūguma saite ir nederīga vai atsaukta; palūdziet pasniedzējam jaunu',
);

/** A user's own account: profile, language, password and personal access tokens. */
@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    private readonly credentials: CredentialsService,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Course) private readonly courses: Repository<Course>,
    @InjectRepository(Enrolment) private readonly enrolments: Repository<Enrolment>,
    @InjectRepository(PersonalAccessToken)
    private readonly tokens: Repository<PersonalAccessToken>,
  ) {}

  async me(user: User): Promise<MeDto> {
    const courses =
      user.role === 'admin'
        ? (await this.courses.find({ order: { slug: 'ASC' } })).map((course) => ({
            course,
            role: 'admin',
          }))
        : (
            await this.enrolments.find({
              where: { userId: user.id },
              relations: { course: true },
            })
          ).map((enrolment) => ({ course: enrolment.course as Course, role: enrolment.role }));
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      locale: user.locale,
      courses: courses.map(({ course, role }) => ({
        slug: course.slug,
        title: course.title,
        role,
      })),
    };
  }

  async update(user: User, change: UpdateMeDto): Promise<MeDto> {
    if (change.locale !== undefined && change.locale !== 'en' && change.locale !== 'lv') {
      throw new BadRequestException(
        localized(
          `locale ${JSON.stringify(change.locale)}: use "en" or "lv"`,
          `Valoda ${JSON.stringify(change.locale)}: lietojiet "en" vai "lv"`,
        ),
      );
    }
    const displayName = change.displayName?.trim();
    if (displayName !== undefined && (displayName.length === 0 || displayName.length > 200)) {
      throw new BadRequestException(
        localized(
          'displayName must have 1 to 200 characters',
          'Vārdam (displayName) jābūt 1 līdz 200 rakstzīmēm',
        ),
      );
    }
    await this.users.update(user.id, {
      ...(change.locale ? { locale: change.locale } : {}),
      ...(displayName ? { displayName } : {}),
    });
    return this.me(await this.users.findOneOrFail({ where: { id: user.id } }));
  }

  async changePassword(user: User, current: string, next: string): Promise<void> {
    if (!user.passwordHash || !(await verifyPassword(user.passwordHash, current ?? ''))) {
      throw new UnauthorizedException(
        localized('the current password is wrong', 'Pašreizējā parole nav pareiza'),
      );
    }
    await this.users.update(user.id, { passwordHash: await hashPassword(checkPassword(next)) });
    this.logger.log(`user ${user.id} changed their password`);
  }

  async listTokens(user: User): Promise<AccessTokenDto[]> {
    const rows = await this.tokens.find({
      where: { userId: user.id, revokedAt: IsNull() },
      order: { createdAt: 'ASC' },
    });
    return rows.map(tokenView);
  }

  async createToken(user: User, name: unknown, scopes: unknown): Promise<CreatedTokenDto> {
    const label = typeof name === 'string' ? name.trim() : '';
    if (label.length === 0 || label.length > 100) {
      throw new BadRequestException(
        localized('name must have 1 to 100 characters', 'Nosaukumam jābūt 1 līdz 100 rakstzīmēm'),
      );
    }
    if (
      !Array.isArray(scopes) ||
      scopes.length === 0 ||
      !scopes.every((scope) => TOKEN_SCOPES.includes(scope as TokenScope))
    ) {
      throw new BadRequestException(
        localized(
          `scopes must be a non-empty list of ${TOKEN_SCOPES.join(', ')}; got ${JSON.stringify(scopes)}`,
          `Tiesībām (scopes) jābūt netukšam sarakstam no ${TOKEN_SCOPES.join(', ')}; saņemts ${JSON.stringify(scopes)}`,
        ),
      );
    }
    const unique = [...new Set(scopes as TokenScope[])];
    const { row, secret } = await this.credentials.createAccessToken(user.id, label, unique);
    return { ...tokenView(row), token: secret };
  }

  async revokeToken(user: User, id: string): Promise<void> {
    const result = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.tokens.update(
          { id, userId: user.id, revokedAt: IsNull() },
          { revokedAt: new Date() },
        )
      : { affected: 0 };
    if (!result.affected) {
      throw new NotFoundException(localized(`token ${id} not found`, `Pilnvara ${id} nav atrasta`));
    }
    this.logger.log(`user ${user.id} revoked access token ${id}`);
  }

  async invitation(code: string): Promise<InvitationDto> {
    const course = await this.courses.findOne({ where: { invitationCode: code } });
    if (!course) throw new NotFoundException(INVALID_INVITATION);
    return { code, course: course.slug, title: course.title };
  }

  /**
   * Joins the invitation's course as a student: the logged-in user, or a new account made from
   * the body (whose e-mail must not exist yet; an existing user logs in first).
   */
  async acceptInvitation(
    code: string,
    principal: Principal | undefined,
    body: AcceptInvitationDto,
  ): Promise<User> {
    const course = await this.courses.findOne({ where: { invitationCode: code } });
    if (!course) throw new NotFoundException(INVALID_INVITATION);
    let user = principal?.user;
    if (!user) {
      const email = (body.email ?? '').trim().toLowerCase();
      const displayName = (body.displayName ?? '').trim();
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
        throw new BadRequestException(
          localized(
            `e-mail address ${JSON.stringify(email)} is not valid`,
            `E-pasta adrese ${JSON.stringify(email)} nav derīga`,
          ),
        );
      }
      if (!displayName) {
        throw new BadRequestException(
          localized('displayName is required', 'Vajadzīgs vārds (displayName)'),
        );
      }
      if (await this.users.exist({ where: { email } })) {
        throw new ConflictException(
          localized(
            `${email} already has an account; log in, then open the link`,
            `${email} jau ir konts; piesakieties un tad atveriet saiti`,
          ),
        );
      }
      user = await this.users.save(
        this.users.create({
          email,
          displayName,
          role: 'student',
          passwordHash: await hashPassword(checkPassword(body.password ?? '')),
        }),
      );
    }
    await this.enrolments
      .createQueryBuilder()
      .insert()
      .values({ courseId: course.id, userId: user.id, role: 'student' })
      .orIgnore()
      .execute();
    this.logger.log(`user ${user.id} joined course ${course.slug} by invitation`);
    return user;
  }
}

export function checkPassword(password: string): string {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
    throw new BadRequestException(
      localized(
        `the password must have at least ${MIN_PASSWORD_LENGTH} characters`,
        `Parolei jābūt vismaz ${MIN_PASSWORD_LENGTH} rakstzīmēm`,
      ),
    );
  }
  return password;
}

function tokenView(row: PersonalAccessToken): AccessTokenDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
