import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import {
  BadRequestException,
  PayloadTooLargeException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { extract as tarExtract } from 'tar-stream';
import * as yauzl from 'yauzl';
import { fileNameProblem } from './upload-validation';
import { localized, type LocalizedMessage } from '../errors/localized-message';

/** Limits on what an archive may expand to; `maxBytes` and `maxFiles` are the upload's own caps. */
export interface ArchiveLimits {
  maxBytes: number;
  maxFiles: number;
}

/** One regular file read out of an archive, with its path inside the archive. */
export interface ArchiveEntry {
  path: string;
  content: Buffer;
}

/**
 * Largest accepted ratio of expanded to compressed size, for an entry (zip) or the whole
 * archive (tar.gz). Python source compresses about 4:1 and rarely past 20:1; a zip bomb reaches
 * 1000:1 and more.
 */
export const MAX_COMPRESSION_RATIO = 100;
/** Entries that expand to less than this are not ratio-checked: a tiny file may compress well. */
const RATIO_FREE_BYTES = 64 * 1024;
/** Entries in an archive, files and folders together, read before giving up. */
const MAX_ARCHIVE_ENTRIES = 1000;

/** Folders and files that tools add to archives; they are skipped, not rejected. */
const TOOL_LITTER =
  /(^|\/)(__MACOSX|__pycache__|\.ipynb_checkpoints|\.git)(\/|$)|(^|\/)\.DS_Store$/;

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

/**
 * Reads a `.zip` upload entry by entry. Names are checked like uploaded names (no absolute
 * paths, no `..`, valid UTF-8, safe characters); any link or special file rejects the archive.
 * Each entry's declared sizes are checked before it is inflated (count, total, ratio), and the
 * bytes are counted again while streaming, so a forged header cannot get past the limits.
 */
export async function readZipArchive(
  archiveName: string,
  archive: Buffer,
  limits: ArchiveLimits,
): Promise<ArchiveEntry[]> {
  const shown = JSON.stringify(archiveName);
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.fromBuffer(
        archive,
        { lazyEntries: true, decodeStrings: false, validateEntrySizes: true },
        (error, opened) => (error || !opened ? reject(error) : resolve(opened)),
      ),
    );
  } catch (error) {
    throw new UnprocessableEntityException(
      localized(
        `archive ${shown} is not a readable zip file: ${(error as Error).message}`,
        `Arhīvs ${shown} nav nolasāms zip fails: ${(error as Error).message}`,
      ),
    );
  }

  const entries: ArchiveEntry[] = [];
  let expanded = 0;
  let seen = 0;
  try {
    for (;;) {
      const entry = await nextZipEntry(zip);
      if (!entry) break;
      seen += 1;
      if (seen > MAX_ARCHIVE_ENTRIES) {
        throw new PayloadTooLargeException(tooManyEntries(shown));
      }
      const rawName = entry.fileName as unknown as Buffer;
      const name = decodeEntryName(archiveName, rawName);
      const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      const isDirectory = name.endsWith('/') || mode === S_IFDIR;
      if (mode !== 0 && mode !== S_IFREG && mode !== S_IFDIR) {
        throw new UnprocessableEntityException(
          localized(
            `archive ${shown} entry ${JSON.stringify(name)} is a ${describeMode(mode)}, not a regular file; archives may hold only files and folders`,
            `Arhīva ${shown} ieraksts ${JSON.stringify(name)} ir ${describeMode(mode, 'lv')}, nevis parasts fails; arhīvā drīkst būt tikai faili un mapes`,
          ),
        );
      }
      checkEntryName(archiveName, name.replace(/\/$/, ''));
      if (isDirectory || TOOL_LITTER.test(name)) continue;

      checkEntrySize(archiveName, name, entry.uncompressedSize, entry.compressedSize, {
        expandedSoFar: expanded,
        filesSoFar: entries.length,
        limits,
      });
      const content = await readZipEntry(zip, entry, archiveName, name, limits.maxBytes - expanded);
      expanded += content.length;
      entries.push({ path: name, content });
    }
  } finally {
    zip.close();
  }
  return entries;
}

/**
 * Reads a `.tar.gz` upload. gzip has no per-entry sizes, so the inflated stream is counted as it
 * arrives: reading stops once it passes the expanded-size cap or MAX_COMPRESSION_RATIO times
 * the archive's size. Links, devices and FIFOs reject the archive.
 */
