import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { findRepositoryRoot } from './repository-root';

/**
 * Process configuration, read from the environment once at start and validated, so a typo in a
 * variable stops the process with a message instead of failing in the middle of a run.
 * Every key is documented in README.md; secrets are never printed.
 */
const environmentSchema = z.object({
  DMLG_DATABASE_URL: z.string().url().default('postgres://dmlg:dmlg@127.0.0.1:55432/dmlg'),
  DMLG_REDIS_URL: z.string().url().default('redis://127.0.0.1:56379'),
  DMLG_HTTP_HOST: z.string().default('127.0.0.1'),
  DMLG_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Public base URL used in links printed to students. */
  DMLG_PUBLIC_URL: z.string().url().optional(),
  DMLG_DATA_DIR: z.string().optional(),
  DMLG_DOCKER_SOCKET: z.string().default('/var/run/docker.sock'),
  /** Overrides the sandbox image tag computed from the recipe in docker/cpu. */
  DMLG_SANDBOX_IMAGE: z.string().optional(),
  DMLG_WORKER_NAME: z.string().optional(),
  DMLG_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** Runs a worker keeps for the `practical` queue on top of DMLG_WORKER_CONCURRENCY (0: none). */
  DMLG_WORKER_PRACTICAL_SLOTS: z.coerce.number().int().min(0).max(64).default(1),
  /**
   * Created, never started run containers a worker keeps per GPU or CPU sandbox for the practical
   * lane (0: none); unset, as many as DMLG_WORKER_PRACTICAL_SLOTS.
   */
  DMLG_WORKER_WARM_CONTAINERS: z.coerce.number().int().min(0).max(64).optional(),
  /** Attempts for a run that hits an infrastructure fault (Docker down, volume error). */
  DMLG_INFRASTRUCTURE_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  /** Upload caps, in bytes and files. */
  DMLG_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(5 * 1024 * 1024),
  DMLG_UPLOAD_MAX_FILES: z.coerce.number().int().min(1).default(50),
  /** Seconds a `git push` waits for the grade before it returns (0: print the receipt only). */
  DMLG_GIT_WAIT_SECONDS: z.coerce.number().int().min(0).max(600).default(30),
  /** Largest pack a `git push` may send, in bytes; git's receive.maxInputSize. */
  DMLG_GIT_MAX_PUSH_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(50 * 1024 * 1024),
  /** Sets the instructor's API token at first start instead of generating one (tests, CI). */
  DMLG_INSTRUCTOR_TOKEN: z.string().min(24).optional(),
  /** Sets the first instructor's web password at first start; without it the account has none. */
  DMLG_INSTRUCTOR_PASSWORD: z.string().min(10).optional(),
  /** Key that signs web sessions (JWT, HS256); generated into `<data dir>/jwt-secret` when unset. */
  DMLG_JWT_SECRET: z.string().min(32).optional(),
  /** Hours a web session (and its cookie) stays valid after login. */
  DMLG_SESSION_HOURS: z.coerce.number().min(0.1).max(720).default(12),
  /** Failed logins per e-mail address within 15 minutes before login is refused with 429. */
  DMLG_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  DMLG_LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
});

export interface AppConfig {
  repositoryRoot: string;
  databaseUrl: string;
  redisUrl: string;
  http: { host: string; port: number; publicUrl: string };
  dataDir: string;
  dockerSocket: string;
  sandboxImage?: string;
  worker: {
    name: string;
    concurrency: number;
    practicalSlots: number;
    /** Pre-created practical-lane containers kept ready; see DMLG_WORKER_WARM_CONTAINERS. */
    warmContainers: number;
    infrastructureAttempts: number;
  };
  upload: { maxBytes: number; maxFiles: number };
  git: { waitSeconds: number; maxPushBytes: number };
  instructorToken?: string;
  auth: {
    instructorPassword?: string;
    jwtSecret?: string;
    sessionHours: number;
    loginMaxFailures: number;
  };
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses `environment` (default `process.env`) into an {@link AppConfig}; throws {@link ConfigError}. */
export function loadAppConfig(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const values = parsed.data;
  const repositoryRoot = findRepositoryRoot();
  return {
    repositoryRoot,
    databaseUrl: values.DMLG_DATABASE_URL,
    redisUrl: values.DMLG_REDIS_URL,
    http: {
      host: values.DMLG_HTTP_HOST,
      port: values.DMLG_HTTP_PORT,
      publicUrl:
        values.DMLG_PUBLIC_URL ?? `http://${values.DMLG_HTTP_HOST}:${values.DMLG_HTTP_PORT}`,
    },
    dataDir: resolve(repositoryRoot, values.DMLG_DATA_DIR ?? '.data'),
    dockerSocket: values.DMLG_DOCKER_SOCKET,
    sandboxImage: values.DMLG_SANDBOX_IMAGE,
    worker: {
      name: values.DMLG_WORKER_NAME ?? defaultWorkerName(),
      concurrency: values.DMLG_WORKER_CONCURRENCY,
      practicalSlots: values.DMLG_WORKER_PRACTICAL_SLOTS,
      warmContainers: values.DMLG_WORKER_WARM_CONTAINERS ?? values.DMLG_WORKER_PRACTICAL_SLOTS,
      infrastructureAttempts: values.DMLG_INFRASTRUCTURE_ATTEMPTS,
    },
    upload: { maxBytes: values.DMLG_UPLOAD_MAX_BYTES, maxFiles: values.DMLG_UPLOAD_MAX_FILES },
    git: {
      waitSeconds: values.DMLG_GIT_WAIT_SECONDS,
      maxPushBytes: values.DMLG_GIT_MAX_PUSH_BYTES,
    },
    instructorToken: values.DMLG_INSTRUCTOR_TOKEN,
    auth: {
      instructorPassword: values.DMLG_INSTRUCTOR_PASSWORD,
      jwtSecret: values.DMLG_JWT_SECRET,
      sessionHours: values.DMLG_SESSION_HOURS,
      loginMaxFailures: values.DMLG_LOGIN_MAX_FAILURES,
    },
    logLevel: values.DMLG_LOG_LEVEL,
  };
}

/**
 * Returns this process's worker name when DMLG_WORKER_NAME is unset: host and process id, unique
 * on a machine. BullMQ's `@Processor` options are fixed when the class is declared, before the
 * configuration is loaded, so the processor reads the name from here as well.
 */
export function defaultWorkerName(): string {
  return process.env.DMLG_WORKER_NAME || `${hostname()}-${process.pid}`;
}
