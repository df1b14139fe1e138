import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Resolves a path relative to the repository root, for test fixtures. The compiled specs run
 * from dist/, so the root is the first ancestor of this file (or, for a build outside the
 * repository, of the working directory) that has a package.json and contains `relative`.
 */
export function resolveRepoPath(relative: string): string {
  const searched: string[] = [];
  for (const start of [__dirname, process.cwd()]) {
    let directory = start;
    for (;;) {
      const candidate = path.join(directory, relative);
      if (existsSync(path.join(directory, 'package.json')) && existsSync(candidate)) {
        return candidate;
      }
      searched.push(directory);
      const parent = path.dirname(directory);
      if (parent === directory) break;
      directory = parent;
    }
  }
  throw new Error(
    `${relative} not found under any repository root; searched ${searched.join(', ')}`,
  );
}
