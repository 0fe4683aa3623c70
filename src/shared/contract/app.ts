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

/** A small named palette, so a colour reads the same in the top bar, the overview and the window title. */
export const profileColours = ['red', 'orange', 'yellow', 'green', 'teal', 'blue', 'purple', 'grey'] as const;
export const profileColourSchema = z.enum(profileColours);
export type ProfileColour = z.infer<typeof profileColourSchema>;

export const profilePreferencesSchema = z.object({
  /** Shown in the overview across accounts. */
  pinned: z.boolean(),
  colour: profileColourSchema.optional(),
  /** Production profiles are read-only until unlocked for the session, and carry a marker everywhere. */
  production: z.boolean(),
});
export type ProfilePreferences = z.infer<typeof profilePreferencesSchema>;

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
  /** The console's own preferences for the profile (settings.json); absent means the defaults. */
  preferences: profilePreferencesSchema.optional(),
  /** A production profile the user unlocked for writes until Trellis restarts (kept in main's memory only). */
  unlocked: z.boolean().optional(),
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

export const profilePreferenceInputs = {
  /** Only the fields given change; `colour: null` removes the colour. */
  setPreferences: z.object({
    profile: profileNameSchema,
    pinned: z.boolean().optional(),
    colour: profileColourSchema.nullable().optional(),
    production: z.boolean().optional(),
  }),
  /** Unlocking is explicit and lasts until Trellis restarts; `unlocked: false` locks again at once. */
  unlockProduction: z.object({ profile: profileNameSchema, unlocked: z.boolean() }),
};

export const ssoInputs = {
  startSignIn: z.object({ profile: profileNameSchema }),
  pollSignIn: z.object({ signInId: z.string().uuid() }),
};

/** What the user needs to approve the device: nothing secret (the device code stays in main). */
export const ssoDeviceAuthorizationSchema = z.object({
  signInId: z.string(),
  verificationUri: z.string(),
  verificationUriComplete: z.string().optional(),
  userCode: z.string(),
  expiresAt: z.string(),
  intervalSeconds: z.number().positive(),
});
export type SsoDeviceAuthorization = z.infer<typeof ssoDeviceAuthorizationSchema>;

export const ssoPollSchema = z.discriminatedUnion('status', [
  /** Not approved yet; poll again after intervalSeconds (it grows when the service says slow_down). */
  z.object({ status: z.literal('pending'), intervalSeconds: z.number().positive() }),
  z.object({
    status: z.literal('done'),
    /** When the SSO token ends; a refresh token may extend it. */
    expiresAt: z.string(),
    /** Who the profile now acts as, when it names an account and role. */
    identity: callerIdentitySchema.optional(),
  }),
  z.object({ status: z.literal('failed'), reason: z.enum(['expired', 'denied', 'error']), message: z.string() }),
]);
export type SsoPoll = z.infer<typeof ssoPollSchema>;
