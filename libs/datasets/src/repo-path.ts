import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { DatasetError } from './errors';

/**
 * Resolves a path relative to the repository root. Compiled code runs from
 * dist/libs/datasets/src/, so `__dirname` cannot locate data files directly. The root is the
 * first ancestor of this file that has a package.json and contains `relative`. When the code
 * was built outside the repository, the ancestors of the working directory are searched next.
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
  throw new DatasetError(
    `${relative} was not found in any repository root; searched ${searched.join(', ')}`,
  );
}
