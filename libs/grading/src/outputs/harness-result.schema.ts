import { z } from 'zod';

/** Strict schema of `/out/result.json`; see harness-protocol.ts for the meaning of each field. */
const harnessErrorSchema = z
  .object({
    kind: z.enum(['student', 'harness']),
    type: z.string().max(200),
    message: z.string().max(8000),
    file: z.string().max(500).optional(),
    line: z.number().int().optional(),
    traceback: z.string().max(20000).optional(),
  })
  .strict();

export const harnessResultSchema = z
  .object({
    protocol: z.literal(1),
    python: z.string().max(100),
    numpy: z.string().max(100),
    import: z
      .object({
        ok: z.boolean(),
        seconds: z.number().nonnegative(),
        error: harnessErrorSchema.optional(),
      })
      .strict(),
    tasks: z
      .array(
        z
          .object({
            id: z.string().max(200),
            ok: z.boolean(),
            seconds: z.number().nonnegative(),
            outputs: z.record(z.string().max(300)),
            error: harnessErrorSchema.optional(),
          })
          .strict(),
      )
      .max(1000),
    running: z.string().max(200).optional(),
    finished: z.boolean(),
  })
  .strict();
