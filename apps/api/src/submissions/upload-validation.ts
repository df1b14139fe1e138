import {
  BadRequestException,
  PayloadTooLargeException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { localized, type LocalizedMessage } from '../errors/localized-message';

export interface UploadedSource {
  path: string;
  content: Buffer;
}

export interface UploadLimits {
  maxBytes: number;
  maxFiles: number;
}

/** One path segment: letters, digits, dot, dash, underscore; not `.` or `..`. */
const SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/;
/** Extensions a submission may contain. */
const ALLOWED_EXTENSIONS = ['.py'];

/**
 * Checks uploaded file names and sizes before anything is stored. Names are relative paths
 * (folders are sent as `pkg/util.py`) with safe segments only, so no name can leave the folder
 * it is staged in. Every rejection names the file and the limit.
 */
export function validateUpload(
  files: UploadedSource[],
  module: string,
  limits: UploadLimits,
): void {
  if (files.length === 0) {
    throw new BadRequestException(
      localized(
        `no files uploaded: send ${module}.py as multipart field "files"`,
        `Nav augšupielādēts neviens fails: nosūtiet ${module}.py kā multipart lauku "files"`,
      ),
    );
  }
  if (files.length > limits.maxFiles) {
    throw new PayloadTooLargeException(
      localized(
        `${files.length} files uploaded; the limit is ${limits.maxFiles}`,
        `Augšupielādēti ${files.length} faili; atļauts ne vairāk kā ${limits.maxFiles}`,
      ),
    );
  }
  const total = files.reduce((sum, file) => sum + file.content.length, 0);
  if (total > limits.maxBytes) {
    throw new PayloadTooLargeException(
      localized(
        `upload is ${total} bytes; the limit is ${limits.maxBytes} bytes`,
        `Augšupielāde ir ${total} baitu; atļauts ne vairāk kā ${limits.maxBytes} baitu`,
      ),
    );
  }

  const seen = new Set<string>();
  for (const file of files) {
    const shown = JSON.stringify(file.path);
    const problem = fileNameProblem(file.path);
    if (problem) {
      throw new BadRequestException(problem);
    }
    if (!ALLOWED_EXTENSIONS.some((extension) => file.path.endsWith(extension))) {
      throw new UnprocessableEntityException(
        localized(
          `file ${shown} is not a Python file; upload ${ALLOWED_EXTENSIONS.join(', ')} files only`,
          `Fails ${shown} nav Python fails; augšupielādējiet tikai ${ALLOWED_EXTENSIONS.join(', ')} failus`,
        ),
      );
    }
    if (seen.has(file.path)) {
      throw new BadRequestException(
        localized(`file ${shown} was uploaded twice`, `Fails ${shown} augšupielādēts divreiz`),
      );
    }
    seen.add(file.path);
    if (!isValidUtf8(file.content)) {
      throw new UnprocessableEntityException(
        localized(
          `file ${shown} is not valid UTF-8 text; save it as UTF-8`,
          `Fails ${shown} nav derīgs UTF-8 teksts; saglabājiet to UTF-8 kodējumā`,
        ),
      );
    }
  }
  if (!seen.has(`${module}.py`)) {
    throw new UnprocessableEntityException(
      localized(
        `this assignment needs a file named ${module}.py at the top level; got ${[...seen].join(', ')}`,
        `Šim uzdevumam augšējā līmenī vajadzīgs fails ${module}.py; saņemti: ${[...seen].join(', ')}`,
      ),
    );
  }
}

/**
 * Returns why `path` may not name a submitted file, or null when it may: a relative path of at
 * most 8 safe segments, so no name can leave the folder it is staged in. Control characters,
 * spaces, backslashes and non-ASCII letters are refused because they are easy to confuse in
 * messages and on other operating systems.
 */
export function fileNameProblem(path: string): LocalizedMessage | null {
  const segments = path.split('/');
  if (
    path.startsWith('/') ||
    !segments.every((segment) => SEGMENT.test(segment)) ||
    segments.length > 8
  ) {
    return localized(
      `file name ${JSON.stringify(path)} is not allowed: use a relative path of at most 8 parts made of letters, digits, ".", "-" and "_", without ".." or a leading "/"`,
      `Faila nosaukums ${JSON.stringify(path)} nav atļauts: lietojiet relatīvu ceļu ar ne vairāk kā 8 daļām no burtiem, cipariem, ".", "-" un "_", bez ".." un bez "/" sākumā`,
    );
  }
  return null;
}

function isValidUtf8(content: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return true;
  } catch {
    return false;
  }
}
