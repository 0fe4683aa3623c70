/**
 * Who makes a request, and how a resource-based policy's Principal or
 * NotPrincipal element names them. How precisely it names them matters:
 *
 * - `exact`: this very user, role session, service or federated identity;
 * - `role`: the role behind a role session (the role's ARN);
 * - `everyone`: `*`, or `{"AWS": "*"}`;
 * - `account`: the caller's account (`123456789012` or `arn:aws:iam::123456789012:root`),
 *   which only delegates: the account's own identity policies must allow too.
 */
import { isRecord } from './policyDocument';

export interface RequestPrincipal {
  /** The ARN AWS evaluates: a user's ARN, an assumed-role session's ARN, the account root's ARN. */
  readonly arn: string;
  readonly accountId: string;
  /** For a role session: the role's ARN (with its path), which a policy may name to mean every session. */
  readonly roleArn?: string;
  /** For an AWS service acting on its own behalf: `ec2.amazonaws.com`. */
  readonly service?: string;
}

export type PrincipalMatch = 'exact' | 'role' | 'everyone' | 'account' | 'none';

/** Strongest first: a statement that names the caller in several ways counts by the most precise. */
const STRENGTH: readonly PrincipalMatch[] = ['exact', 'role', 'everyone', 'account', 'none'];

function strongest(matches: readonly PrincipalMatch[]): PrincipalMatch {
  return STRENGTH.find((match) => matches.includes(match)) ?? 'none';
}

function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [value];
}

const ACCOUNT_ROOT = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;

function matchAws(value: unknown, principal: RequestPrincipal): PrincipalMatch {
  if (typeof value !== 'string') return 'none';
  if (value === '*') return 'everyone';
  if (principal.service !== undefined) return 'none';
  if (value === principal.accountId || ACCOUNT_ROOT.exec(value)?.[1] === principal.accountId) {
    // The root user itself is named exactly by its account's root ARN.
    return principal.arn === value || ACCOUNT_ROOT.test(principal.arn) ? 'exact' : 'account';
  }
  if (value === principal.arn) return 'exact';
  return value === principal.roleArn ? 'role' : 'none';
}

function matchNamed(value: unknown, name: string | undefined): PrincipalMatch {
  return typeof value === 'string' && name !== undefined && value === name ? 'exact' : 'none';
}

/** How a Principal element names the request's principal. */
function matchPrincipal(element: unknown, principal: RequestPrincipal): PrincipalMatch {
  if (element === '*') return 'everyone';
  if (!isRecord(element)) return 'none';
  const matches: PrincipalMatch[] = [];
  for (const [kind, values] of Object.entries(element)) {
    for (const value of asList(values)) {
      if (kind === 'AWS') matches.push(matchAws(value, principal));
      else if (kind === 'Service') matches.push(matchNamed(value, principal.service));
      else if (kind === 'Federated' || kind === 'CanonicalUser') matches.push(matchNamed(value, principal.arn));
    }
  }
  return strongest(matches);
}

/**
 * The statement's reach over the principal: Principal as above; NotPrincipal
 * applies to everyone it does not name (in any way); neither (or both) is a
 * statement that names no one, which in a resource-based policy is void.
 */
export function principalReach(principal: unknown, notPrincipal: unknown, who: RequestPrincipal): PrincipalMatch {
  if (principal !== undefined && notPrincipal === undefined) return matchPrincipal(principal, who);
  if (notPrincipal !== undefined && principal === undefined) {
    return matchPrincipal(notPrincipal, who) === 'none' ? 'everyone' : 'none';
  }
  return 'none';
}
