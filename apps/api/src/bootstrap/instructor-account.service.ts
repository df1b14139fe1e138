import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Not, IsNull, type Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import { Course, Enrolment, PersonalAccessToken, TOKEN_SCOPES, User } from '@dmlg/db';
import { CredentialsService } from '../auth/credentials.service';
import { hashPassword } from '../auth/password-hasher';
import { DEFAULT_COURSE_SLUG } from './assignment-catalog.service';

export const INSTRUCTOR_EMAIL = 'instructor@dmlg.local';

/**
 * Creates the first instructor account when no instructor or admin exists, enrolled as
 * instructor of the default course. Its first personal access token (all scopes) is
 * `DMLG_INSTRUCTOR_TOKEN` when set, else random; the token goes to `<data dir>/instructor-token`
 * (mode 0600), where the CLI finds it, and never to the log. Its web password is
 * `DMLG_INSTRUCTOR_PASSWORD` when set, else random and written to `<data dir>/instructor-password`
 * (mode 0600). A bootstrap instructor created without a password gets one at the next start.
 *
 * Databases from before personal access tokens keep working: a `users.api_token_sha256` without
 * a matching token row becomes one.
 */
@Injectable()
export class InstructorAccountService {
  private readonly logger = new Logger(InstructorAccountService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly credentials: CredentialsService,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Course) private readonly courses: Repository<Course>,
    @InjectRepository(Enrolment) private readonly enrolments: Repository<Enrolment>,
    @InjectRepository(PersonalAccessToken)
    private readonly tokens: Repository<PersonalAccessToken>,
  ) {}

  async ensureInstructor(): Promise<void> {
    await this.migrateLegacyTokens();
    const existing = await this.users.count({ where: { role: In(['instructor', 'admin']) } });
    if (existing > 0) {
      await this.ensureInstructorPassword();
      return;
    }
    const token = this.config.instructorToken ?? randomBytes(32).toString('base64url');
    const user = await this.users.save(
      this.users.create({
        email: INSTRUCTOR_EMAIL,
        displayName: 'Instructor',
        role: 'instructor',
        passwordHash: await hashPassword(await this.instructorPassword()),
      }),
    );
    await this.credentials.createAccessToken(user.id, 'instructor-token', [...TOKEN_SCOPES], token);
    const course = await this.courses.findOne({ where: { slug: DEFAULT_COURSE_SLUG } });
    if (course) {
      await this.enrolments.insert({ courseId: course.id, userId: user.id, role: 'instructor' });
    }
    const tokenFile = join(this.config.dataDir, 'instructor-token');
    await mkdir(this.config.dataDir, { recursive: true });
    await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
    this.logger.log(
      `created instructor account ${INSTRUCTOR_EMAIL}; its API token is in ${tokenFile}`,
    );
  }

  /**
   * `DMLG_INSTRUCTOR_PASSWORD`, or a random password written to `<data dir>/instructor-password`
   * (mode 0600) so the operator can log in to the web interface; it is never logged.
   */
  private async instructorPassword(): Promise<string> {
    if (this.config.auth.instructorPassword) return this.config.auth.instructorPassword;
    const password = randomBytes(12).toString('base64url');
    const passwordFile = join(this.config.dataDir, 'instructor-password');
    await mkdir(this.config.dataDir, { recursive: true });
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    this.logger.log(`the web password of ${INSTRUCTOR_EMAIL} is in ${passwordFile}`);
    return password;
  }

  /** Gives the bootstrap instructor a password when an older start created it without one. */
  private async ensureInstructorPassword(): Promise<void> {
    const instructor = await this.users.findOne({ where: { email: INSTRUCTOR_EMAIL } });
    if (!instructor || instructor.passwordHash) return;
    const passwordHash = await hashPassword(await this.instructorPassword());
    await this.users.update(instructor.id, { passwordHash });
  }

  private async migrateLegacyTokens(): Promise<void> {
    const legacy = await this.users.find({ where: { apiTokenSha256: Not(IsNull()) } });
    for (const user of legacy) {
      const sha256 = user.apiTokenSha256 as string;
      if (await this.tokens.exist({ where: { tokenSha256: sha256 } })) continue;
      await this.tokens.insert({
        userId: user.id,
        name: 'instructor-token',
        tokenSha256: sha256,
        prefix: '(legacy)',
        scopes: [...TOKEN_SCOPES],
      });
      this.logger.log(`kept the API token of user ${user.id} as a personal access token`);
    }
  }
}