export async function readTarGzArchive(
  archiveName: string,
  archive: Buffer,
  limits: ArchiveLimits,
): Promise<ArchiveEntry[]> {
  const shown = JSON.stringify(archiveName);
  // Tar adds a 512-byte header per entry and pads each file to 512 bytes.
  const maxInflated = Math.min(
    limits.maxBytes + 1024 * (MAX_ARCHIVE_ENTRIES + 2),
    Math.max(RATIO_FREE_BYTES, archive.length * MAX_COMPRESSION_RATIO),
  );
  const gunzip = createGunzip();
  const parser = tarExtract();
  let inflated = 0;
  let overflow: Error | undefined;
  gunzip.on('data', (chunk: Buffer) => {
    inflated += chunk.length;
    if (inflated > maxInflated && !overflow) {
      overflow = new PayloadTooLargeException(
        localized(
          `archive ${shown} expands past ${maxInflated} bytes (compressed ${archive.length} bytes); the limits are ${limits.maxBytes} bytes of files and a compression ratio of ${MAX_COMPRESSION_RATIO}:1`,
          `Arhīvs ${shown} atarhivēts pārsniedz ${maxInflated} baitus (saspiests ${archive.length} baiti); atļauti ${limits.maxBytes} baiti failu un saspiešanas attiecība līdz ${MAX_COMPRESSION_RATIO}:1`,
        ),
      );
      gunzip.destroy(overflow);
    }
  });
  gunzip.on('error', (error: Error) => parser.destroy(overflow ?? error));
  Readable.from([archive]).pipe(gunzip).pipe(parser);

  const entries: ArchiveEntry[] = [];
  let expanded = 0;
  let seen = 0;
  try {
    for await (const entry of parser) {
      seen += 1;
      if (seen > MAX_ARCHIVE_ENTRIES) {
        throw new PayloadTooLargeException(tooManyEntries(shown));
      }
      const { header } = entry;
      const name = header.name.replace(/^\.\//, '');
      if (header.type !== 'file' && header.type !== 'directory') {
        throw new UnprocessableEntityException(
          localized(
            `archive ${shown} entry ${JSON.stringify(name)} is a ${header.type ?? 'special entry'}${header.linkname ? ` to ${JSON.stringify(header.linkname)}` : ''}, not a regular file; archives may hold only files and folders`,
            `Arhīva ${shown} ieraksts ${JSON.stringify(name)} ir ${header.type ?? 'īpašs ieraksts'}${header.linkname ? ` uz ${JSON.stringify(header.linkname)}` : ''}, nevis parasts fails; arhīvā drīkst būt tikai faili un mapes`,
          ),
        );
      }
      if (name === '' || name === '.' || name === './') {
        entry.resume();
        continue;
      }
      checkEntryName(archiveName, name.replace(/\/$/, ''));
      if (header.type === 'directory' || TOOL_LITTER.test(name)) {
        entry.resume();
        continue;
      }
      checkEntrySize(archiveName, name, header.size ?? 0, null, {
        expandedSoFar: expanded,
        filesSoFar: entries.length,
        limits,
      });
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      const content = Buffer.concat(chunks);
      expanded += content.length;
      entries.push({ path: name, content });
    }
  } catch (error) {
    if (overflow) throw overflow;
    if (error instanceof BadRequestException || error instanceof PayloadTooLargeException)
      throw error;
    if (error instanceof UnprocessableEntityException) throw error;
    throw new UnprocessableEntityException(
      localized(
        `archive ${shown} is not a readable .tar.gz file: ${(error as Error).message}`,
        `Arhīvs ${shown} nav nolasāms .tar.gz fails: ${(error as Error).message}`,
      ),
    );
  } finally {
    gunzip.destroy();
  }
  if (overflow) throw overflow;
  return entries;
}

function nextZipEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: yauzl.Entry): void => {
      zip.off('end', onEnd);
      zip.off('error', onError);
      resolve(entry);
    };
    const onEnd = (): void => {
      zip.off('entry', onEntry);
      zip.off('error', onError);
      resolve(null);
    };
    const onError = (error: Error): void => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      reject(error);
    };
    zip.once('entry', onEntry);
    zip.once('end', onEnd);
    zip.once('error', onError);
    zip.readEntry();
  });
}

/** Inflates one entry, stopping as soon as it passes `maxBytes`, whatever size its header declares. */
async function readZipEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  archiveName: string,
  name: string,
  maxBytes: number,
): Promise<Buffer> {
  const stream = await new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(entry, (error, opened) =>
      error || !opened ? reject(error) : resolve(opened),
    ),
  );
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) {
        throw new PayloadTooLargeException(
          localized(
            `archive ${JSON.stringify(archiveName)} entry ${JSON.stringify(name)} expands past the ${maxBytes} bytes left of the upload limit`,
            `Arhīva ${JSON.stringify(archiveName)} ieraksts ${JSON.stringify(name)} atarhivēts pārsniedz ${maxBytes} baitus, kas palikuši no augšupielādes limita`,
          ),
        );
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof PayloadTooLargeException) throw error;
    // yauzl reports a stream whose size differs from its header here.
    throw new UnprocessableEntityException(
      localized(
        `archive ${JSON.stringify(archiveName)} entry ${JSON.stringify(name)} could not be read: ${(error as Error).message}`,
        `Arhīva ${JSON.stringify(archiveName)} ierakstu ${JSON.stringify(name)} nevarēja nolasīt: ${(error as Error).message}`,
      ),
    );
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks);
}

