/**
 * Temporary credentials and MFA devices.
 *
 * A session keeps only what answering later calls needs: who it acts as, when
 * it ends, whether MFA was proven, and a SHA-256 of its session token. The
 * secret key and the token itself are handed to the caller once and never
 * stored, so the state file (which learners open and share) holds no usable
 * session. Expired sessions are kept a while, so their keys are answered with
 * ExpiredToken rather than as unknown keys.
 *
 * Both lists are optional with defaults, so state files written before STS
 * sessions existed load unchanged.
 */
import { z } from 'zod';
import { timestamp } from './schemaParts';

const epochMs = z.number().int().min(0);

const sessionCommon = {
  accessKeyId: z.string().regex(/^ASIA[A-Z0-9]{16}$/, 'must be ASIA and 16 upper-case letters and digits'),
  tokenSha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256'),
  issuedAt: epochMs,
  expiresAt: epochMs,
  /** When MFA was proven for this session (or the session it came from); absent without MFA. */
  mfaAuthenticatedAt: epochMs.optional(),
};

const roleSession = z
  .object({
    ...sessionCommon,
    kind: z.literal('role'),
    /** The role's unique id: a role deleted and re-created under the same name is another role. */
    roleId: z.string().min(16),
    roleName: z.string().min(1).max(64),
    /** The role's IAM ARN (with its path) when the session began, for trust policies that name it. */
    roleArn: z.string().min(20),
    sessionName: z.string().min(2).max(64),
  })
  .strict();

/** GetSessionToken for an IAM user: the session acts as the user. */
const userSession = z
  .object({ ...sessionCommon, kind: z.literal('user'), userName: z.string().min(1).max(128) })
  .strict();

/** GetSessionToken for the account's administrator (any key the state does not know). */
const rootSession = z.object({ ...sessionCommon, kind: z.literal('root') }).strict();

export const stsSession = z.discriminatedUnion('kind', [roleSession, userSession, rootSession]);

/** AWS keeps no such cap; the sandbox does, so a runaway loop cannot grow the state file without bound. */
export const MAX_STS_SESSIONS = 1000;

export const stsStateSchema = z
  .object({ sessions: z.array(stsSession).max(MAX_STS_SESSIONS) })
  .strict()
  .default({ sessions: [] });

/** A virtual MFA device (RFC 6238 TOTP) assigned to an IAM user. */
export const mfaDevice = z
  .object({
    /** `arn:aws:iam::ACCOUNT:mfa/NAME`. */
    serialNumber: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:mfa\/[\w+=,.@/-]+$/, 'must be arn:aws:iam::ACCOUNT:mfa/NAME'),
    userName: z.string().min(1).max(128),
    /** The shared secret as an authenticator app scans it: RFC 4648 base32. */
    seedBase32: z.string().regex(/^[A-Z2-7]{16,128}$/, 'must be base32 (A-Z, 2-7), 16 to 128 characters'),
    enableDate: timestamp,
    /** The last 30-second step whose code was accepted: a code is good once, as AWS's are. */
    lastUsedStep: z.number().int().min(0).optional(),
  })
  .strict();

export type StsSessionState = z.infer<typeof stsSession>;
export type RoleSessionState = z.infer<typeof roleSession>;
export type StsState = z.infer<typeof stsStateSchema>;
export type MfaDeviceState = z.infer<typeof mfaDevice>;
