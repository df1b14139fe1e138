import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import { User } from '@dmlg/db';

export const INSTRUCTOR_EMAIL = 'instructor@dmlg.local';

/**
 * Creates the first instructor account when no instructor or admin exists. Its API token is
 * `DMLG_INSTRUCTOR_TOKEN` when set, else random; the token goes to `<data dir>/instructor-token`
 * (mode 0600), where the CLI finds it, and never to the log.
 */
@Injectable()
export class InstructorAccountService {
  private readonly logger = new Logger(InstructorAccountService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  async ensureInstructor(): Promise<void> {
    const existing = await this.users.count({ where: { role: In(['instructor', 'admin']) } });
    if (existing > 0) return;

    const token = this.config.instructorToken ?? randomBytes(32).toString('base64url');
    await this.users.insert({
      email: INSTRUCTOR_EMAIL,
      displayName: 'Instructor',
      role: 'instructor',
      apiTokenSha256: createHash('sha256').update(token).digest('hex'),
    });
    const tokenFile = join(this.config.dataDir, 'instructor-token');
    await mkdir(this.config.dataDir, { recursive: true });
    await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
    this.logger.log(
      `created instructor account ${INSTRUCTOR_EMAIL}; its API token is in ${tokenFile}`,
    );
  }
}