function decodeEntryName(archiveName: string, raw: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new BadRequestException(
      localized(
        `archive ${JSON.stringify(archiveName)} has an entry whose name is not valid UTF-8 (${JSON.stringify(raw.toString('latin1'))}); rename the file with letters, digits, ".", "-" and "_" only`,
        `Arhīvā ${JSON.stringify(archiveName)} ir ieraksts, kura nosaukums nav derīgs UTF-8 (${JSON.stringify(raw.toString('latin1'))}); pārdēvējiet failu, lietojot tikai burtus, ciparus, ".", "-" un "_"`,
      ),
    );
  }
}

function checkEntryName(archiveName: string, name: string): void {
  const problem = fileNameProblem(name);
  if (problem) {
    throw new BadRequestException(
      localized(
        `archive ${JSON.stringify(archiveName)}: ${problem.message}`,
        `Arhīvs ${JSON.stringify(archiveName)}: ${problem.messageLv}`,
      ),
    );
  }
}

function checkEntrySize(
  archiveName: string,
  name: string,
  size: number,
  compressedSize: number | null,
  state: { expandedSoFar: number; filesSoFar: number; limits: ArchiveLimits },
): void {
  const where = `archive ${JSON.stringify(archiveName)} entry ${JSON.stringify(name)}`;
  const whereLv = `Arhīva ${JSON.stringify(archiveName)} ieraksts ${JSON.stringify(name)}`;
  if (state.filesSoFar + 1 > state.limits.maxFiles) {
    throw new PayloadTooLargeException(
      localized(
        `${where}: the archive contains more than ${state.limits.maxFiles} files; the limit is ${state.limits.maxFiles}`,
        `${whereLv}: arhīvā ir vairāk nekā ${state.limits.maxFiles} faili; atļauts ne vairāk kā ${state.limits.maxFiles}`,
      ),
    );
  }
  if (
    compressedSize !== null &&
    size > RATIO_FREE_BYTES &&
    size > compressedSize * MAX_COMPRESSION_RATIO
  ) {
    throw new PayloadTooLargeException(
      localized(
        `${where} has a compression ratio of ${Math.round(size / Math.max(1, compressedSize))}:1 (${compressedSize} to ${size} bytes); the limit is ${MAX_COMPRESSION_RATIO}:1`,
        `${whereLv} saspiešanas attiecība ir ${Math.round(size / Math.max(1, compressedSize))}:1 (${compressedSize} līdz ${size} baitiem); atļauts ne vairāk kā ${MAX_COMPRESSION_RATIO}:1`,
      ),
    );
  }
  if (state.expandedSoFar + size > state.limits.maxBytes) {
    throw new PayloadTooLargeException(
      localized(
        `${where} expands to ${size} bytes, ${state.expandedSoFar + size} bytes in all; the limit is ${state.limits.maxBytes} bytes`,
        `${whereLv} atarhivēts ir ${size} baiti, kopā ${state.expandedSoFar + size} baiti; atļauts ne vairāk kā ${state.limits.maxBytes} baitu`,
      ),
    );
  }
}

function tooManyEntries(shown: string): LocalizedMessage {
  return localized(
    `archive ${shown} has more than ${MAX_ARCHIVE_ENTRIES} entries; the limit is ${MAX_ARCHIVE_ENTRIES}`,
    `Arhīvā ${shown} ir vairāk nekā ${MAX_ARCHIVE_ENTRIES} ierakstu; atļauts ne vairāk kā ${MAX_ARCHIVE_ENTRIES}`,
  );
}

/** The kind of a non-regular zip entry from its Unix mode bits, in both languages. */
function describeMode(mode: number, locale: 'en' | 'lv' = 'en'): string {
  const kinds: Record<number, [string, string]> = {
    0o120000: ['symbolic link', 'simboliska saite'],
    0o020000: ['character device', 'rakstzīmju ierīce'],
    0o060000: ['block device', 'bloku ierīce'],
    0o010000: ['FIFO', 'FIFO kanāls'],
    0o140000: ['socket', 'ligzda'],
  };
  const known = kinds[mode];
  if (known) return locale === 'lv' ? known[1] : known[0];
  return locale === 'lv'
    ? `fails ar režīmu ${mode.toString(8)}`
    : `file of mode ${mode.toString(8)}`;
}
