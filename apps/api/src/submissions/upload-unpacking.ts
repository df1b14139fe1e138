import { posix } from 'node:path';
import {
  BadRequestException,
  PayloadTooLargeException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { readTarGzArchive, readZipArchive, type ArchiveEntry } from './archive-extraction';
import { notebookToPython } from './notebook-code';
import { fileNameProblem, type UploadedSource, type UploadLimits } from './upload-validation';
import { localized } from '../errors/localized-message';

/** Kinds of file a student may upload; archives and notebooks become `.py` files before storing. */
export const UPLOAD_EXTENSIONS = ['.py', '.ipynb', '.zip', '.tar.gz', '.tgz'];

/**
 * Turns what was uploaded into the Python files to store: archives are expanded (within the
 * upload's byte and file caps, see archive-extraction.ts), notebooks are reduced to their code
 * cells, and `.py` files pass through. Inside an archive, files other than `.py` and `.ipynb`
 * (a README, data) are left out. When the archive wraps everything in one folder and has no
 * `module.py` at its top level, that folder is dropped. The result still goes through
 * `validateUpload`.
 */
export async function unpackUpload(
  files: UploadedSource[],
  module: string,
  limits: UploadLimits,
): Promise<UploadedSource[]> {
  checkRawUpload(files, limits);
  const unpacked: UploadedSource[] = [];
  for (const file of files) {
    const path = file.path;
    if (path.endsWith('.zip') || path.endsWith('.tar.gz') || path.endsWith('.tgz')) {
      const entries = path.endsWith('.zip')
        ? await readZipArchive(path, file.content, limits)
        : await readTarGzArchive(path, file.content, limits);
      unpacked.push(...archiveSources(path, entries, module));
    } else if (path.endsWith('.ipynb')) {
      unpacked.push(notebookSource(path, file.content));
    } else {
      unpacked.push(file);
    }
  }
  return unpacked;
}

function checkRawUpload(files: UploadedSource[], limits: UploadLimits): void {
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
  for (const file of files) {
    const problem = fileNameProblem(file.path);
    if (problem) throw new BadRequestException(problem);
    if (!UPLOAD_EXTENSIONS.some((extension) => file.path.endsWith(extension))) {
      throw new UnprocessableEntityException(
        localized(
          `file ${JSON.stringify(file.path)} cannot be graded; upload ${UPLOAD_EXTENSIONS.join(', ')} files only`,
          `Failu ${JSON.stringify(file.path)} nevar vērtēt; augšupielādējiet tikai ${UPLOAD_EXTENSIONS.join(', ')} failus`,
        ),
      );
    }
  }
}

function notebookSource(path: string, content: Buffer): UploadedSource {
  const python = notebookToPython(path, content);
  return { path: path.replace(/\.ipynb$/, '.py'), content: Buffer.from(python, 'utf8') };
}

function archiveSources(
  archive: string,
  entries: ArchiveEntry[],
  module: string,
): UploadedSource[] {
  const kept = entries.filter(
    (entry) => entry.path.endsWith('.py') || entry.path.endsWith('.ipynb'),
  );
  const wrapper = singleTopFolder(kept);
  const hasModuleAtTop = kept.some(
    (entry) => entry.path === `${module}.py` || entry.path === `${module}.ipynb`,
  );
  const sources: UploadedSource[] = [];
  for (const entry of kept) {
    const path = wrapper && !hasModuleAtTop ? entry.path.slice(wrapper.length + 1) : entry.path;
    if (path === '') {
      throw new BadRequestException(
        localized(
          `archive ${JSON.stringify(archive)} has an empty file name`,
          `Arhīvā ${JSON.stringify(archive)} ir fails bez nosaukuma`,
        ),
      );
    }
    sources.push(
      path.endsWith('.ipynb')
        ? notebookSource(path, entry.content)
        : { path, content: entry.content },
    );
  }
  return sources;
}

/** Returns the one folder that contains every entry, or null. */
function singleTopFolder(entries: ArchiveEntry[]): string | null {
  const tops = new Set(entries.map((entry) => entry.path.split('/')[0]));
  if (tops.size !== 1 || entries.some((entry) => !entry.path.includes('/'))) return null;
  const [top] = tops;
  return top && posix.basename(top) === top ? top : null;
}
