import { z } from 'zod';

/**
 * Schema of `assignments/NN-slug/assignment.yaml`. The worker validates each manifest once when it
 * is seeded into Postgres, so a typo in a manifest fails at seed time, not in the middle of a run.
 */

const localizedText = z.object({ en: z.string().min(1), lv: z.string().min(1) });

/** A Python name the student must define, as documented for students and checked by the harness. */
const interfaceEntry = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  kind: z.enum(['class', 'function']),
  init: z.array(z.string()).default([]),
  methods: z.array(z.string()).default([]),
  attributes: z.array(z.string()).default([]),
});

/** A data set: a shipped real one (`source`) or a seeded synthetic one (`generator`). */
const datasetEntry = z.union([
  z.object({ source: z.string().min(1), params: z.record(z.unknown()).default({}) }).strict(),
  z.object({ generator: z.string().min(1), params: z.record(z.unknown()).default({}) }).strict(),
]);

/** Expected dtype family and shape of one output; shape entries are numbers or symbolic names. */
const outputEntry = z.object({
  dtype: z.enum(['int', 'float']),
  shape: z.array(z.union([z.number().int().nonnegative(), z.string()])),
  optional: z.boolean().default(false),
});

/** Name of an input array of the task's data set (`X`, or e.g. `X_train` for split sets). */
const inputName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/);

/**
 * What the harness does for one task: construct `call.class` with `call.init`, call
 * `call.method` on the data set's input arrays, then each `then` step in order (an argument
 * `$name` is the result of an earlier step, saved under its `save` name). Outputs are saved step
 * results or attributes of the instance. A task with a `driver` hands the whole task to that
 * harness driver (for training loops the harness owns) instead.
 */
const taskEntry = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    dataset: z.string().min(1),
    call: z.object({
      class: z.string().min(1),
      init: z.record(z.unknown()).default({}),
      method: z.string().min(1),
      args: z.array(inputName).default(['X']),
    }),
    then: z
      .array(
        z.object({
          method: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
          args: z.array(z.union([inputName, z.string().regex(/^\$[A-Za-z_][A-Za-z0-9_]*$/)])),
          save: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
        }),
      )
      .default([]),
    driver: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/)
      .optional(),
    driver_params: z.record(z.unknown()).default({}),
    outputs: z.record(outputEntry),
  })
  .superRefine((task, context) => {
    const saved = new Set<string>();
    for (const step of task.then) {
      for (const argument of step.args) {
        if (argument.startsWith('$') && !saved.has(argument.slice(1))) {
          context.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['then'],
            message: `task ${task.id}: argument ${argument} names no earlier step's save`,
          });
        }
      }
      saved.add(step.save);
    }
  });

/**
 * A tolerance derived by the grader from the reference's runs over `calibration.seeds`, clamped to
 * [min, max] (rule: libs/grading/src/checks/seed-band-tolerance.ts).
 */
const seedBandEntry = z
  .object({
    from_seeds: z
      .object({ min: z.number().min(0).max(1), max: z.number().min(0).max(1) })
      .strict()
      .refine((band) => band.min <= band.max, {
        message: 'from_seeds.min must not exceed from_seeds.max',
      }),
  })
  .strict();

const toleranceEntry = z.union([z.number().min(0).max(1), seedBandEntry], {
  errorMap: (_issue, context) => ({
    message: `tolerance must be a number from 0 to 1 or { from_seeds: { min, max } } with 0 <= min <= max <= 1, got ${JSON.stringify(context.data)}`,
  }),
});

/**
 * Seeds the reference is run with to derive seed-banded tolerances. One of them must be the
 * canonical seed (the `driver_params.seed` of the tasks those checks use): its run is the
 * reference, since submissions train with that seed.
 */
const calibrationEntry = z
  .object({
    seeds: z
      .array(z.number().int().min(0))
      .min(2)
      .refine((seeds) => new Set(seeds).size === seeds.length, {
        message: 'calibration.seeds must not repeat a seed',
      }),
  })
  .strict();

const checkEntry = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  title: localizedText,
  metric: z.string().min(1),
  tasks: z.array(z.string()).min(1),
  weight: z.number().positive(),
  /**
   * Fraction of the reference-to-baseline gap a submission may fall short by and still score 1:
   * a fixed number, or a band derived from the reference's runs over `calibration.seeds`.
   */
  tolerance: toleranceEntry.default(0.05),
  hidden: z.boolean().default(false),
});

/** Sandbox limits; units are in the key names. */
const limitsEntry = z.object({
  wall_seconds: z
    .number()
    .positive()
    .max(24 * 3600),
  memory_mb: z.number().int().min(64),
  cpus: z.number().positive().max(64),
  pids: z.number().int().min(8),
  tmpfs_mb: z.number().int().min(1),
  output_mb: z.number().int().min(1),
  log_kb: z.number().int().min(1),
});

/**
 * Where the assignment's runs go: the Docker sandbox (default) or a batch job on an HPC cluster
 * (docs/operators-guide.md). `gpus` > 0 asks for GPUs: Docker runs then go only to workers
 * configured with GPUs (of `gpu_model`, when set), cluster jobs ask the scheduler for them.
 */
const runnerEntry = z
  .object({
    kind: z.enum(['docker', 'slurm', 'pbs']).default('docker'),
    gpus: z.number().int().min(0).max(16).default(0),
    gpu_model: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/)
      .optional(),
    /** Slurm partition. */
    partition: z
      .string()
      .regex(/^[A-Za-z0-9_.,-]+$/)
      .optional(),
    /** PBS queue (`batch`, `fast`, ...). */
    queue: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/)
      .optional(),
  })
  .strict()
  .refine((runner) => runner.gpu_model === undefined || runner.gpus > 0, {
    message: 'runner.gpu_model needs runner.gpus of at least 1',
  });

