/**
 * Whether a caller may assume a role, as AWS decides it within one account:
 *
 * - an explicit Deny for sts:AssumeRole on the role in the caller's identity
 *   policies, or in the role's trust policy, refuses;
 * - the trust policy must allow the caller (its Principal, and its Condition
 *   against the request: MFA, sts:ExternalId, …);
 * - an Allow that names the caller itself (its user ARN, or its role's or
 *   session's ARN) is enough on its own; one that names only the account
 *   (`arn:aws:iam::ACCOUNT:root`, the bare account id) or `*` delegates to the
 *   caller's identity policies, which must then allow sts:AssumeRole on the
 *   role's ARN.
 *
 * The sandbox's administrator (any unknown key) always passes the identity
 * half; AWS would refuse its real root user, but the sandbox's "root" is the
 * stand-in for an administrator, not a root login.
 */
import type { AwsError } from '../errors';
import type { Principal } from '../identity';
import { rootArn } from '../state/arns';
import type { RoleState, StateDocument } from '../state/document';
import { accessDeniedError, accessDeniedMessage, principalIdentityPolicies } from './authorizer';
import { evaluate, evaluateTrustPolicy } from './evaluator';
import type { PolicyCaller } from './principals';
import { requestContext, type RequestFacts } from './requestContext';

const ACTION = 'sts:AssumeRole';

export interface AssumeRoleCheck {
  readonly document: StateDocument;
  readonly principal: Principal;
  /** Undefined when the requested ARN names no role: AWS answers that exactly like a refusal. */
  readonly role: RoleState | undefined;
  /** The ARN the caller asked for, quoted back in the refusal. */
  readonly roleArn: string;
  readonly facts: RequestFacts;
}

function policyCaller(principal: Principal): PolicyCaller {
  switch (principal.kind) {
    case 'root':
      return { accountId: principal.accountId, names: [rootArn(principal.accountId)] };
    case 'user':
      return { accountId: principal.accountId, names: [principal.arn] };
    case 'assumedRole':
      return { accountId: principal.accountId, names: [principal.roleArn, principal.arn] };
  }
}

function refused(principal: Principal, roleArn: string, why: string): AwsError {
  return accessDeniedError(
    ACTION,
    `User: ${principal.arn} is not authorized to perform: ${ACTION} on resource: ${roleArn}${why}`,
  );
}

/** Returns the role when the caller may assume it; otherwise throws AWS's AccessDenied. */
export function authorizeAssumeRole(check: AssumeRoleCheck): RoleState {
  const { document, principal, role, roleArn, facts } = check;
  const context = requestContext(principal, facts);
  const identity =
    principal.kind === 'root'
      ? undefined
      : evaluate(principalIdentityPolicies(document, principal), ACTION, roleArn, context);
  if (identity?.decision === 'explicitDeny') {
    throw accessDeniedError(ACTION, accessDeniedMessage(principal.arn, ACTION, roleArn, 'explicitDeny'));
  }
  if (!role) throw refused(principal, roleArn, '');
  const trust = evaluateTrustPolicy(role.assumeRolePolicyDocument, ACTION, policyCaller(principal), context);
  if (trust.decision === 'explicitDeny') {
    throw refused(principal, roleArn, ' with an explicit deny in a resource-based policy');
  }
  if (trust.decision !== 'allowed') throw refused(principal, roleArn, '');
  if (trust.namesCaller || identity === undefined || identity.decision === 'allowed') return role;
  throw accessDeniedError(ACTION, accessDeniedMessage(principal.arn, ACTION, roleArn, identity.decision));
}
