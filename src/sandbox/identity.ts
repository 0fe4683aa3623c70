/**
 * Who is calling. The sandbox resolves a principal per request from the access
 * key id (and, for temporary credentials, the session token):
 *
 * - a key that belongs to an IAM user in the state acts as that user;
 * - an ASIA key issued by STS acts as its session: an assumed role
 *   (AssumeRole), or the user or administrator that called GetSessionToken;
 *   past its expiry on the sandbox clock it is refused with ExpiredToken;
 * - a key deleted through DeleteAccessKey, or deactivated, is refused as AWS refuses it;
 * - any other key acts as the account's root (the administrator).
 *
 * Authorization is a separate, pluggable step (`Authorizer`); the router uses
 * the policy evaluator (policy/authorizer.ts) unless told otherwise.
 */
import { createHash } from 'node:crypto';
import { AwsError } from './errors';
import { type AccountRef, iamArn, partitionOfAccount, rootArn } from './state/arns';
import type { StateDocument, StsSessionState } from './state/document';

/** What temporary credentials add to a principal: when they end, and whether MFA was proven for them. */
export interface SessionFacts {
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly mfaAuthenticatedAt?: number;
}

export type Principal =
  | {
      readonly kind: 'root';
      readonly accountId: string;
      readonly arn: string;
      readonly userId: string;
      readonly session?: SessionFacts;
    }
  | {
      readonly kind: 'user';
      readonly accountId: string;
      readonly arn: string;
      readonly userId: string;
      readonly userName: string;
      readonly accessKeyId: string;
      /** Present for GetSessionToken credentials, which act as the user. */
      readonly session?: SessionFacts;
    }
  | {
      readonly kind: 'assumedRole';
      readonly accountId: string;
      /** `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`, as AWS names it in GetCallerIdentity and AccessDenied. */
      readonly arn: string;
      /** `AROA…:SESSION`. */
      readonly userId: string;
      readonly roleId: string;
      readonly roleName: string;
      /** The role's IAM ARN, with its path. */
      readonly roleArn: string;
      readonly sessionName: string;
      readonly accessKeyId: string;
      readonly session: SessionFacts;
    };

export interface AuthorizationRequest {
  readonly principal: Principal;
  /** `service:Operation`, as in IAM policies, e.g. `iam:AttachRolePolicy`. */
  readonly action: string;
  /** The ARNs the request acts on; none means `*`. */
  readonly resources?: readonly string[];
  readonly document: StateDocument;
  /** When the request happened on the sandbox clock, for aws:CurrentTime and MFA age conditions. */
  readonly at?: Date;
  /** The region the request was signed for (aws:RequestedRegion). */
  readonly region?: string;
  /** The address the request came from (aws:SourceIp); the sandbox listens on loopback only. */
  readonly sourceIp?: string;
}

export interface Authorizer {
  /** Throws an AccessDenied AwsError to refuse. */
  authorize(request: AuthorizationRequest): void;
}

export interface PresentedCredentials {
  readonly accessKeyId: string;
  /** X-Amz-Security-Token, from the header or a presigned URL's query. */
  readonly sessionToken: string | undefined;
  /** The signing name, because each protocol family words a refused credential its own way. */
  readonly service: string;
  readonly at: Date;
}

/**
 * Each service family refuses a bad or expired credential with its own code,
 * status and wording. `unknown-key` is a long-term key AWS no longer accepts
 * (deleted or deactivated), which S3 words differently from a bad session token.
 */
