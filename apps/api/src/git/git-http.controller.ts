import { All, Controller, Inject, Logger, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import type { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import { Assignment, type TokenScope } from '@dmlg/db';
import { AccessPolicy } from '../auth/access-policy';
import { CredentialsService } from '../auth/credentials.service';
import type { Principal } from '../auth/principal';
import { Public } from '../auth/public.decorator';
import { runGitHttpBackend } from './git-http-backend';
import { GitRepositoriesService, SLUG_PATTERN } from './git-repositories.service';

/** The three smart-HTTP endpoints; dumb-HTTP file paths are not served. */
const GIT_PATH = /^\/git\/([^/]+)\/([^/]+)\.git\/(info\/refs|git-upload-pack|git-receive-pack)$/;
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const REALM = 'Basic realm="DML Grader git", charset="UTF-8"';

/**
 * Git over smart HTTP at `/git/<course>/<assignment>.git`. Each user reaches their own bare
 * repository for the assignment (created on first use); git itself (`git http-backend`) speaks
 * the protocol. Credentials: HTTP basic auth with the account's e-mail address and a personal
 * access token (`read` to fetch, `submit` to push), or `Authorization: Bearer`. Pushes to `main`
 * become submissions in the receive hooks (see git-receive-hook.ts and GitHookController).
 * Git's wire format is not JSON, so these routes are left out of the OpenAPI document and
 * described in README.md.
 */
@ApiExcludeController()
@Public()
@Controller('git')
export class GitHttpController {
  private readonly logger = new Logger(GitHttpController.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly credentials: CredentialsService,
    private readonly repositories: GitRepositoriesService,
    @InjectRepository(Assignment) private readonly assignments: Repository<Assignment>,
  ) {}

  @All('*path')
  async serve(@Req() request: Request, @Res() response: Response): Promise<void> {
    const match = GIT_PATH.exec(request.path);
    if (!match || !SLUG_PATTERN.test(match[1]) || !SLUG_PATTERN.test(match[2])) {
      response
        .status(404)
        .type('text/plain')
        .send('not a repository: clone http(s)://<server>/git/<course>/<assignment>.git');
      return;
    }
    const [, course, slug, service] = match;
    const pushing = service === 'git-receive-pack' || request.query.service === 'git-receive-pack';

    const principal = await this.authenticate(request.headers.authorization);
    if (!principal) {
      response
        .status(401)
        .setHeader('WWW-Authenticate', REALM)
        .type('text/plain')
        .send(
          'wrong e-mail address or personal access token: use your e-mail as the user name and a token from the Tokens page as the password',
        );
      return;
    }
    const scope: TokenScope = pushing ? 'submit' : 'read';
    if (!principal.scopes.includes(scope)) {
      response
        .status(403)
        .type('text/plain')
        .send(`this token lacks scope "${scope}"; create a token with it on the Tokens page`);
      return;
    }
    const assignment = await this.assignments
      .createQueryBuilder('assignment')
      .innerJoin('assignment.course', 'course')
      .where('course.slug = :course AND assignment.slug = :slug', { course, slug })
      .orderBy('assignment.version', 'DESC')
      .getOne();
    if (!assignment || AccessPolicy.roleIn(principal, assignment.courseId) === null) {
      response
        .status(404)
        .type('text/plain')
        .send(`repository ${course}/${slug}.git not found; check the course and assignment names`);
      return;
    }

    const userId = principal.user.id;
    await this.repositories.ensureRepository(course, slug, userId);
    await runGitHttpBackend(
      request,
      response,
      {
        projectRoot: this.repositories.projectRoot(course, slug),
        pathInfo: `/${userId}.git/${service}`,
        remoteUser: principal.user.email,
        environment: {
          HOME: this.repositories.hooksFolder,
          GIT_CONFIG_NOSYSTEM: '1',
          // Settings for every git process of this request, hooks included (git >= 2.31).
          GIT_CONFIG_COUNT: '3',
          GIT_CONFIG_KEY_0: 'core.hooksPath',
          GIT_CONFIG_VALUE_0: this.repositories.hooksFolder,
          GIT_CONFIG_KEY_1: 'receive.maxInputSize',
          GIT_CONFIG_VALUE_1: String(this.config.git.maxPushBytes),
          GIT_CONFIG_KEY_2: 'http.receivepack',
          GIT_CONFIG_VALUE_2: 'true',
          DMLG_HOOK_URL: this.loopbackUrl(),
          DMLG_HOOK_SECRET: this.repositories.hookSecret,
          DMLG_GIT_USER_ID: userId,
          DMLG_GIT_COURSE: course,
          DMLG_GIT_ASSIGNMENT: slug,
          DMLG_GIT_LOCALE: principal.user.locale,
        },
      },
      (text) =>
        this.logger.warn(
          `git http-backend for user ${userId} on ${course}/${slug}: ${text.trim()}`,
        ),
    );
  }

  /**
   * The principal of basic credentials (e-mail and personal access token; the e-mail must be the
   * token owner's) or of a bearer token, or null.
   */
  private async authenticate(header: string | undefined): Promise<Principal | null> {
    const basic = /^Basic\s+(\S+)$/i.exec(header ?? '');
    const bearer = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    let email: string | null = null;
    let secret: string;
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return null;
      email = decoded.slice(0, colon).trim().toLowerCase();
      secret = decoded.slice(colon + 1);
    } else if (bearer) {
      secret = bearer[1];
    } else {
      return null;
    }
    if (secret === '') return null;
    const principal = JWT_SHAPE.test(secret)
      ? await this.credentials.principalFromSession(secret)
      : await this.credentials.principalFromAccessToken(secret);
    if (!principal || (email !== null && principal.user.email.toLowerCase() !== email)) return null;
    return principal;
  }

  /** Builds the URL at which the hooks reach this process: its listening address, or loopback. */
  private loopbackUrl(): string {
    let host = this.config.http.host;
    if (host === '0.0.0.0' || host === '') host = '127.0.0.1';
    if (host === '::') host = '::1';
    const authority = host.includes(':') ? `[${host}]` : host;
    return `http://${authority}:${this.config.http.port}`;
  }
}
