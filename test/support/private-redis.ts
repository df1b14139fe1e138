import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A Redis server of one test, which the test may restart with or without its data. */
export interface PrivateRedis {
  /** `redis://127.0.0.1:<port>` (database 0). */
  url: string;
  /**
   * Stops the server. With `keepData` it saves a snapshot first, which `start` loads (a server
   * with persistence); without, the next start is empty (one without).
   */
  stop(keepData: boolean): void;
  start(): void;
  /** Stops the server and deletes its folder. */
  remove(): void;
}

/** Waits until `redis-cli ping` returns PONG, polling every 100 ms for up to 5 s. */
function waitForPong(port: number): void {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    try {
      const answer = execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      if (answer.toString().trim() === 'PONG') return;
    } catch {
      // Not listening yet.
    }
    execFileSync('sleep', ['0.1']);
  }
  throw new Error(`Redis on 127.0.0.1:${port} did not answer within 5 s`);
}

/** Waits until nothing listens on `port` any more, so that a new server can bind it. */
function waitForSilence(port: number): void {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    try {
      execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], {
        stdio: 'ignore',
      });
    } catch {
      return;
    }
    execFileSync('sleep', ['0.1']);
  }
  throw new Error(`Redis on 127.0.0.1:${port} still answers 5 s after SHUTDOWN`);
}

/**
 * Starts redis-server on 127.0.0.1:`port` with a folder of its own, as scripts/lib/services.sh
 * does: no automatic snapshots and no append-only file, so only a `SHUTDOWN SAVE` keeps data.
 */
export function startPrivateRedis(port: number): PrivateRedis {
  const dir = mkdtempSync(join(tmpdir(), `dmlg-redis-${port}-`));
  const cli = (...args: string[]): void => {
    execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
      stdio: 'ignore',
    });
  };
  const start = (): void => {
    execFileSync(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--logfile',
        join(dir, 'redis.log'),
        '--pidfile',
        join(dir, 'redis.pid'),
        '--daemonize',
        'yes',
      ],
      { stdio: 'ignore' },
    );
    waitForPong(port);
  };
  const stop = (save: boolean): void => {
    try {
      // redis-cli exits non-zero when the server closes the connection on shutdown.
      cli('shutdown', save ? 'save' : 'nosave');
    } catch {
      // Already stopped, or the connection closed as expected.
    }
    waitForSilence(port);
    if (!save) rmSync(join(dir, 'dump.rdb'), { force: true });
  };
  start();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop,
    start,
    remove: () => {
      stop(false);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