export function credentialRejected(service: string, reason: 'expired' | 'invalid' | 'unknown-key'): AwsError {
  const expired = reason === 'expired';
  switch (service) {
    case 'ec2':
      return expired
        ? new AwsError('RequestExpired', 'Request has expired.', 400)
        : new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
    case 's3':
      if (reason === 'unknown-key') {
        return new AwsError(
          'InvalidAccessKeyId',
          'The AWS Access Key Id you provided does not exist in our records.',
          403,
        );
      }
      return expired
        ? new AwsError('ExpiredToken', 'The provided token has expired.', 400)
        : new AwsError('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400);
    case 'ssm':
    case 'logs':
      return expired
        ? new AwsError('ExpiredTokenException', 'The security token included in the request is expired', 400)
        : new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.', 400);
    case 'es':
      return expired
        ? new AwsError('ExpiredTokenException', 'The security token included in the request is expired', 403)
        : new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403);
    default:
      // awsQuery: IAM, STS, Elastic Beanstalk, RDS.
      return expired
        ? new AwsError('ExpiredToken', 'The security token included in the request is expired', 403)
        : new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  }
}

export function sessionTokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function assumedRoleArn(account: AccountRef, roleName: string, sessionName: string): string {
  return `arn:${partitionOfAccount(account)}:sts::${account.id}:assumed-role/${roleName}/${sessionName}`;
}

/** A user acting through a key: its own long-term key, or GetSessionToken's session. A deleted user's keys die with it. */
function userPrincipal(
  document: StateDocument,
  userName: string,
  accessKeyId: string,
  service: string,
  session?: SessionFacts,
): Principal {
  const accountId = document.account.id;
  const user = document.iam.users.find((candidate) => candidate.name === userName);
  if (!user) throw credentialRejected(service, 'invalid');
  return {
    kind: 'user',
    accountId,
    arn: iamArn(document.account, 'user', user.path, user.name),
    userId: user.id,
    userName: user.name,
    accessKeyId,
    ...(session === undefined ? {} : { session }),
  };
}

function sessionPrincipal(document: StateDocument, session: StsSessionState, service: string): Principal {
  const accountId = document.account.id;
  const facts: SessionFacts = {
    issuedAt: session.issuedAt,
    expiresAt: session.expiresAt,
    ...(session.mfaAuthenticatedAt === undefined ? {} : { mfaAuthenticatedAt: session.mfaAuthenticatedAt }),
  };
  switch (session.kind) {
    case 'root':
      return { kind: 'root', accountId, arn: rootArn(document.account), userId: accountId, session: facts };
    case 'user':
      return userPrincipal(document, session.userName, session.accessKeyId, service, facts);
    case 'role':
      // A session outlives its role's deletion in name only: with the role gone it has no policies (authorizer).
      return {
        kind: 'assumedRole',
        accountId,
        arn: assumedRoleArn(document.account, session.roleName, session.sessionName),
        userId: `${session.roleId}:${session.sessionName}`,
        roleId: session.roleId,
        roleName: session.roleName,
        roleArn: session.roleArn,
        sessionName: session.sessionName,
        accessKeyId: session.accessKeyId,
        session: facts,
      };
  }
}

export function resolvePrincipal(document: StateDocument, credentials: PresentedCredentials): Principal {
  const { accessKeyId, sessionToken, service, at } = credentials;
  const accountId = document.account.id;
  if (accessKeyId.startsWith('ASIA')) {
    // Temporary keys are never "unknown, so administrator": a pruned or made-up session key must not escalate.
    const session = document.sts.sessions.find((candidate) => candidate.accessKeyId === accessKeyId);
    if (!session || sessionToken === undefined || sessionTokenDigest(sessionToken) !== session.tokenSha256) {
      throw credentialRejected(service, 'invalid');
    }
    if (at.getTime() >= session.expiresAt) throw credentialRejected(service, 'expired');
    return sessionPrincipal(document, session, service);
  }
  const key = document.iam.accessKeys.find((candidate) => candidate.accessKeyId === accessKeyId);
  // AWS refuses a deleted or deactivated key outright; falling back to root would turn "rotate" into an escalation.
  if (!key && document.iam.deletedAccessKeyIds?.includes(accessKeyId)) throw credentialRejected(service, 'unknown-key');
  if (!key) return { kind: 'root', accountId, arn: rootArn(document.account), userId: accountId };
  if (key.status !== 'Active') throw credentialRejected(service, 'unknown-key');
  return userPrincipal(document, key.userName, accessKeyId, service);
}
