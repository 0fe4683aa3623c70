/**
 * IAM's SDK shapes turned into the contract's, shared by the one-call
 * snapshot (GetAccountAuthorizationDetails), its List-call fallback and the
 * call-by-call reads.
 */
import type {
  AttachedPolicy as SdkAttachedPolicy,
  ManagedPolicyDetail,
  Policy as SdkPolicy,
} from '@aws-sdk/client-iam';
import type { AttachedPolicy, IamSnapshot, ManagedPolicySummary } from '../../shared/contract';

export const iso = (d: Date | undefined): string => (d ? d.toISOString() : '');
export const isoOpt = (d: Date | undefined): string | undefined => (d ? d.toISOString() : undefined);

export function attached(list: SdkAttachedPolicy[] | undefined): AttachedPolicy[] {
  return (list ?? []).map((p) => ({
    policyName: p.PolicyName ?? nameFromArn(p.PolicyArn),
    policyArn: p.PolicyArn ?? '',
  }));
}

export function nameFromArn(arn: string | undefined): string {
  return arn ? arn.slice(arn.lastIndexOf('/') + 1) : '';
}

function isAwsManaged(arn: string): boolean {
  return /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);
}

export function policySummary(p: ManagedPolicyDetail | SdkPolicy): ManagedPolicySummary {
  const arn = p.Arn ?? '';
  return {
    // moto leaves PolicyName out of GetAccountAuthorizationDetails; the ARN always carries it.
    name: p.PolicyName ?? nameFromArn(arn),
    arn,
    path: p.Path ?? '/',
    defaultVersionId: p.DefaultVersionId ?? 'v1',
    attachmentCount: p.AttachmentCount ?? 0,
    awsManaged: isAwsManaged(arn),
    description: p.Description || undefined,
    updateDate: isoOpt(p.UpdateDate),
  };
}

const byName = (a: { name: string }, b: { name: string }): number => a.name.localeCompare(b.name);

/** The rows read, sorted by name as every table first shows them, with how they were read. */
export function sortedSnapshot(
  rows: Pick<IamSnapshot, 'roles' | 'users' | 'groups' | 'localPolicies'>,
  read: Pick<IamSnapshot, 'apiCalls' | 'source' | 'denied'>,
): IamSnapshot {
  return {
    roles: rows.roles.sort(byName),
    users: rows.users.sort(byName),
    groups: rows.groups.sort(byName),
    localPolicies: rows.localPolicies.sort(byName),
    fetchedAt: new Date().toISOString(),
    ...read,
  };
}
