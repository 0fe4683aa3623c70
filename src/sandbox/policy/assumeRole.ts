/**
 * Whether a caller may assume a role, as AWS decides it: the role's trust
 * policy is the resource-based policy of the request, evaluated with the
 * caller's identity policies and permissions boundary by the shared evaluator.
 *
 * - an explicit Deny for sts:AssumeRole on the role, in the caller's policies
 *   or in the trust policy, refuses;
 * - the trust policy must allow the caller, its Condition read against the
 *   request (MFA, sts:ExternalId, aws:SourceIp, …);
 * - an Allow that names the caller itself (its user ARN, its role's or
 *   session's ARN, or everyone) is enough on its own within the account; one
 *   that names only the account delegates to the caller's identity policies,
 *   which must then allow sts:AssumeRole on the role's ARN.
 *
 * The sandbox's administrator (any unknown key) always passes the identity
 * half; AWS would refuse its real root user, but the sandbox's "root" is the
 * stand-in for an administrator, not a root login.
 */
import { authorize } from '../../shared/iam/evaluation';
import type { RequestPrincipal } from '../../shared/iam/principals';
import type { AwsError } from '../errors';
import type { Principal } from '../identity';
import type { RoleState, StateDocument } from '../state/document';
import { accessDeniedError, accessDeniedMessage, refusalReason } from './authorizer';
import { principalPolicies } from './principalPolicies';
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

/** The caller as a trust policy sees it; the administrator stands for its account's root. */
export function requestPrincipal(principal: Principal): RequestPrincipal {
  switch (principal.kind) {
    case 'root':
      return { arn: principal.arn, accountId: principal.accountId };
    case 'user':
      return { arn: principal.arn, accountId: principal.accountId };
    case 'assumedRole':
      return { arn: principal.arn, accountId: principal.accountId, roleArn: principal.roleArn };
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
  const policies = principalPolicies(document, principal);
  const context = requestContext(principal, { ...facts, tags: policies.tags });
  const admin = principal.kind === 'root';
  // The administrator's identity half always passes: it stands for an administrator's policies.
  const identityPolicies = admin
    ? [
        {
          id: 'AdministratorAccess',
          document: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}',
        },
      ]
    : policies.identityPolicies;
  const evaluate = (resourcePolicy?: RoleState) =>
    authorize({
      action: ACTION,
      resource: roleArn,
      context,
      principal: requestPrincipal(principal),
      resourceAccount: document.account.id,
      identityPolicies,
      ...(policies.boundaryPolicies ? { boundaryPolicies: policies.boundaryPolicies } : {}),
      ...(resourcePolicy
        ? {
            resourcePolicy: {
              policy: { id: 'trust policy', document: resourcePolicy.assumeRolePolicyDocument },
              kind: 'trust' as const,
            },
          }
        : {}),
    });
  const evaluation = evaluate(role);
  if (evaluation.decision === 'allowed' && role) return role;
  // The caller's own Deny is named first, even for a role that does not exist.
  if (evaluation.decision === 'explicitDeny' && evaluation.matchedStatements.some((s) => s.policyType !== 'resource')) {
    throw accessDeniedError(
      ACTION,
      accessDeniedMessage(principal.arn, ACTION, roleArn, refusalReason(ACTION, evaluation)),
    );
  }
  if (!role || evaluation.decision === 'explicitDeny') {
    throw refused(principal, roleArn, role ? ' with an explicit deny in a resource-based policy' : '');
  }
  // A trust policy that does not let the caller in says nothing more; one that delegates to the account names the gap.
  if (evaluation.resourceDecision !== 'allowed') throw refused(principal, roleArn, '');
  throw accessDeniedError(
    ACTION,
    accessDeniedMessage(principal.arn, ACTION, roleArn, refusalReason(ACTION, evaluation)),
  );
}
