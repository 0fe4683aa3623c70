/**
 * Enforcement: a request signed with a key of an IAM user in the state is
 * evaluated against that user's identity policies; any other key acts as the
 * administrator. Which users exist and what they may do comes only from the
 * state, so users created through the API are enforced exactly like the
 * scenario's.
 */
import { AwsError } from '../errors';
import type { Authorizer, AuthorizationRequest } from '../identity';
import { evaluate, type EvalDecision } from './evaluator';
import { identityPolicies } from './principalPolicies';

/** AWS answers these for any authenticated caller, whatever its policies say. */
const ALWAYS_ALLOWED: ReadonlySet<string> = new Set(['sts:getcalleridentity']);

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

export const policyAuthorizer: Authorizer = {
  authorize({ principal, action, document }: AuthorizationRequest): void {
    if (principal.kind !== 'user') return;
    if (ALWAYS_ALLOWED.has(action.toLowerCase())) return;
    const user = document.iam.users.find((candidate) => candidate.name === principal.userName);
    // resolvePrincipal already refused keys of missing users; no user here means no policies, so deny.
    const evaluation = evaluate(user ? identityPolicies(document, user) : [], action, EVALUATED_RESOURCE);
    if (evaluation.decision === 'allowed') return;
    throw accessDeniedError(
      action,
      accessDeniedMessage(principal.arn, action, EVALUATED_RESOURCE, evaluation.decision),
    );
  },
};
