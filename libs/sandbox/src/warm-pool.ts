import { Logger } from '@nestjs/common';

/** Limits and callbacks of a {@link WarmPool}. */
export interface WarmPoolOptions<T> {
  /** Most entries held at once, over all keys; 0 turns the pool off. */
  capacity: number;
  /** Entries older than this, in ms, are never handed out and are removed by the sweep. */
  maxIdleMs: number;
  /** Disposes of an entry that will not be handed out. Must not throw: it logs its own failures. */
  remove(entry: T, reason: string): Promise<void>;
  /** Names an entry in log lines, e.g. the container name. */
  describe(entry: T): string;
}

interface PooledEntry<T> {
  key: string;
  entry: T;
  createdAt: number;
}

/**
 * A bounded set of objects made ahead of demand, grouped by a key (for the Docker sandbox: the
 * run's image, command and limits). `take` hands an entry out exactly once, removing it from
 * the pool before it returns, so two callers never get the same entry. `fill` tops a key up to
 * the capacity in the background, one creation at a time, evicting other keys' oldest entries,
 * so a pool only ever holds what its most recent demand needs.
 *
 * Entries past `maxIdleMs` are removed by a sweep and never refilled, so an idle pool empties
 * itself. `close` stops filling and removes every entry still pooled.
 */
export class WarmPool<T> {
  private readonly logger = new Logger(WarmPool.name);
  private readonly pooled: PooledEntry<T>[] = [];
  /** Keys whose fill loop is running, with the loop's promise. */
  private readonly filling = new Map<string, Promise<void>>();
  private readonly sweeper: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly name: string,
    private readonly options: WarmPoolOptions<T>,
  ) {
    if (!Number.isInteger(options.capacity) || options.capacity < 0) {
      throw new RangeError(
        `warm pool ${name}: capacity must be a whole number of entries, 0 or more; got ${options.capacity}`,
      );
    }
    if (!(options.maxIdleMs > 0)) {
      throw new RangeError(
        `warm pool ${name}: maxIdleMs must be a positive number of milliseconds; got ${options.maxIdleMs}`,
      );
    }
    if (options.capacity > 0) {
      this.sweeper = setInterval(() => void this.sweep(), Math.min(options.maxIdleMs / 2, 60_000));
      this.sweeper.unref();
    }
  }

  /** Entries held now, for all keys. */
  get size(): number {
    return this.pooled.length;
  }

  /** Entries held now for `key`. */
  count(key: string): number {
    return this.pooled.filter((pooled) => pooled.key === key).length;
  }

  /**
   * Removes and returns the oldest fresh entry for `key`, or undefined when there is none. An
   * entry is handed out at most once: it leaves the pool before this returns.
   */
  take(key: string): T | undefined {
    if (this.closed) return undefined;
    const index = this.pooled.findIndex((pooled) => pooled.key === key && this.isFresh(pooled));
    if (index < 0) return undefined;
    const [pooled] = this.pooled.splice(index, 1);
    return pooled.entry;
  }

  /**
   * Starts making entries for `key` in the background until it contains `capacity` of them. A
   * failed creation is logged and ends the loop; the next `fill` tries again. Returns the loop's
   * promise, which never rejects (tests await it; callers need not).
   */
  fill(key: string, create: () => Promise<T>): Promise<void> {
    if (this.closed || this.options.capacity === 0) return Promise.resolve();
    const running = this.filling.get(key);
    if (running) return running;
    const loop = this.fillLoop(key, create).finally(() => this.filling.delete(key));
    this.filling.set(key, loop);
    return loop;
  }

  /** Stops filling, waits for creations in flight and removes every entry pooled. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.sweeper) clearInterval(this.sweeper);
    await Promise.all(this.filling.values());
    const entries = this.pooled.splice(0);
    if (entries.length > 0) {
      this.logger.log(`warm pool ${this.name}: closing; removing ${entries.length} entries`);
    }
    await Promise.all(entries.map((pooled) => this.options.remove(pooled.entry, 'pool closed')));
  }

  private async fillLoop(key: string, create: () => Promise<T>): Promise<void> {
    while (!this.closed && this.count(key) < this.options.capacity) {
      if (this.pooled.length >= this.options.capacity) {
        await this.evictOldestOtherThan(key);
      }
      let entry: T;
      try {
        entry = await create();
      } catch (error) {
        this.logger.warn(
          `warm pool ${this.name}: creating an entry failed; it is tried again at the next run: ${errorMessage(error)}`,
        );
        return;
      }
      if (this.closed) {
        await this.options.remove(entry, 'pool closed while it was created');
        return;
      }
      this.pooled.push({ key, entry, createdAt: Date.now() });
      this.logger.debug(
        `warm pool ${this.name}: added ${this.options.describe(entry)} (${this.count(key)} of ${this.options.capacity} for its key)`,
      );
    }
  }

  private async evictOldestOtherThan(key: string): Promise<void> {
    const index = this.pooled.findIndex((pooled) => pooled.key !== key);
    if (index < 0) return;
    const [pooled] = this.pooled.splice(index, 1);
    await this.options.remove(pooled.entry, 'evicted for entries of a newer key');
  }

  private async sweep(): Promise<void> {
    const stale = this.pooled.filter((pooled) => !this.isFresh(pooled));
    if (stale.length === 0) return;
    for (const pooled of stale) {
      this.pooled.splice(this.pooled.indexOf(pooled), 1);
    }
    this.logger.log(
      `warm pool ${this.name}: removing ${stale.length} entries idle for over ${Math.round(this.options.maxIdleMs / 1000)} s`,
    );
    await Promise.all(stale.map((pooled) => this.options.remove(pooled.entry, 'idle too long')));
  }

  private isFresh(pooled: PooledEntry<T>): boolean {
    return Date.now() - pooled.createdAt < this.options.maxIdleMs;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
