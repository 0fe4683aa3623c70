/**
 * The Principal element of resource-based policies (for IAM, role trust
 * policies): whom a statement names, and how precisely.
 */

export interface PolicyCaller {
  readonly accountId: string;
  /**
   * The ARNs a policy may name to mean exactly this caller: a user's ARN; for
   * a role session, the role's ARN and the session's own assumed-role ARN.
   */
  readonly names: readonly string[];
}

/**
 * `named`: the statement names this very principal, which in the same account
 * grants without any identity policy. `broad`: it names the caller's account
 * or everyone, which only delegates: the caller's own policies must allow too.
 */
export type PrincipalMatch = 'named' | 'broad' | 'none';

function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [value];
}

function matchAwsValue(value: unknown, caller: PolicyCaller): PrincipalMatch {
  if (typeof value !== 'string') return 'none';
  if (value === '*') return 'broad';
  if (value === caller.accountId || value === `arn:aws:iam::${caller.accountId}:root`) return 'broad';
  return caller.names.includes(value) ? 'named' : 'none';
}

function strongest(matches: readonly PrincipalMatch[]): PrincipalMatch {
  if (matches.includes('named')) return 'named';
  return matches.includes('broad') ? 'broad' : 'none';
}

/** How a Principal element names the caller. Service, Federated and CanonicalUser principals never name an IAM caller. */
export function matchPrincipal(element: unknown, caller: PolicyCaller): PrincipalMatch {
  if (element === '*') return 'broad';
  if (typeof element !== 'object' || element === null || Array.isArray(element)) return 'none';
  const aws = (element as Record<string, unknown>)['AWS'];
  if (aws === undefined) return 'none';
  return strongest(asList(aws).map((value) => matchAwsValue(value, caller)));
}
