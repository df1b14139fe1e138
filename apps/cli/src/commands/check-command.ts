import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findRepositoryRoot } from '@dmlg/config';
import { CliError } from '../api-client';
import type { CliContext } from '../cli-context';

/** Output kept for --json, in characters; the tests print little, a runaway loop a lot. */
const MAX_OUTPUT_CHARS = 200_000;

/** Finds the assignment's folder in this checkout (`assignments/NN-slug`), found by slug. */
function assignmentFolder(root: string, slug: string, context: CliContext): string {
  const folders = readdirSync(join(root, 'assignments')).filter((name) => /^\d\d-/.test(name));
  const folder = folders.find((name) => name.slice(3) === slug);
  if (!folder) {
    throw new CliError(
      context.text.unknownAssignment(slug, folders.map((name) => name.slice(3)).join(', ')),
    );
  }
  return join(root, 'assignments', folder);
}

/** Runs one test file and resolves with its exit code and what it printed. */
function runTests(
  python: string,
  testFile: string,
  target: string,
  echo: boolean,
  context: CliContext,
): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(python, [testFile, target], {
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
      if (echo) process.stderr.write(chunk);
      if (output.length < MAX_OUTPUT_CHARS) output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new CliError(context.text.pythonMissing(python)) : error),
    );
    child.on('close', (code) => resolvePromise({ code: code ?? 1, output }));
  });
}

/**
 * `dmlg check <assignment> <path>`: runs the assignment's public tests
 * (`assignments/NN-slug/tests/test_*.py`, which take the student's file or folder as their
 * argument and need only numpy) with the student's own Python: --python, then DMLG_PYTHON,
 * then `python3`. Nothing is sent to the server. Exit code 1 when a test fails.
 */
export async function checkCommand(context: CliContext): Promise<number> {
  const [slug, target] = context.positionals(2, 'check <assignment> <path> [--python PYTHON]');
  if (!existsSync(target)) throw new CliError(context.text.pathMissing(target));
  const folder = assignmentFolder(findRepositoryRoot(), slug, context);
  const testsFolder = join(folder, 'tests');
  const testFiles = existsSync(testsFolder)
    ? readdirSync(testsFolder)
        .filter((name) => /^test_.*\.py$/.test(name))
        .sort()
    : [];
  if (testFiles.length === 0) throw new CliError(context.text.noPublicTests(slug, testsFolder));
  const python =
    context.args.values.get('--python') ?? context.environment.DMLG_PYTHON ?? 'python3';

  const results = [];
  for (const file of testFiles) {
    const run = await runTests(
      python,
      join(testsFolder, file),
      resolve(target),
      !context.json,
      context,
    );
    results.push({ file, passed: run.code === 0, exitCode: run.code, output: run.output });
  }
  const passed = results.every((result) => result.passed);
  if (context.json) context.outJson({ assignment: slug, python, passed, tests: results });
  else context.out(passed ? context.text.checksPassed(slug) : context.text.checksFailed(slug));
  return passed ? 0 : 1;
}
