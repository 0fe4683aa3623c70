import { z } from 'zod';
import { profileNameSchema, regionSchema } from './common';

export const appInfoSchema = z.object({
  mode: z.enum(['desktop', 'web']),
  version: z.string(),
  sandboxEndpoint: z.string().optional(),
  dataDir: z.string(),
  defaultRegion: regionSchema,
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const profileSummarySchema = z.object({
  name: profileNameSchema,
  /** Where the profile was found. `environment` is the AWS_ACCESS_KEY_ID set; `sandbox` is built in. */
  source: z.enum(['config', 'credentials', 'config+credentials', 'environment', 'sandbox']),
  kind: z.enum(['static', 'sso', 'assume-role', 'process', 'web-identity', 'environment', 'sandbox', 'none']),
  region: regionSchema.optional(),
  endpoint: z.string().optional(),
  readOnly: z.boolean(),
  /** True when read-only comes from the config file (`trellis_read_only`), so the UI cannot lift it. */
  readOnlyLocked: z.boolean(),
  /** A problem with this profile's configuration; the profile is listed but unusable. */
  problem: z.string().optional(),
});
export type ProfileSummary = z.infer<typeof profileSummarySchema>;

export const profileListSchema = z.object({
  profiles: z.array(profileSummarySchema),
  /** Problems with the files themselves (one bad line does not hide the other profiles). */
  fileProblems: z.array(z.object({ file: z.string(), line: z.number().int().optional(), message: z.string() })),
});
export type ProfileList = z.infer<typeof profileListSchema>;

export const callerIdentitySchema = z.object({
  account: z.string(),
  arn: z.string(),
  userId: z.string(),
});
export type CallerIdentity = z.infer<typeof callerIdentitySchema>;

/** The only secret that crosses from renderer to main, once; main never stores or logs it. */
export const mfaCodeSchema = z.string().regex(/^\d{6}$/, 'an MFA code is 6 digits');

export const profileInputs = {
  submitMfaCode: z.object({ profile: profileNameSchema, code: mfaCodeSchema }),
  approveCredentialProcess: z.object({
    profile: profileNameSchema,
    /** The command line exactly as shown to the user; main refuses it if the file now says something else. */
    command: z.string().min(1).max(4096),
  }),
};

export const mfaSessionSchema = z.object({
  /** Who the profile now acts as (GetCallerIdentity with the new session). */
  identity: callerIdentitySchema,
  /** When the session ends and the profile asks for a code again. */
  expiresAt: z.string().optional(),
});
export type MfaSession = z.infer<typeof mfaSessionSchema>;

export const processApprovalSchema = z.object({ profile: profileNameSchema, approved: z.literal(true) });
export type ProcessApproval = z.infer<typeof processApprovalSchema>;
