/**
 * The KMS keys SecureString parameters name, and who may decrypt with them.
 *
 * The sandbox has no KMS API, so it keeps no key records: a key is known by
 * what PutParameter named (`alias/aws/ssm` by default, `alias/xyz`, a key id
 * or a key ARN), and an alias resolves to a key id derived from the account,
 * region and alias, so the same alias always names the same key ARN.
 *
 * Who may decrypt follows the key policies AWS gives these keys:
 * - `aws/ssm`, the AWS managed key, allows kms:Decrypt to every principal of
 *   the account via SSM (`kms:ViaService`, `kms:CallerAccount`), so
 *   ssm:GetParameter alone reveals the value;
 * - a customer managed key's default policy delegates to IAM (the account
 *   root as principal), so the caller's own policies must allow kms:Decrypt
 *   on the key's ARN. A refusal comes back from SSM as KMS words it.
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../../errors';
import type { RequestContext } from '../../serviceModule';
import type { ParameterVersionState } from '../../state/ssmState';
import { partitionOf } from '../../../shared/aws/partitions';

export const AWS_MANAGED_SSM_KEY = 'alias/aws/ssm';

export interface KeyRef {
  readonly arn: string;
  /** The AWS managed `aws/ssm` key, whose key policy needs nothing from IAM. */
  readonly awsManaged: boolean;
}

/** A key id in KMS's UUID form, stable for one alias in one account and region. */
function derivedKeyId(accountId: string, region: string, alias: string): string {
  const hex = createHash('sha256').update(`${accountId}:${region}:${alias}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The key ARN behind what PutParameter was given. */
export function resolveKey(keyId: string | undefined, region: string, accountId: string): KeyRef {
  const prefix = `arn:${partitionOf(region)}:kms:${region}:${accountId}:`;
  const managedArn = `${prefix}key/${derivedKeyId(accountId, region, AWS_MANAGED_SSM_KEY)}`;
  const named = keyId ?? AWS_MANAGED_SSM_KEY;
  const aliasMatch = /^(?:arn:[^:]+:kms:[^:]*:[^:]*:)?(alias\/.+)$/.exec(named);
  if (aliasMatch) {
    const alias = aliasMatch[1]!;
    if (alias === AWS_MANAGED_SSM_KEY) return { arn: managedArn, awsManaged: true };
    return { arn: `${prefix}key/${derivedKeyId(accountId, region, alias)}`, awsManaged: false };
  }
  const arn = named.startsWith('arn:') ? named : `${prefix}key/${named}`;
  return { arn, awsManaged: arn === managedArn };
}

/**
 * Throws SSM's AccessDeniedException, in KMS's words, when the caller may not
 * decrypt `version` with its key; String and StringList values need nothing.
 */
export function authorizeDecrypt(context: RequestContext, version: ParameterVersionState): void {
  if (version.type !== 'SecureString') return;
  const key = resolveKey(version.keyId, context.region, context.store.document.account.id);
  if (key.awsManaged) return;
  try {
    context.authorize('kms:Decrypt', [key.arn]);
  } catch (error: unknown) {
    if (!(error instanceof AwsError)) throw error;
    // SSM passes KMS's refusal on with KMS's own service trailer, as the AWS SDK for Java formats it.
    throw new AwsError(
      'AccessDeniedException',
      `${error.message} (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: ${context.requestId}; Proxy: null)`,
      400,
    );
  }
}
