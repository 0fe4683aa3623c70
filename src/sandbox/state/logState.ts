/**
 * What the sandbox remembers about instance logs. The log text itself is
 * never stored: it is re-derived from state on the clock. What is stored is
 * only what re-derivation cannot know afterwards:
 *
 * - log epochs: the causes the app printed during a span of time, recorded
 *   when a log read first sees them, so a line once delivered reads the same
 *   after the state that caused it is fixed;
 * - RequestEnvironmentInfo requests and the S3 objects they delivered, which
 *   expire after 15 minutes as EB's do.
 *
 * Every field is optional in the documents that hold them, so state files
 * written before logs existed load unchanged.
 */
import { z } from 'zod';

/** A line of the app's own code that a Python traceback quotes. */
export const sourceFrame = z
  .object({
    /** Path inside the source bundle, e.g. `config.py`. */
    file: z.string().min(1),
    line: z.number().int().min(1),
    /** The enclosing `def`, or `<module>` for top-level code. */
    function: z.string().min(1),
    code: z.string(),
  })
  .strict();

const frames = z.array(sourceFrame).max(8);

/** Why the app (or its deployment) fails, with what the real stack prints about it. */
export const logCause = z.discriminatedUnion('kind', [
  /** Legacy: WSGIPath names no file; mod_wsgi answers 404, the deployment hook reports it. */
  z.object({ kind: z.literal('wsgi-file-missing'), path: z.string() }).strict(),
  /** AL2/AL2023: gunicorn cannot import the WSGI module, or cannot parse its callable. */
  z
    .object({
      kind: z.literal('wsgi-target-missing'),
      target: z.string(),
      module: z.string(),
      callable: z.string(),
      reason: z.enum(['module', 'callable']),
    })
    .strict(),
  /** No requirements.txt: the first third-party import fails. */
  z.object({ kind: z.literal('module-missing'), module: z.string(), frames }).strict(),
  z.object({ kind: z.literal('key-error'), name: z.string(), frames }).strict(),
  z.object({ kind: z.literal('no-region'), frames }).strict(),
  z
    .object({
      kind: z.literal('database'),
      engine: z.enum(['mysql', 'postgres']),
      /** The client library's exception line (databaseReach.connectTimeoutText). */
      error: z.string(),
      frames,
    })
    .strict(),
  /** The app's own SDK call refused: `botocore.exceptions.ClientError: …`. */
  z.object({ kind: z.literal('access-denied'), error: z.string(), frames }).strict(),
  /** Deployment: environmentsecrets the instance role could not fetch. */
  z.object({ kind: z.literal('secrets'), failures: z.array(z.string()).min(1) }).strict(),
  /** Deployment: the source bundle could not be downloaded or unzipped. */
  z.object({ kind: z.literal('bundle'), error: z.string() }).strict(),
]);

export const logEpoch = z
  .object({
    /** Epoch ms the causes took effect; 0 for "since the instance started". */
    from: z.number().int().min(0),
    /** The latest time a log read confirmed these causes: a later change starts after it. */
    confirmedAt: z.number().int().min(0),
    /** Whether the environment streamed to CloudWatch Logs during this span. */
    streaming: z.boolean(),
    causes: z.array(logCause).max(12),
  })
  .strict();

export const environmentInfoSample = z
  .object({
    instanceId: z.string(),
    /** Epoch ms the instance took its logs; it names the object (`TailLogs-<ms>.out`). */
    sampledAt: z.number().int().min(0),
    bucket: z.string(),
    key: z.string(),
  })
  .strict();

/** One RequestEnvironmentInfo call: pending until `completesAt`, then its samples until they expire. */
export const environmentInfoRequest = z
  .object({
    requestId: z.string(),
    environmentId: z.string(),
    environmentName: z.string(),
    infoType: z.enum(['tail', 'bundle']),
    region: z.string(),
    requestedAt: z.number().int().min(0),
    completesAt: z.number().int().min(0),
    /** Set once the instances delivered; absent while the request is pending. */
    samples: z.array(environmentInfoSample).optional(),
  })
  .strict();

export type SourceFrame = z.infer<typeof sourceFrame>;
export type LogCause = z.infer<typeof logCause>;
export type LogEpoch = z.infer<typeof logEpoch>;
export type EnvironmentInfoRequest = z.infer<typeof environmentInfoRequest>;
export type EnvironmentInfoSample = z.infer<typeof environmentInfoSample>;
