/**
 * Application versions and deployments. A bundle is first *staged* in main
 * (zipped from a folder, read from a .zip, uploaded in web mode, or rebuilt
 * from a deployed version) and checked against the target environment; a
 * deploy intent then names the staged bundle by id and its sha-256, so what
 * ships is exactly what the preview listed.
 */
import { z } from 'zod';
import { applicationNameSchema, environmentNameSchema, healthColorSchema } from './beanstalk';
import { isoDateSchema, targetSchema } from './common';

/** EB's own rule for labels: 1–100 characters, no slash. */
export const versionLabelSchema = z
  .string()
  .min(1)
  .max(100)
  .refine((label) => !label.includes('/'), { message: 'version labels cannot contain a slash' });

export const applicationVersionRowSchema = z.object({
  applicationName: z.string(),
  versionLabel: z.string(),
  description: z.string().optional(),
  dateCreated: isoDateSchema.optional(),
  dateUpdated: isoDateSchema.optional(),
  status: z.string().optional(),
  sourceBundle: z.object({ bucket: z.string(), key: z.string() }).optional(),
  /** From HeadObject; absent when the object is gone or unreadable. */
  sizeBytes: z.number().int().min(0).optional(),
  /** Set when the source object could not be found or read. */
  sourceProblem: z.string().optional(),
  /** Environments running this version right now. */
  deployedTo: z.array(z.string()),
});
export type ApplicationVersionRow = z.infer<typeof applicationVersionRowSchema>;

export const applicationVersionsSchema = z.object({
  applicationName: z.string(),
  versions: z.array(applicationVersionRowSchema),
  environments: z.array(
    z.object({
      name: z.string(),
      versionLabel: z.string().optional(),
      status: z.string(),
      health: healthColorSchema,
    }),
  ),
  apiCalls: z.number().int().min(0),
});
export type ApplicationVersions = z.infer<typeof applicationVersionsSchema>;

export const bundleFileSchema = z.object({ path: z.string(), size: z.number().int().min(0) });

export const stagedBundleSchema = z.object({
  id: z.string().uuid(),
  /** Where it came from, in words: "folder FlaskApp", "deploy-app.zip", "v3 with FlaskApp/ moved to the root". */
  origin: z.string(),
  kind: z.enum(['folder', 'zip', 'rebundle']),
  sizeBytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  fileCount: z.number().int().min(0),
  /** The entries as they will be at the zip root (capped for display; `fileCount` is the total). */
  files: z.array(bundleFileSchema),
  /** Paths left out by .ebignore (or the defaults EB CLI applies), capped for display. */
  ignored: z.array(z.string()),
  /** A re-bundle's entries before the move, for the before/after list. */
  before: z.array(bundleFileSchema).optional(),
  createdAt: isoDateSchema,
});
export type StagedBundle = z.infer<typeof stagedBundleSchema>;

export const preflightCheckSchema = z.object({
  id: z.enum(['zip-root', 'wsgi-path', 'requirements', 'size-limit', 'not-empty', 'environment-ready']),
  status: z.enum(['pass', 'fail', 'warn']),
  title: z.string(),
  detail: z.string(),
});
export type PreflightCheck = z.infer<typeof preflightCheckSchema>;

export const preflightSchema = z.object({
  environmentName: z.string(),
  applicationName: z.string(),
  platform: z.string(),
  generation: z.enum(['legacy', 'gunicorn', 'other']),
  checks: z.array(preflightCheckSchema),
  /** True when a check failed: deploying then needs an override with a reason. */
  blocking: z.boolean(),
  /** A label that does not exist yet, derived from the bundle's origin and the date. */
  suggestedLabel: z.string(),
});
export type Preflight = z.infer<typeof preflightSchema>;

/** Web mode's upload: one PUT per file to `/upload/<uploadId>?path=<relative path>` with the session token. */
export const uploadSessionSchema = z.object({
  uploadId: z.string().uuid(),
  /** Total bytes accepted for this upload (EB's 500 MB limit). */
  maxBytes: z.number().int(),
  maxFiles: z.number().int(),
});

export const deployInputs = {
  listVersions: z.object({ target: targetSchema, applicationName: applicationNameSchema }),
  /** Desktop only: the native open dialog, then staging; `null` when the user cancels. */
  chooseSource: z.object({ kind: z.enum(['folder', 'zip']) }),
  beginUpload: z.object({ kind: z.enum(['folder', 'zip']), name: z.string().min(1).max(255) }),
  finishUpload: z.object({ uploadId: z.string().uuid() }),
  rebundle: z.object({ target: targetSchema, environmentName: environmentNameSchema }),
  preflight: z.object({
    target: targetSchema,
    environmentName: environmentNameSchema,
    bundleId: z.string().uuid(),
  }),
  discardBundle: z.object({ bundleId: z.string().uuid() }),
};

/** Intents for the change mechanism (registered in changes.ts). */
export const deployBundleIntentSchema = z.object({
  kind: z.literal('beanstalk.deployBundle'),
  environmentName: environmentNameSchema,
  bundleId: z.string().uuid(),
  /** The staged bundle's hash at preview time; apply refuses a bundle that changed since. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  versionLabel: versionLabelSchema,
  description: z.string().max(200).optional(),
  /** Deploy despite failing pre-flight checks; the reason is journalled. */
  override: z.object({ reason: z.string().min(3).max(500) }).optional(),
});
export const deployVersionIntentSchema = z.object({
  kind: z.literal('beanstalk.deployVersion'),
  environmentName: environmentNameSchema,
  versionLabel: versionLabelSchema,
});
export const deleteVersionIntentSchema = z.object({
  kind: z.literal('beanstalk.deleteVersion'),
  applicationName: applicationNameSchema,
  versionLabel: versionLabelSchema,
  deleteSourceBundle: z.boolean().default(false),
});
/**
 * The one-click re-bundle (F3, F15): main rebuilds the deployed version with the app folder's contents at
 * the zip root, checks it, and deploys it as a new label. The plan it yields is a deployBundle of that bundle.
 */
export const rebundleDeployIntentSchema = z.object({
  kind: z.literal('beanstalk.rebundleDeploy'),
  environmentName: environmentNameSchema,
  /** Default: a fresh label derived from the deployed one and the time. */
  versionLabel: versionLabelSchema.optional(),
});
/** The undo of a version deletion that kept its S3 object: register the same object again. */
export const createVersionIntentSchema = z.object({
  kind: z.literal('beanstalk.createVersion'),
  applicationName: applicationNameSchema,
  versionLabel: versionLabelSchema,
  description: z.string().max(200).optional(),
  sourceBundle: z.object({ bucket: z.string().min(3).max(63), key: z.string().min(1).max(1024) }),
});