/**
 * Longest wall limit, in seconds, of a `lane: practical` assignment. Students of an in-lecture
 * check wait for its result, and one long run on the lane's reserved slots would delay every
 * student behind it.
 */
export const PRACTICAL_MAX_WALL_SECONDS = 30;

/**
 * Which queue the assignment's submissions go on: `homework` (the default, the `grading` queue) or
 * `practical`, a queue with reserved worker slots for short in-lecture checks (see
 * {@link PRACTICAL_MAX_WALL_SECONDS}).
 */
const laneEntry = z.enum(['homework', 'practical']);

type SchemaManifest = {
  tasks: { id: string; driver_params: Record<string, unknown> }[];
  checks: { id: string; tasks: string[]; tolerance: z.infer<typeof toleranceEntry> }[];
  calibration?: z.infer<typeof calibrationEntry>;
};

/**
 * Checks the seed calibration. A seed-banded check needs `calibration.seeds`, and each of its
 * tasks an integer `driver_params.seed`: one value for all such tasks, listed among the seeds.
 */
function checkSeedCalibration(manifest: SchemaManifest, context: z.RefinementCtx): void {
  const banded = manifest.checks.filter((check) => typeof check.tolerance !== 'number');
  if (banded.length === 0) {
    if (manifest.calibration) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['calibration'],
        message: `calibration.seeds ${JSON.stringify(manifest.calibration.seeds)} is given, but no check has tolerance: { from_seeds: ... }; drop calibration or band a check`,
      });
    }
    return;
  }
  if (!manifest.calibration) {
    context.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['calibration'],
      message: `check ${banded[0].id} has tolerance from_seeds, which needs a top-level calibration: { seeds: [...] }`,
    });
    return;
  }
  const canonical = new Map<number, string>();
  for (const check of banded) {
    for (const taskId of check.tasks) {
      const task = manifest.tasks.find((entry) => entry.id === taskId);
      if (!task) continue;
      const seed = task.driver_params.seed;
      if (typeof seed !== 'number' || !Number.isInteger(seed)) {
        context.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['checks', check.id, 'tolerance'],
          message: `check ${check.id} has tolerance from_seeds, but its task ${taskId} has driver_params.seed ${JSON.stringify(seed)}; give the task an integer seed or the check a number`,
        });
        continue;
      }
      canonical.set(seed, taskId);
    }
  }
  if (canonical.size > 1) {
    const pairs = [...canonical].map(([seed, taskId]) => `${taskId}: ${seed}`).join(', ');
    context.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['calibration'],
      message: `the tasks of seed-banded checks must share one driver_params.seed, got ${pairs}`,
    });
  }
  for (const seed of canonical.keys()) {
    if (!manifest.calibration.seeds.includes(seed)) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['calibration', 'seeds'],
        message: `calibration.seeds ${JSON.stringify(manifest.calibration.seeds)} must include the canonical seed ${seed} of task ${canonical.get(seed)}`,
      });
    }
  }
}

export const assignmentManifestSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    number: z.number().int().min(1).max(99),
    version: z.number().int().min(1),
    title: localizedText,
    module: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
    interface: z.array(interfaceEntry).min(1),
    datasets: z.record(datasetEntry),
    tasks: z.array(taskEntry).min(1),
    checks: z.array(checkEntry).min(1),
    limits: limitsEntry,
    runner: runnerEntry.optional(),
    lane: laneEntry.optional(),
    calibration: calibrationEntry.optional(),
  })
  .superRefine((manifest, context) => {
    if (manifest.lane === 'practical') {
      if (manifest.limits.wall_seconds > PRACTICAL_MAX_WALL_SECONDS) {
        context.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['limits', 'wall_seconds'],
          message: `lane practical allows at most ${PRACTICAL_MAX_WALL_SECONDS} wall seconds, got ${manifest.limits.wall_seconds}; lower limits.wall_seconds or drop lane: practical`,
        });
      }
      if (manifest.runner && (manifest.runner.kind !== 'docker' || manifest.runner.gpus > 0)) {
        context.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['lane'],
          message: `lane practical runs on the CPU Docker sandbox only, but runner asks for kind ${manifest.runner.kind} with ${manifest.runner.gpus} GPUs; drop the runner or the lane`,
        });
      }
    }
    const taskIds = new Set(manifest.tasks.map((task) => task.id));
    for (const task of manifest.tasks) {
      if (!(task.dataset in manifest.datasets)) {
        context.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['tasks', task.id, 'dataset'],
          message: `task ${task.id} names data set "${task.dataset}", which is not under datasets`,
        });
      }
    }
    checkSeedCalibration(manifest, context);
    for (const check of manifest.checks) {
      for (const taskId of check.tasks) {
        if (!taskIds.has(taskId)) {
          context.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['checks', check.id, 'tasks'],
            message: `check ${check.id} names task "${taskId}", which is not under tasks`,
          });
        }
      }
    }
  });

export type AssignmentManifest = z.infer<typeof assignmentManifestSchema>;
export type ManifestTask = AssignmentManifest['tasks'][number];
export type ManifestCheck = AssignmentManifest['checks'][number];
export type ManifestLimits = AssignmentManifest['limits'];
export type ManifestRunner = NonNullable<AssignmentManifest['runner']>;
export type ManifestLane = NonNullable<AssignmentManifest['lane']>;
export type ManifestDataset = AssignmentManifest['datasets'][string];
export type ManifestTolerance = ManifestCheck['tolerance'];
export type ManifestSeedBand = Exclude<ManifestTolerance, number>['from_seeds'];
export type ManifestCalibration = NonNullable<AssignmentManifest['calibration']>;
