import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { extract, pack, type Header, type Pack } from 'tar-stream';
import type { SandboxFile, SandboxMount, SandboxOutputFile } from './sandbox.types';

/** User and group the sandboxed code runs as (nobody:nogroup on Debian). */
export const SANDBOX_UID = 65534;
export const SANDBOX_GID = 65534;

const DEFAULT_FILE_MODE = 0o444;
const DIRECTORY_MODE = 0o555;
const OUTPUT_DIRECTORY_MODE = 0o700;

/** Cap on the entries read from the output folder, so that a million empty files cannot exhaust memory. */
export const MAX_OUTPUT_ENTRIES = 10_000;

/**
 * Builds a tar archive of a mount's files for `putArchive` at the parent folder of `target`.
 * Docker's extraction skips a `./` entry, so the first entry names the volume's mount point
 * (`basename(target)/`), which sets the owner and mode of the volume root itself. Every entry is
 * owned by root, so the sandbox user (65534) can read but not change it. Folders get 0o555 and
 * files their own mode or 0o444.
 */
export async function packMountArchive(target: string, files: SandboxFile[]): Promise<Buffer> {
  const archive = pack();
  const done = collectStream(archive);
  addMountEntries(archive, posix.basename(target), files, new Date());
  archive.finalize();
  return done;
}

/**
 * Builds one tar archive for `putArchive` at `/` of a loader container: every mount as
 * {@link packMountArchive} lays it out, at its full path, and the output folder's mount point,
 * owned by the sandbox user with mode 0o700. One call stages a whole run instead of one per folder.
 */
export async function packStagingArchive(
  mounts: readonly SandboxMount[],
  outputDir: string,
): Promise<Buffer> {
  const archive = pack();
  const done = collectStream(archive);
  const mtime = new Date();
  for (const mount of mounts) {
    addMountEntries(archive, mount.target.slice(1), mount.files, mtime);
  }
  addOutputRootEntry(archive, outputDir.slice(1), mtime);
  archive.finalize();
  return done;
}

/** Adds `root/` (the mount point), the folders below it and the files, all owned by root. */
function addMountEntries(archive: Pack, root: string, files: SandboxFile[], mtime: Date): void {
  const directories = new Set<string>();
  for (const file of files) {
    const segments = file.path.split('/');
    for (let n = 1; n < segments.length; n += 1) {
      directories.add(segments.slice(0, n).join('/'));
    }
  }
  archive.entry({
    name: `${root}/`,
    type: 'directory',
    mode: DIRECTORY_MODE,
    uid: 0,
    gid: 0,
    mtime,
  });
  // Sorted, so that each folder precedes what it contains.
  for (const directory of [...directories].sort()) {
    archive.entry({
      name: `${root}/${directory}/`,
      type: 'directory',
      mode: DIRECTORY_MODE,
      uid: 0,
      gid: 0,
      mtime,
    });
  }
  for (const file of files) {
    const mode = file.mode ?? DEFAULT_FILE_MODE;
    archive.entry(
      { name: `${root}/${file.path}`, type: 'file', mode, uid: 0, gid: 0, mtime },
      file.content,
    );
  }
}

/** Adds the output folder's mount point, owned by the sandbox user with mode 0o700. */
function addOutputRootEntry(archive: Pack, root: string, mtime: Date): void {
  archive.entry({
    name: `${root}/`,
    type: 'directory',
    mode: OUTPUT_DIRECTORY_MODE,
    uid: SANDBOX_UID,
    gid: SANDBOX_GID,
    mtime,
  });
}

export interface OutputArchiveContents {
  files: SandboxOutputFile[];
  problems: string[];
}

/**
 * Reads the tar stream that `getArchive` returns for the output folder. Its entries are named
 * `<basename of outputDir>/...`, and the returned paths are relative to the output folder. Only
 * regular files are kept. Links, devices and FIFOs are reported in `problems` and never followed,
 * so a file with several hard links comes back once, under the name the archive lists first. Once the
 * file contents would pass `maxBytes` or the entries pass MAX_OUTPUT_ENTRIES, reading stops, the
 * stream is destroyed and a problem names the first file left out.
 */
export async function readOutputArchive(
  archiveStream: NodeJS.ReadableStream,
  outputDir: string,
  maxBytes: number,
): Promise<OutputArchiveContents> {
  const rootName = posix.basename(outputDir);
  const files: SandboxOutputFile[] = [];
  const problems: string[] = [];
  const parser = extract();
  // A plain pipe does not forward the source's errors, and without them the loop below would wait forever.
  archiveStream.on('error', (error: unknown) =>
    parser.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  archiveStream.pipe(parser);

  let totalBytes = 0;
  let entryCount = 0;
  try {
    for await (const entry of parser) {
      const header = entry.header;
      entryCount += 1;
      const relative = relativeOutputPath(header.name, rootName);

      if (entryCount > MAX_OUTPUT_ENTRIES) {
        problems.push(
          `output has more than ${MAX_OUTPUT_ENTRIES} entries; ${relative ?? header.name} and the entries after it were not read`,
        );
        break;
      }
      const problem = entryProblem(header, relative);
      if (problem !== null) {
        problems.push(problem);
      }
      if (problem !== null || relative === null || relative === '' || header.type === 'directory') {
        entry.resume();
        continue;
      }

      const size = header.size ?? 0;
      if (totalBytes + size > maxBytes) {
        problems.push(
          `output size cap of ${maxBytes} bytes reached: ${relative} (${size} bytes) and the files after it were not read`,
        );
        break;
      }
      totalBytes += size;
      const chunks: Buffer[] = [];
      for await (const chunk of entry) {
        chunks.push(toBuffer(chunk));
      }
      files.push({ path: relative, content: Buffer.concat(chunks) });
    }
  } finally {
    // Leaving the loop early destroys the parser, and the source must stop too.
    archiveStream.unpipe(parser);
    if (archiveStream instanceof Readable) {
      archiveStream.destroy();
    }
  }
  return { files, problems };
}

/** Returns why an entry is not read back, or null for a regular file or a folder inside the output folder. */
function entryProblem(header: Header, relative: string | null): string | null {
  if (relative === null) {
    return `${header.name}: path leaves the output folder; not read`;
  }
  switch (header.type) {
    case 'file':
    case 'contiguous-file':
    case 'directory':
      return null;
    case 'symlink':
      return `${relative}: symbolic link to ${JSON.stringify(header.linkname ?? '')} not followed`;
    case 'link':
      return `${relative}: hard link to ${JSON.stringify(header.linkname ?? '')} not followed`;
    default:
      return `${relative}: ${header.type ?? 'unknown'} entry is not a regular file; not read`;
  }
}

/**
 * Maps a tar entry name to a path relative to the output folder: '' for the folder itself, null
 * when the name is outside it or has a `..` segment.
 */
function relativeOutputPath(entryName: string, rootName: string): string | null {
  const segments = entryName.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.length === 0 || segments[0] !== rootName || segments.includes('..')) {
    return null;
  }
  return segments.slice(1).join('/');
}

async function collectStream(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(toBuffer(chunk));
  }
  return Buffer.concat(chunks);
}

function toBuffer(chunk: unknown): Buffer {
  if (chunk instanceof Uint8Array) {
    return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  throw new TypeError(`expected a binary chunk from the tar stream, got ${typeof chunk}`);
}
