import { z } from 'zod';
import { ConfigError } from './app-config';

/**
 * Configuration of GPU workers and of dispatch to an HPC cluster, read from the environment like
 * {@link loadAppConfig}. Documented in README.md and docs/operators-guide.md. The SSH key is read
 * from a file named here; neither the key nor its passphrase is ever logged.
 */
const name = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');
const flag = z
  .enum(['0', '1', 'true', 'false'])
  .default('false')
  .transform((value) => value === '1' || value === 'true');

const workerSchema = z.object({
  /**
   * Which sandbox runs this worker's jobs: `manifest` (each assignment's `runner`, default
   * docker), or one runner for every job (`docker`, `slurm`, `pbs`): a dispatcher worker.
   */
  DMLG_WORKER_RUNNER: z.enum(['manifest', 'docker', 'slurm', 'pbs']).default('manifest'),
  /** GPUs this worker hands to Docker runs (0: none, no device request). One job per GPU. */
  DMLG_WORKER_GPUS: z.coerce.number().int().min(0).max(64).default(0),
  /** GPU model of this worker (e.g. `a100`), matched against an assignment's `runner.gpu_model`. */
  DMLG_WORKER_GPU_MODEL: name.optional(),
  /** NVIDIA driver version, recorded with each run (`nvidia-smi --query-gpu=driver_version`). */
  DMLG_WORKER_GPU_DRIVER: z.string().optional(),
});

const hpcSchema = z.object({
  DMLG_HPC_SCHEDULER: z.enum(['slurm', 'pbs']).optional(),
  /** PBS dialect: `torque` (nodes=/ppn=, `qstat -f`) or `pro` (select=, `qstat -x -f`). */
  DMLG_HPC_PBS_FLAVOR: z.enum(['torque', 'pro']).default('torque'),
  DMLG_HPC_HOST: z.string().min(1).optional(),
  DMLG_HPC_PORT: z.coerce.number().int().min(1).max(65535).default(22),
  DMLG_HPC_USER: z.string().min(1).optional(),
  /** Path of the private key (OpenSSH or PEM format) for key authentication. */
  DMLG_HPC_KEY_FILE: z.string().min(1).optional(),
  DMLG_HPC_KEY_PASSPHRASE: z.string().optional(),
  /** The login node's host key fingerprint as `ssh-keygen -lf` prints it: `SHA256:...`. */
  DMLG_HPC_HOST_KEY_SHA256: z
    .string()
    .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'must look like SHA256:<43 base64 characters>')
    .optional(),
  /** Absolute folder on the cluster's shared file system for run folders. */
  DMLG_HPC_WORK_DIR: z
    .string()
    .regex(/^\/[A-Za-z0-9_./-]+$/)
    .optional(),
  /** SIF image of the sandbox on the cluster; set, the harness runs in Apptainer. */
  DMLG_HPC_APPTAINER_IMAGE: z.string().optional(),
  DMLG_HPC_APPTAINER_BIN: z.string().default('apptainer'),
  /** Without Apptainer: the interpreter that runs the harness, after DMLG_HPC_ENV_SETUP. */
  DMLG_HPC_PYTHON: z.string().default('python3'),
  /** Without Apptainer: shell lines run first in each job, separated by `;` or new lines. */
  DMLG_HPC_ENV_SETUP: z.string().default(''),
  DMLG_HPC_PARTITION: name.optional(),
  DMLG_HPC_ACCOUNT: name.optional(),
  DMLG_HPC_PENDING_LIMIT_SECONDS: z.coerce.number().int().min(1).default(1800),
  DMLG_HPC_WALLTIME_GRACE_SECONDS: z.coerce.number().int().min(0).default(60),
  DMLG_HPC_POLL_INITIAL_MS: z.coerce.number().int().min(50).default(500),
  DMLG_HPC_POLL_MAX_MS: z.coerce.number().int().min(50).default(15_000),
  DMLG_HPC_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  DMLG_HPC_KEEP_RUN_FOLDERS: flag,
});

export interface WorkerRunnerConfig {
  runner: 'manifest' | 'docker' | 'slurm' | 'pbs';
  gpus: number;
  gpuModel?: string;
  gpuDriver?: string;
}

