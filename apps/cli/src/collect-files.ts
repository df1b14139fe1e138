import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';

export interface CollectedFile {
  path: string;
  content: Buffer;
}

/** Folders never uploaded: caches and version control. */
const SKIPPED_FOLDERS = new Set([
  '__pycache__',
  '.git',
  '.ipynb_checkpoints',
  'node_modules',
  '.venv',
  'venv',
]);

/**
 * Reads a file, or every `.py` file below a folder with paths relative to it. Hidden files and
 * caches are skipped; symbolic links are not followed.
 */
export function collectFiles(target: string): CollectedFile[] {
  const info = statSync(target);
  if (info.isFile()) {
    return [{ path: basename(target), content: readFileSync(target) }];
  }
  if (!info.isDirectory()) {
    throw new Error(`${target} is neither a file nor a folder`);
  }
  const files: CollectedFile[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.py'))
        files.push({
          path: relative(target, path).split(sep).join('/'),
          content: readFileSync(path),
        });
    }
  };
  walk(target);
  if (files.length === 0) {
    throw new Error(`no .py files found in ${target}`);
  }
  return files;
}
