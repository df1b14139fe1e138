import { timingSafeEqual } from 'node:crypto';
import {
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  HttpException,
  Inject,
  Logger,
  NotFoundException,
  Param,
  PayloadTooLargeException,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import type { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import { Submission, User } from '@dmlg/db';
import { Public } from '../auth/public.decorator';
import { SubmissionsService } from '../submissions/submissions.service';
import type { GitHookAnswer } from './git-hook-answer';
import { GIT_PUSH_MESSAGES } from './git-push-messages';
import { GitRepositoriesService } from './git-repositories.service';
import { isLocalizedMessage, messageIn } from '../errors/localized-message';

/** How often the wait route looks at the submission, in milliseconds. */
const WAIT_POLL_MS = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Routes called only by the receive hooks (git-receive-hook.ts) that this process's git
 * started: they carry the per-process secret in `x-dmlg-hook-secret` and name the user who pushed.
 * Not part of the public API, so left out of the OpenAPI document.
 */
@ApiExcludeController()
@Public()
@Controller('git-hook')
export class GitHookController {
  private readonly logger = new Logger(GitHookController.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repositories: GitRepositoriesService,
    private readonly submissions: SubmissionsService,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Submission) private readonly submissionRows: Repository<Submission>,
  ) {}

  /**
   * The pushed tree of `main` as a `.tar.gz`; it becomes a submission through the same
   * unpacking, validation and storage as an uploaded archive. A rejection returns 200 with
   * `accepted: false` and the reason, which the hook prints before rejecting the push.
   */
  @Post('receive')
  @HttpCode(200)
  async receive(@Req() request: Request, @Query('commit') commit: string): Promise<GitHookAnswer> {
    const user = await this.hookUser(request);
    const slug = String(request.headers['x-dmlg-assignment']);
    const text = GIT_PUSH_MESSAGES[user.locale];
    let archive: Buffer;
    try {
      archive = await readBody(request, this.config.git.maxPushBytes);
    } catch (error) {
      return { accepted: false, lines: [text.refused((error as Error).message)] };
    }
    try {
      const receipt = await this.submissions.submit(
        slug,
        [{ path: archiveName(commit), content: archive }],
        user,
      );
      const stored = await this.submissionRows.findOneByOrFail({ id: receipt.id });
      this.logger.log(
        `push of ${String(commit).slice(0, 12)} to ${slug} by user ${user.id} became submission ${receipt.id}`,
      );
      const lines = [
        text.received(receipt.id, slug, stored.files.length),
        text.link(`${this.config.http.publicUrl}/#/submissions/${receipt.id}`),
      ];
      if (this.config.git.waitSeconds > 0) lines.push(text.waiting(this.config.git.waitSeconds));
      return { accepted: true, submissionId: receipt.id, lines };
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      this.logger.log(`push to ${slug} by user ${user.id} rejected: ${error.message}`);
      const body = error.getResponse();
      const reason = isLocalizedMessage(body) ? messageIn(body, user.locale) : error.message;
      return { accepted: false, lines: [text.refused(nameTheCommit(reason))] };
    }
  }

  /** Waits up to DMLG_GIT_WAIT_SECONDS for the submission's grade and returns how it ended. */
  @Get('submissions/:id/wait')
  async wait(@Req() request: Request, @Param('id') id: string): Promise<GitHookAnswer> {
    const user = await this.hookUser(request);
    const text = GIT_PUSH_MESSAGES[user.locale];
    if (!UUID.test(id)) throw new NotFoundException(`submission ${id} not found`);
    const deadline = Date.now() + this.config.git.waitSeconds * 1000;
    for (;;) {
      const submission = await this.submissionRows.findOneBy({ id, userId: user.id });
      if (!submission) throw new NotFoundException(`submission ${id} not found`);
      if (submission.status === 'graded') {
        return { accepted: true, lines: [text.graded((submission.score ?? 0).toFixed(1))] };
      }
      if (submission.status === 'cancelled') {
        return { accepted: true, lines: [text.cancelled()] };
      }
      if (submission.status === 'failed') {
        return {
          accepted: true,
          lines: [text.failed(submission.failureReason ?? 'unknown reason')],
        };
      }
      if (Date.now() >= deadline)
        return { accepted: true, lines: [text.notYet(submission.status)] };
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }
  }

  /** Checks the hook secret and returns the user whose push this is. */
  private async hookUser(request: Request): Promise<User> {
    const given = Buffer.from(String(request.headers['x-dmlg-hook-secret'] ?? ''));
    const expected = Buffer.from(this.repositories.hookSecret);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ForbiddenException('only the git receive hooks of this server may call this');
    }
    const user = await this.users.findOneBy({ id: String(request.headers['x-dmlg-user']) });
    if (!user) throw new NotFoundException('the pushing user no longer exists');
    return user;
  }
}

/** Names the packed tree for the pushed commit, so that messages about it point at the commit. */
function archiveName(commit: string | undefined): string {
  return /^[0-9a-f]{40,64}$/.test(commit ?? '')
    ? `commit-${commit?.slice(0, 12)}.tar.gz`
    : 'push.tar.gz';
}

/** Reads a request body of at most `limit` bytes. */
async function readBody(request: Request, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request) {
    total += (chunk as Buffer).length;
    if (total > limit) {
      throw new PayloadTooLargeException(`the pushed tree is over ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Returns a rejection reason that names the pushed commit instead of the archive the hook packed
 * it into (`commit-<hash>.tar.gz`), which the student never saw.
 */
function nameTheCommit(reason: string): string {
  return reason
    .replace(/archive "commit-([0-9a-f]+)\.tar\.gz" entry /g, 'commit $1: file ')
    .replace(/archive "commit-([0-9a-f]+)\.tar\.gz"/g, 'commit $1')
    .replace(/Arhīva "commit-([0-9a-f]+)\.tar\.gz" ieraksts /g, 'Revīzijas $1 fails ')
    .replace(/Arhīvs "commit-([0-9a-f]+)\.tar\.gz"/g, 'Revīzija $1');
}
