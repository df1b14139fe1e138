import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import { assignmentFolder, type AssignmentManifest } from '@dmlg/grading';

const run = promisify(execFile);

/** Course and assignment slugs as they may appear in a repository path. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * The students' git repositories: one bare repository per user and assignment, at
 * `<data dir>/git/<course>/<assignment>/<user id>.git`. Repositories have no hooks of their own;
 * every git process the API starts points `core.hooksPath` at `<data dir>/git-hooks`, which
 * holds the API's receive hooks (git-receive-hook.ts), so a repository's content can never
 * change what runs on a push.
 */
@Injectable()
export class GitRepositoriesService implements OnModuleInit {
  private readonly logger = new Logger(GitRepositoriesService.name);
  /** Proves to the API's hook routes that a request comes from a hook this process started. */
  readonly hookSecret = randomBytes(32).toString('hex');
  readonly hooksFolder: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.hooksFolder = join(config.dataDir, 'git-hooks');
  }

  onModuleInit(): void {
    mkdirSync(this.hooksFolder, { recursive: true });
    const script = join(__dirname, 'git-receive-hook.js');
    for (const phase of ['pre-receive', 'post-receive']) {
      const path = join(this.hooksFolder, phase);
      writeFileSync(
        path,
        `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(script)} ${phase}\n`,
      );
      chmodSync(path, 0o755);
    }
    this.logger.log(`git receive hooks installed in ${this.hooksFolder}`);
  }

  /** Folder of one assignment's repositories (git's GIT_PROJECT_ROOT for its requests). */
  projectRoot(course: string, assignment: string): string {
    return join(this.config.dataDir, 'git', course, assignment);
  }

  /** Creates the user's bare repository with `main` as its default branch, unless it exists. */
  async ensureRepository(course: string, assignment: string, userId: string): Promise<boolean> {
    const path = join(this.projectRoot(course, assignment), `${userId}.git`);
    if (existsSync(join(path, 'HEAD'))) return false;
    mkdirSync(path, { recursive: true });
    await run('git', ['init', '--quiet', '--bare', '--initial-branch=main', path]);
    this.logger.log(`created git repository ${course}/${assignment} for user ${userId}`);
    return true;
  }

  /**
   * Makes the assignment's starter code (starter/ at the top, with tests/ and the task text)
   * the first commit on `main` of the user's repository. Returns false, changing nothing, when
   * `main` already has a commit.
   */
  async seedStarter(
    course: string,
    manifest: AssignmentManifest,
    userId: string,
  ): Promise<boolean> {
    await this.ensureRepository(course, manifest.slug, userId);
    const gitDir = join(this.projectRoot(course, manifest.slug), `${userId}.git`);
    const hasMain = await run('git', [
      '--git-dir',
      gitDir,
      'rev-parse',
      '--verify',
      '--quiet',
      'main',
    ]).then(
      () => true,
      () => false,
    );
    if (hasMain) return false;

    const source = join(this.config.repositoryRoot, 'assignments', assignmentFolder(manifest));
    const workTree = mkdtempSync(join(tmpdir(), 'dmlg-starter-'));
    try {
      cpSync(join(source, 'starter'), workTree, { recursive: true });
      for (const extra of ['tests', 'README.md', 'README.lv.md']) {
        if (existsSync(join(source, extra)))
          cpSync(join(source, extra), join(workTree, extra), { recursive: true });
      }
      const environment = {
        ...process.env,
        GIT_INDEX_FILE: join(workTree, '.git-index'),
        GIT_AUTHOR_NAME: 'DML Grader',
        GIT_AUTHOR_EMAIL: 'grader@dmlg.local',
        GIT_COMMITTER_NAME: 'DML Grader',
        GIT_COMMITTER_EMAIL: 'grader@dmlg.local',
      };
      const git = (args: string[]): Promise<string> =>
        run('git', ['--git-dir', gitDir, '--work-tree', workTree, ...args], {
          cwd: workTree,
          env: environment,
        }).then((result) => result.stdout.trim());
      await git(['add', '--all', '--', '.', ':!.git-index', ':!**/__pycache__']);
      const tree = await git(['write-tree']);
      const commit = await git([
        'commit-tree',
        tree,
        '-m',
        `Starter code of assignment ${manifest.number} (${manifest.slug})`,
      ]);
      // The all-zero old value makes the update fail if main appeared meanwhile.
      await git(['update-ref', 'refs/heads/main', commit, '0'.repeat(40)]);
    } finally {
      rmSync(workTree, { recursive: true, force: true });
    }
    this.logger.log(`seeded ${course}/${manifest.slug} for user ${userId} with the starter code`);
    return true;
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
