import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A Postgres cluster of one test, which the test may stop and start again. */
export interface PrivatePostgres {
  /** URL of database `postgres` as superuser `postgres` (trust authentication, loopback only). */
  url: string;
  start(): void;
  stop(): void;
  /** Stops the server and deletes the cluster's folder. */
  remove(): void;
}

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = readdirSync(root).sort((a, b) => Number(a) - Number(b));
  const newest = versions.at(-1);
  if (!newest) throw new Error(`no PostgreSQL under ${root}; install the postgresql package`);
  return join(root, newest, 'bin');
}

/**
 * Creates a cluster in a temporary folder and starts it on 127.0.0.1:`port`, as
 * scripts/lib/services.sh does: initdb and postgres refuse to run as root, so as root the
 * cluster belongs to user postgres.
 */
export function startPrivatePostgres(port: number): PrivatePostgres {
  const bin = postgresBin();
  const data = mkdtempSync(join(tmpdir(), `dmlg-postgres-${port}-`));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(data, uid, gid);
  }
  const run = (program: string, args: string[]): void => {
    const [command, commandArgs] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]]
      : [join(bin, program), args];
    execFileSync(command, commandArgs, { stdio: 'ignore' });
  };
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust']);
  const start = (): void =>
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(data, 'server.log'),
      '-w',
      '-o',
      `-p ${port} -c listen_addresses=127.0.0.1 -k ${data} -c fsync=off`,
      'start',
    ]);
  const stop = (): void => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    remove: () => {
      try {
        stop();
      } catch {
        // Already stopped.
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}
