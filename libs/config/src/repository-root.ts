import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Finds the checkout's root: the nearest folder above `start` with both package.json and
 * `assignments/`. Compiled code runs from `dist/...`, so paths to assignments, reference solutions
 * and data are resolved from here, never from `__dirname`.
 */
export function findRepositoryRoot(start: string = __dirname): string {
  let folder = start;
  for (;;) {
    if (existsSync(join(folder, 'package.json')) && existsSync(join(folder, 'assignments'))) {
      return folder;
    }
    const parent = dirname(folder);
    if (parent === folder) {
      throw new Error(
        `repository root not found above ${start}: expected package.json and assignments/`,
      );
    }
    folder = parent;
  }
}
