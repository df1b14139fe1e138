import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Content-addressed file store: each file lives once under `<root>/<aa>/<sha256>`, where `aa` is
 * the first two hex digits. Writes go to a temporary name first and are renamed into place, so a
 * crash never leaves a half-written file under a valid hash.
 */
export class ContentStore {
  constructor(private readonly root: string) {}

  static sha256(content: Buffer): string {
    return createHash('sha256').update(content).digest('hex');
  }

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) {
      throw new Error(`invalid SHA-256 "${sha256}": expected 64 lowercase hex digits`);
    }
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Stores `content` and returns its SHA-256; storing the same bytes twice is a no-op. */
  async put(content: Buffer): Promise<string> {
    const sha256 = ContentStore.sha256(content);
    const path = this.pathOf(sha256);
    const exists = await stat(path).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await mkdir(join(this.root, sha256.slice(0, 2)), { recursive: true });
      const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temporary, content, { mode: 0o600 });
      await rename(temporary, path);
    }
    return sha256;
  }

  /** Reads a stored file and checks its hash, so a corrupted store never feeds a run. */
  async get(sha256: string): Promise<Buffer> {
    const content = await readFile(this.pathOf(sha256));
    const actual = ContentStore.sha256(content);
    if (actual !== sha256) {
      throw new Error(`stored file ${sha256} is corrupted: its content hashes to ${actual}`);
    }
    return content;
  }
}
