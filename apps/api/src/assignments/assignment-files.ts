import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NotFoundException } from '@nestjs/common';
import { localized } from '../errors/localized-message';

/**
 * Paths of an assignment folder that students may read: the task texts, the starter code and the
 * public tests. Everything else in the folder (the manifest, calibration notes) stays private.
 */
const PUBLIC_PATH = /^(README(\.lv)?\.md|(starter|tests)(\/[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}){1,4})$/;

/** Largest public file served, in bytes; task texts and starters are a few kilobytes. */
const MAX_PUBLIC_FILE_BYTES = 1024 * 1024;

/**
 * Reads a public file of an assignment folder, for the links in its task text. Throws 404 for a
 * path outside the public set, with `..`, or missing.
 */
export function readPublicAssignmentFile(folder: string, path: string, slug: string): string {
  const file = join(folder, path);
  if (
    !PUBLIC_PATH.test(path) ||
    path.split('/').includes('..') ||
    !existsSync(file) ||
    !statSync(file).isFile() ||
    statSync(file).size > MAX_PUBLIC_FILE_BYTES
  ) {
    throw new NotFoundException(
      localized(
        `assignment ${slug} has no public file ${JSON.stringify(path)}; its task text, starter/ and tests/ are public`,
        `Uzdevumam ${slug} nav publiska faila ${JSON.stringify(path)}; publiski ir uzdevuma apraksts, starter/ un tests/`,
      ),
    );
  }
  return readFileSync(file, 'utf8');
}
