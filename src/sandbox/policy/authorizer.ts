/**
 * Enforcement: a request signed with a key of an IAM user in the state (or
 * with that user's GetSessionToken credentials) is evaluated against that
 * user's identity policies and permissions boundary; a role session's against
 * its role's; any other key acts as the administrator. Which principals exist
 * and what they may do comes only from the state, so users and roles created
 * through the API are enforced exactly like the scenario's. Conditions see the
 * request's context (policy/requestContext.ts).
 */
import { authorize, type Authorization } from '../../shared/iam/evaluation';
import { AwsError } from '../errors';
import type { Authorizer, AuthorizationRequest } from '../identity';
import { principalPolicies } from './principalPolicies';
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
 * What an action is judged on when the request names no resource: AWS reports
 * `*` for actions that have no resource type (ListRoles, DescribeParameters).
 */
export const EVALUATED_RESOURCE = '*';

/** Why a request was refused, in AWS's modern (since 2021) words. */
export function refusalReason(action: string, evaluation: Authorization): string {
  if (evaluation.decision === 'explicitDeny') {
    const from = new Set(evaluation.matchedStatements.map((statement) => statement.policyType));
    const where = from.has('identity')
      ? 'an identity-based policy'
      : from.has('boundary')
        ? 'a permissions boundary'
        : 'a resource-based policy';
    return `with an explicit deny in ${where}`;
  }
  if (evaluation.identityDecision === 'allowed' && evaluation.boundaryDecision !== undefined) {
    return `because no permissions boundary allows the ${action} action`;
  }
  return `because no identity-based policy allows the ${action} action`;
}

export function accessDeniedMessage(principalArn: string, action: string, resource: string, reason: string): string {
  return `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} ${reason}`;
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
  authorize({ principal, action, resources, document, at, region, sourceIp }: AuthorizationRequest): void {
    if (principal.kind === 'root') return;
    if (NOT_AUTHORIZED_HERE.has(action.toLowerCase())) return;
    const policies = principalPolicies(document, principal);
    const context = requestContext(principal, {
      at: at ?? new Date(),
      tags: policies.tags,
      ...(region === undefined ? {} : { region }),
      ...(sourceIp === undefined ? {} : { sourceIp }),
    });
    // A request on several resources (GetParameters with three names) needs every one; the first refused is named.
    for (const resource of resources?.length ? resources : [EVALUATED_RESOURCE]) {
      const evaluation = authorize({
        action,
        resource,
        context,
        identityPolicies: policies.identityPolicies,
        ...(policies.boundaryPolicies ? { boundaryPolicies: policies.boundaryPolicies } : {}),
      });
      if (evaluation.decision === 'allowed') continue;
      throw accessDeniedError(
        action,
        accessDeniedMessage(principal.arn, action, resource, refusalReason(action, evaluation)),
      );
    }
  },
};
