import { z } from 'zod';
import { profileNameSchema, regionSchema } from './common';

/**
 * What an IAM Identity Center sign-in can reach (the portal's ListAccounts and
 * ListAccountRoles), and the two config-file changes the picker makes: a new
 * `[profile NAME]` for one account and role, and its undo.
 */

export const ssoAccountIdSchema = z.string().regex(/^\d{12}$/, 'an AWS account id is 12 digits');

/** Permission set names: IAM Identity Center allows letters, digits and +=,.@- up to 32 characters. */
export const ssoRoleNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w+=,.@-]+$/, 'role names use letters, digits and +=,.@_-');

/**
 * A name the AWS SDK reads back from `[profile NAME]`: its header pattern, which
 * is stricter than what other parsers accept (no spaces, quotes or brackets).
 */
export const newProfileNameSchema = z
  .string()
  .min(1, 'give the profile a name')
  .max(64, 'keep profile names to 64 characters')
  .regex(/^[\w\-@+.%:/]+$/, 'profile names use letters, digits and - _ @ + . % : / (no spaces)')
  .refine((name) => name !== 'default' && name !== 'sandbox', {
    message: "'default' and 'sandbox' are reserved; choose another name",
  });

export const ssoDirectoryInputs = {
  listAccounts: z.object({ profile: profileNameSchema }),
  listAccountRoles: z.object({ profile: profileNameSchema, accountId: ssoAccountIdSchema }),
};

export const ssoAccountSchema = z.object({
  accountId: z.string(),
  accountName: z.string(),
  emailAddress: z.string().optional(),
});
export type SsoAccount = z.infer<typeof ssoAccountSchema>;

export const ssoAccountListSchema = z.object({
  /** The profile whose sign-in was used. */
  profile: z.string(),
  startUrl: z.string(),
  /** The Identity Center region (sso_region). */
  ssoRegion: z.string(),
  /** Set for `sso_session` profiles, whose new profiles name the session rather than repeat the URL. */
  sessionName: z.string().optional(),
  accounts: z.array(ssoAccountSchema),
});
export type SsoAccountList = z.infer<typeof ssoAccountListSchema>;

export const ssoAccountRolesSchema = z.object({
  accountId: z.string(),
  roles: z.array(
    z.object({
      roleName: z.string(),
      /** Profiles in the config files that already use this start URL, account and role. */
      profiles: z.array(z.string()),
    }),
  ),
});
export type SsoAccountRoles = z.infer<typeof ssoAccountRolesSchema>;

export const addSsoProfileIntentSchema = z.object({
  kind: z.literal('config.addSsoProfile'),
  profileName: newProfileNameSchema,
  /** The signed-in SSO profile whose session (or start URL and region) the new profile shares. */
  fromProfile: profileNameSchema,
  accountId: ssoAccountIdSchema,
  roleName: ssoRoleNameSchema,
  /** The new profile's default region; absent leaves it to AWS_REGION or the console's choice. */
  region: regionSchema.optional(),
});
export type AddSsoProfileIntent = z.infer<typeof addSsoProfileIntentSchema>;

/** The undo of an added profile: removes its section only while it still holds exactly what was written. */
export const removeProfileIntentSchema = z.object({
  kind: z.literal('config.removeProfile'),
  profileName: newProfileNameSchema,
  expected: z.record(z.string(), z.string()),
});
export type RemoveProfileIntent = z.infer<typeof removeProfileIntentSchema>;
