/**
 * Enforcement: a request signed with a key of an IAM user in the state (or
 * with that user's GetSessionToken credentials) is evaluated against that
 * user's identity policies; a role session's against its role's; any other
 * key acts as the administrator. Which principals exist and what they may do
 * comes only from the state, so users and roles created through the API are
 * enforced exactly like the scenario's. Conditions see the request's context
 * (MFA, time, region, principal).
 */
import { AwsError } from '../errors';
import type { Authorizer, AuthorizationRequest, Principal } from '../identity';
import type { StateDocument } from '../state/document';
import { evaluate, type EvalDecision, type PolicySource } from './evaluator';
import { identityPolicies } from './principalPolicies';
import { requestContext } from './requestContext';

/**
 * AWS answers GetCallerIdentity and GetSessionToken for any authenticated
 * caller, whatever its policies say. AssumeRole is decided by STS itself,
 * against the role's ARN and its trust policy (policy/assumeRole.ts), since
 * this generic check only knows the resource `*`.
 */
const NOT_AUTHORIZED_HERE: ReadonlySet<string> = new Set([
  'sts:getcalleridentity',
  'sts:getsessiontoken',
  'sts:assumerole',
]);

/**
 * Resource-level ARNs are not modelled yet: every action is evaluated on `*`,
 * which is also what AWS reports for actions that have no resource type.
 */
export const EVALUATED_RESOURCE = '*';

/** The modern AWS wording (since 2021) that names why the request was refused. */
export function accessDeniedMessage(
  principalArn: string,
  action: string,
  resource: string,
  decision: Exclude<EvalDecision, 'allowed'>,
): string {
  const why =
    decision === 'explicitDeny'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${action} action`;
  return `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} ${why}`;
}

/** Each protocol family names the refusal differently; the router's service renders the envelope. */
export function accessDeniedError(action: string, message: string): AwsError {
  const prefix = action.slice(0, action.indexOf(':')).toLowerCase();
  switch (prefix) {
    case 'ec2':
      return new AwsError('UnauthorizedOperation', `You are not authorized to perform this operation. ${message}`, 403);
    case 'ssm':
      // awsJson services send AccessDeniedException with HTTP 400.
      return new AwsError('AccessDeniedException', message, 400);
    default:
      // awsQuery (iam, sts, elasticbeanstalk, rds), S3 and OpenSearch (renamed AccessDeniedException by restJson).
      return new AwsError('AccessDenied', message, 403);
  }
}

/** The identity policies of a user or role session; none for a principal that no longer exists (so, deny). */
export function principalIdentityPolicies(document: StateDocument, principal: Principal): PolicySource[] {
  switch (principal.kind) {
    case 'root':
      return [];
    case 'user': {
      const user = document.iam.users.find((candidate) => candidate.name === principal.userName);
      return user ? identityPolicies(document, user) : [];
    }
    case 'assumedRole': {
      const role = document.iam.roles.find((candidate) => candidate.id === principal.roleId);
      return role ? identityPolicies(document, role) : [];
    }
  }
}

export const policyAuthorizer: Authorizer = {
  authorize({ principal, action, document, at, region }: AuthorizationRequest): void {
    if (principal.kind === 'root') return;
    if (NOT_AUTHORIZED_HERE.has(action.toLowerCase())) return;
    const context = requestContext(principal, { at: at ?? new Date(), ...(region === undefined ? {} : { region }) });
    const evaluation = evaluate(principalIdentityPolicies(document, principal), action, EVALUATED_RESOURCE, context);
    if (evaluation.decision === 'allowed') return;
    throw accessDeniedError(
      action,
      accessDeniedMessage(principal.arn, action, EVALUATED_RESOURCE, evaluation.decision),
    );
  },
};
