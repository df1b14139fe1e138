import type { ConnectionOptions } from 'bullmq';

/** Turns `redis://[:password@]host:port[/db]` into BullMQ's connection options. */
export function redisConnectionOptions(url: string): ConnectionOptions {
  const parsed = new URL(url);
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(
      `DMLG_REDIS_URL must start with redis:// or rediss://, got ${parsed.protocol}//`,
    );
  }
  const database = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: database,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    // BullMQ workers block on Redis; retrying forever lets them ride out a Redis restart.
    maxRetriesPerRequest: null,
  };
}
