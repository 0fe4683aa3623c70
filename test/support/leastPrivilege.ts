/**
 * Sandbox users that hold exactly one operator policy, each behind a profile
 * of its own in a console's AWS files, and the way a view's outcome is read:
 * it works, it works in part and names what it could not read, or it is
 * refused and names the permission. Anything else is a defect the matrix
 * must fail on.
 */
import { writeFileSync } from 'node:fs';
import { AttachUserPolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../src/sandbox';
import type { AppError, Target } from '../../src/shared/contract';
import { createUserWithKey } from './sandboxUsers';
import type { SandboxCredentials } from './sandbox';

export interface OperatorPolicy {
  /** The profile (and column) name. */
  profile: string;
  label: string;
  managed: string[];
  statements?: unknown[];
}

export const VIEW_ONLY = 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess';
export const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
export const SECURITY_AUDIT = 'arn:aws:iam::aws:policy/SecurityAudit';

/** ReadOnlyAccess without the four permissions the console must do without (issue 13). */
export const CUSTOM_DENIED = [
  'iam:GetAccountAuthorizationDetails',
  'iam:SimulatePrincipalPolicy',
  's3:GetObject',
  'kms:Decrypt',
] as const;

export const OPERATOR_POLICIES: readonly OperatorPolicy[] = [
  { profile: 'view-only', label: 'ViewOnlyAccess', managed: [VIEW_ONLY] },
  { profile: 'read-only', label: 'ReadOnlyAccess', managed: [READ_ONLY] },
  { profile: 'security-audit', label: 'SecurityAudit', managed: [SECURITY_AUDIT] },
  {
    profile: 'custom',
    label: 'Custom (ReadOnly minus GAAD, Simulate, s3:GetObject, kms:Decrypt)',
    managed: [READ_ONLY],
    statements: [{ Sid: 'OperatorLimits', Effect: 'Deny', Action: [...CUSTOM_DENIED], Resource: '*' }],
  },
];

/** A SecureString under a customer managed key, made by the administrator for the reveal tests. */
export const CMK_PARAMETER = '/leastprivilege/cmk-secret';
export const CMK_ALIAS = 'alias/trellis-operators';
export const CMK_VALUE = 'cmk-plaintext-7c1e';

export function adminClients(endpoint: string): { iam: IAMClient; ssm: SSMClient } {
  const config = { endpoint, region: SANDBOX_REGION, credentials: SANDBOX_ADMIN_CREDENTIALS, maxAttempts: 1 };
  return { iam: new IAMClient(config), ssm: new SSMClient(config) };
}

export async function putCmkParameter(ssm: SSMClient): Promise<void> {
  await ssm.send(
    new PutParameterCommand({ Name: CMK_PARAMETER, Type: 'SecureString', Value: CMK_VALUE, KeyId: CMK_ALIAS }),
  );
}

/**
 * One user per policy, named after its profile, each a profile at `endpoint`
 * whose keys go in the `credentials` file (the console's AWS files: `config`
 * and `credentials` for consoleIn, `aws-config` and `aws-credentials` for web mode).
 */
export async function createOperatorProfiles(
  iam: IAMClient,
  endpoint: string,
  policies: readonly OperatorPolicy[],
  files: { config: string; credentials: string },
): Promise<void> {
  const keys: Array<[string, SandboxCredentials]> = [];
  for (const policy of policies) {
    const user = `operator-${policy.profile}`;
    const key = await createUserWithKey(iam, user, policy.statements);
    for (const arn of policy.managed) await iam.send(new AttachUserPolicyCommand({ UserName: user, PolicyArn: arn }));
    keys.push([policy.profile, key]);
  }
  // Credentials first: a console watching its files may read the config as soon as it appears.
  writeFileSync(
    files.credentials,
    keys
      .map(([p, k]) => `[${p}]\naws_access_key_id = ${k.accessKeyId}\naws_secret_access_key = ${k.secretAccessKey}\n`)
      .join('\n'),
  );
  writeFileSync(
    files.config,
    keys.map(([p]) => `[profile ${p}]\nregion = ${SANDBOX_REGION}\nendpoint_url = ${endpoint}\n`).join('\n'),
  );
}

export const targetOf = (profile: string): Target => ({ profile, region: SANDBOX_REGION });

export type Outcome =
  { kind: 'works' } | { kind: 'partial'; missing: string[] } | { kind: 'reported'; missing: string[] };

/** `service:Action` as IAM names it, from a refusal's message; undefined when the message names none. */
export function namedAction(message: string): string | undefined {
  return /\b([a-z0-9-]+:[A-Z][A-Za-z0-9]+)\b/.exec(message)?.[1];
}

export class UnexplainedOutcome extends Error {}

/** The action a refusal names; a failure that is not an access denial naming one is a defect. */
export function missingOf(error: AppError, where: string): string {
  if (error.code !== 'access-denied') {
    throw new UnexplainedOutcome(`${where}: ${error.code}: ${error.message}`);
  }
  const action = namedAction(error.message);
  if (!action) throw new UnexplainedOutcome(`${where}: access denied without naming the action: ${error.message}`);
  return action;
}

/** Many calls make one view: all refused is "reported", some refused or partly read is "partial". */
export function combine(parts: ReadonlyArray<{ ok: boolean; missing: string[] }>): Outcome {
  const missing = [...new Set(parts.flatMap((p) => p.missing))].sort();
  if (missing.length === 0) return { kind: 'works' };
  return parts.every((p) => !p.ok) ? { kind: 'reported', missing } : { kind: 'partial', missing };
}

export function cellText(outcome: Outcome): string {
  if (outcome.kind === 'works') return 'works';
  return `${outcome.kind}: missing ${outcome.missing.map((m) => `\`${m}\``).join(', ')}`;
}
