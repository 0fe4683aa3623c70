/**
 * Who is calling. The sandbox resolves a principal per request from the access
 * key id: a key that belongs to an IAM user in the state acts as that user; any
 * other key acts as the account's root (the administrator).
 *
 * Authorization is a separate, pluggable step (`Authorizer`); the router uses
 * the policy evaluator (policy/authorizer.ts) unless told otherwise.
 */
import { AwsError } from './errors';
import { iamArn, rootArn } from './state/arns';
import type { StateDocument } from './state/document';

export type Principal =
  | { readonly kind: 'root'; readonly accountId: string; readonly arn: string; readonly userId: string }
  | {
      readonly kind: 'user';
      readonly accountId: string;
      readonly arn: string;
      readonly userId: string;
      readonly userName: string;
      readonly accessKeyId: string;
    };

export interface AuthorizationRequest {
  readonly principal: Principal;
  /** `service:Operation`, as in IAM policies, e.g. `iam:AttachRolePolicy`. */
  readonly action: string;
  readonly document: StateDocument;
}

export interface Authorizer {
  /** Throws an AccessDenied AwsError to refuse. */
  authorize(request: AuthorizationRequest): void;
}

export function resolvePrincipal(document: StateDocument, accessKeyId: string): Principal {
  const accountId = document.account.id;
  const key = document.iam.accessKeys.find((candidate) => candidate.accessKeyId === accessKeyId);
  if (!key) return { kind: 'root', accountId, arn: rootArn(accountId), userId: accountId };
  if (key.status !== 'Active') {
    // AWS refuses a deactivated key outright; falling back to root would turn "deactivate" into an escalation.
    throw new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  }
  const user = document.iam.users.find((candidate) => candidate.name === key.userName);
  if (!user) {
    throw new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  }
  return {
    kind: 'user',
    accountId,
    arn: iamArn(accountId, 'user', user.path, user.name),
    userId: user.id,
    userName: user.name,
    accessKeyId,
  };
}