export interface HpcConfig {
  scheduler: 'slurm' | 'pbs';
  pbsFlavor: 'torque' | 'pro';
  host: string;
  port: number;
  username: string;
  keyFile: string;
  keyPassphrase?: string;
  hostKeySha256: string;
  workDir: string;
  environment:
    | { kind: 'apptainer'; image: string; binary: string }
    | { kind: 'host'; python: string; setup: string[] };
  partition?: string;
  account?: string;
  pendingLimitSeconds: number;
  walltimeGraceSeconds: number;
  poll: { initialMs: number; factor: number; maxMs: number };
  connectTimeoutMs: number;
  keepRunFolders: boolean;
}

function parse<T extends z.ZodTypeAny>(schema: T, environment: NodeJS.ProcessEnv): z.infer<T> {
  // Compose and systemd files often pass `KEY=` for an unused setting: empty counts as unset.
  const set = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data as z.infer<T>;
}

export function loadWorkerRunnerConfig(
  environment: NodeJS.ProcessEnv = process.env,
): WorkerRunnerConfig {
  const values = parse(workerSchema, environment);
  return {
    runner: values.DMLG_WORKER_RUNNER,
    gpus: values.DMLG_WORKER_GPUS,
    gpuModel: values.DMLG_WORKER_GPU_MODEL,
    gpuDriver: values.DMLG_WORKER_GPU_DRIVER,
  };
}

/** Returns undefined when no cluster is configured (DMLG_HPC_HOST unset); throws when one is half configured. */
export function loadHpcConfig(environment: NodeJS.ProcessEnv = process.env): HpcConfig | undefined {
  const values = parse(hpcSchema, environment);
  if (values.DMLG_HPC_HOST === undefined) return undefined;
  const required = {
    DMLG_HPC_SCHEDULER: values.DMLG_HPC_SCHEDULER,
    DMLG_HPC_USER: values.DMLG_HPC_USER,
    DMLG_HPC_KEY_FILE: values.DMLG_HPC_KEY_FILE,
    DMLG_HPC_HOST_KEY_SHA256: values.DMLG_HPC_HOST_KEY_SHA256,
    DMLG_HPC_WORK_DIR: values.DMLG_HPC_WORK_DIR,
  };
  const missing = Object.entries(required)
    .filter(([, value]) => value === undefined)
    .map(([key]) => key);
  if (missing.length > 0) {
    throw new ConfigError(
      `DMLG_HPC_HOST is set, so ${missing.join(', ')} must be set too (see docs/operators-guide.md)`,
    );
  }
  return {
    scheduler: values.DMLG_HPC_SCHEDULER as 'slurm' | 'pbs',
    pbsFlavor: values.DMLG_HPC_PBS_FLAVOR,
    host: values.DMLG_HPC_HOST,
    port: values.DMLG_HPC_PORT,
    username: values.DMLG_HPC_USER as string,
    keyFile: values.DMLG_HPC_KEY_FILE as string,
    keyPassphrase: values.DMLG_HPC_KEY_PASSPHRASE,
    hostKeySha256: values.DMLG_HPC_HOST_KEY_SHA256 as string,
    workDir: values.DMLG_HPC_WORK_DIR as string,
    environment: values.DMLG_HPC_APPTAINER_IMAGE
      ? {
          kind: 'apptainer',
          image: values.DMLG_HPC_APPTAINER_IMAGE,
          binary: values.DMLG_HPC_APPTAINER_BIN,
        }
      : {
          kind: 'host',
          python: values.DMLG_HPC_PYTHON,
          setup: values.DMLG_HPC_ENV_SETUP.split(/[;\n]/)
            .map((line) => line.trim())
            .filter(Boolean),
        },
    partition: values.DMLG_HPC_PARTITION,
    account: values.DMLG_HPC_ACCOUNT,
    pendingLimitSeconds: values.DMLG_HPC_PENDING_LIMIT_SECONDS,
    walltimeGraceSeconds: values.DMLG_HPC_WALLTIME_GRACE_SECONDS,
    poll: {
      initialMs: values.DMLG_HPC_POLL_INITIAL_MS,
      factor: 1.5,
      maxMs: Math.max(values.DMLG_HPC_POLL_INITIAL_MS, values.DMLG_HPC_POLL_MAX_MS),
    },
    connectTimeoutMs: values.DMLG_HPC_CONNECT_TIMEOUT_MS,
    keepRunFolders: values.DMLG_HPC_KEEP_RUN_FOLDERS,
  };
}
