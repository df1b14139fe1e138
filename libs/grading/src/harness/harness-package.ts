import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { SandboxFile } from '@dmlg/sandbox';

/**
 * Reads the Python harness package (`assignments/harness/dmlg_harness`) as sandbox files, to be
 * mounted read-only at `/harness`. It is read per run, so a harness change needs no image rebuild.
 */
export function readHarnessPackage(repositoryRoot: string): SandboxFile[] {
  const root = join(repositoryRoot, 'assignments', 'harness');
  return readPythonTree(root, join(root, 'dmlg_harness'));
}

/** Reads the `.py` files below `folder`, with paths relative to `root`. */
export function readPythonTree(root: string, folder: string = root): SandboxFile[] {
  const files: SandboxFile[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && entry.name !== '__pycache__' && !entry.name.startsWith('.')) {
      files.push(...readPythonTree(root, path));
    } else if (entry.isFile() && entry.name.endsWith('.py')) {
      files.push({ path: relative(root, path).split(sep).join('/'), content: readFileSync(path) });
    }
  }
  return files;
}
