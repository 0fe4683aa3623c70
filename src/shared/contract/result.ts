import { z } from 'zod';
import { profileNameSchema } from './common';

/**
 * What the user must do before a profile's credentials can be used. The
 * renderer offers the one action that fixes it; the profile named is the one
 * that needs it (in a role chain, the step that asks, not always the chosen profile).
 */
export const signInSchema = z.discriminatedUnion('kind', [
  /** Enter a code from the MFA device `serial`; main caches the session until it expires. */
  z.object({ kind: z.literal('mfa'), profile: profileNameSchema, serial: z.string() }),
  /** Approve running `command` (the profile's credential_process, verbatim) before Trellis runs it. */
  z.object({ kind: z.literal('approve-process'), profile: profileNameSchema, command: z.string() }),
  /** Sign in through IAM Identity Center at `startUrl` (the device flow); the token is shared with the AWS CLI. */
  z.object({ kind: z.literal('sso'), profile: profileNameSchema, startUrl: z.string() }),
  /**
   * AWS refused the static keys in `file` (deleted, deactivated or rotated, or
   * temporary keys past their end): put new ones there, then check again.
   * `accessKeyHint` is the key id's last 4 characters, never more.
   */
  z.object({
    kind: z.literal('replace-keys'),
    profile: profileNameSchema,
    file: z.string(),
    accessKeyHint: z.string().max(4),
  }),
]);
export type SignIn = z.infer<typeof signInSchema>;

/**
 * Errors cross the process boundary as plain data. Electron's own error
 * serialisation drops every property except `message`, so nothing here may
 * depend on an Error instance surviving IPC.
 */
export const appErrorSchema = z.object({
  code: z.enum([
    'validation',
    'unknown-channel',
    'forbidden-sender',
    'read-only',
    'unknown-profile',
    'profile-config',
    'credentials',
    'access-denied',
    'not-found',
    'conflict',
    'throttled',
    'timeout',
    'network',
    'aws',
    'plan-expired',
    'internal',
  ]),
  message: z.string(),
  service: z.string().optional(),
  operation: z.string().optional(),
  awsCode: z.string().optional(),
  requestId: z.string().optional(),
  httpStatus: z.number().int().optional(),
  retryable: z.boolean(),
  hint: z.string().optional(),
  /** Set when the fix is a sign-in action (an MFA code, approving a credential_process), not a retry. */
  signIn: signInSchema.optional(),
});
export type AppError = z.infer<typeof appErrorSchema>;
export type AppErrorCode = AppError['code'];

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

export function resultSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: appErrorSchema }),
  ]);
}
