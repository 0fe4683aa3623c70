/**
 * IAM Identity Center (SSO): the instance a scenario configures (its start
 * URL, its one directory user, the accounts and permission sets assigned to
 * that user) and the OIDC objects the device flow creates.
 *
 * Like STS sessions, the state keeps only SHA-256 digests of client secrets,
 * device codes, access tokens and refresh tokens: the caller is handed each
 * once, so the state file (which learners open and share) holds nothing
 * usable. The user code is kept as is, because the approval page shows it.
 *
 * The section is optional with a default (no instance, nothing issued), so
 * state files written before SSO existed load unchanged.
 */
import { z } from 'zod';

const epochMs = z.number().int().min(0);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256');
const accountId = z.string().regex(/^\d{12}$/, 'must be 12 digits');

/** A permission set as the portal lists it, and the IAM role in the account that it provisions. */
const assignment = z
  .object({
    accountId,
    /** The permission set's name: the portal's `roleName`, e.g. `ReadOnlyAccess`. */
    permissionSetName: z.string().regex(/^[\w+=,.@-]{1,32}$/, 'must be 1 to 32 of A-Z a-z 0-9 + = , . @ _ -'),
    /** The provisioned role, e.g. `AWSReservedSSO_ReadOnlyAccess_def456`; sessions act as it. */
    iamRoleName: z.string().min(1).max(64),
  })
  .strict();

const instance = z
  .object({
    /** `https://d-xxxxxxxxxx.awsapps.com/start`: what profiles name in `sso_start_url`. */
    startUrl: z.string().url(),
    /** The Identity Center region: profiles' `sso_region`. */
    region: z.string().min(1),
    /** The directory user who approves devices; the session name in the assumed-role ARN. */
    userName: z.string().regex(/^[\w+=,.@-]{2,64}$/, 'must be 2 to 64 of A-Z a-z 0-9 + = , . @ _ -'),
    accounts: z.array(z.object({ accountId, accountName: z.string().min(1), emailAddress: z.string() }).strict()),
    assignments: z.array(assignment),
  })
  .strict();

const client = z
  .object({
    clientId: z.string().min(1),
    clientSecretSha256: sha256,
    clientName: z.string().min(1),
    /** Only clients registered with scopes are given refresh tokens, as on AWS. */
    scopes: z.array(z.string()),
    issuedAt: epochMs,
    expiresAt: epochMs,
  })
  .strict();

const device = z
  .object({
    deviceCodeSha256: sha256,
    /** `ABCD-EFGH`. */
    userCode: z.string().regex(/^[A-Z]{4}-[A-Z]{4}$/),
    clientId: z.string().min(1),
    startUrl: z.string(),
    issuedAt: epochMs,
    expiresAt: epochMs,
    intervalSeconds: z.number().int().min(1),
    status: z.enum(['pending', 'approved', 'denied', 'redeemed']),
    /** When CreateToken last asked about this device, for `slow_down`. */
    lastPolledAt: epochMs.optional(),
  })
  .strict();

const token = z
  .object({
    accessTokenSha256: sha256,
    refreshTokenSha256: sha256.optional(),
    clientId: z.string().min(1),
    startUrl: z.string(),
    issuedAt: epochMs,
    expiresAt: epochMs,
    /** A refresh token is good for longer than the access token it came with. */
    refreshExpiresAt: epochMs.optional(),
  })
  .strict();

/** AWS keeps no such caps; the sandbox does, so a runaway loop cannot grow the state file without bound. */
export const MAX_SSO_CLIENTS = 200;
export const MAX_SSO_DEVICES = 200;
export const MAX_SSO_TOKENS = 500;

export const ssoStateSchema = z
  .object({
    instance: instance.optional(),
    clients: z.array(client).max(MAX_SSO_CLIENTS),
    devices: z.array(device).max(MAX_SSO_DEVICES),
    tokens: z.array(token).max(MAX_SSO_TOKENS),
  })
  .strict()
  .default({ clients: [], devices: [], tokens: [] });

export type SsoState = z.infer<typeof ssoStateSchema>;
export type SsoInstanceState = z.infer<typeof instance>;
export type SsoClientState = z.infer<typeof client>;
export type SsoDeviceState = z.infer<typeof device>;
export type SsoTokenState = z.infer<typeof token>;
