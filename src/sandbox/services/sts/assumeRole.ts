/**
 * AssumeRole: MFA when the caller offers it, the trust policy and the caller's
 * own policies (policy/assumeRole.ts), the duration against the role's
 * MaxSessionDuration (and the one-hour limit for role chaining), then a
 * session that acts as the role.
 */
import { AwsError, validationError } from '../../errors';
import { assumedRoleArn } from '../../identity';
import { authorizeAssumeRole } from '../../policy/assumeRole';
import type { QueryAction } from '../../protocols/awsQuery';
import { isoSeconds } from '../../protocols/xml';
import { iamArn } from '../../state/arns';
import { proveMfa } from './mfa';
import {
  assumeRoleDurationRule,
  CHAINED_SESSION_MAX_SECONDS,
  DEFAULT_ROLE_SESSION_SECONDS,
  externalIdRule,
  roleArnRule,
  roleSessionNameRule,
  serialNumberRule,
  tokenCodeRule,
} from './rules';
import { credentialsXml, issueSession } from './sessions';

/** Session policies would narrow the session; ignoring them would silently widen it, so they are refused. */
function refuseSessionPolicies(names: readonly string[]): void {
  if (names.some((name) => name === 'Policy' || name.startsWith('PolicyArns.'))) {
    throw new AwsError(
      'ValidationError',
      'The Trellis sandbox does not model session policies (Policy, PolicyArns); assume the role without them.',
      400,
    );
  }
}

export const assumeRole: QueryAction = (params, { store, principal, now, region, sourceIp }) => {
  const roleArn = params.requiredString('RoleArn', roleArnRule);
  const sessionName = params.requiredString('RoleSessionName', roleSessionNameRule);
  const requested = params.integer('DurationSeconds', assumeRoleDurationRule);
  const externalId = params.string('ExternalId', externalIdRule);
  const serialNumber = params.string('SerialNumber', serialNumberRule);
  const tokenCode = params.string('TokenCode', tokenCodeRule);
  refuseSessionPolicies(params.names());
  const at = now();

  return store.mutate((draft) => {
    const mfaProvenAt = proveMfa(draft, principal, serialNumber, tokenCode, at);
    const role = authorizeAssumeRole({
      document: draft,
      principal,
      role: draft.iam.roles.find(
        (candidate) => iamArn(draft.account, 'role', candidate.path, candidate.name) === roleArn,
      ),
      roleArn,
      facts: {
        at,
        region,
        ...(sourceIp === undefined ? {} : { sourceIp }),
        serviceKeys: { 'sts:ExternalId': externalId, 'sts:RoleSessionName': sessionName },
        ...(mfaProvenAt === undefined ? {} : { mfaProvenAt }),
      },
    });
    const chained = principal.kind === 'assumedRole';
    if (requested !== undefined && requested > role.maxSessionDuration) {
      throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    }
    if (chained && requested !== undefined && requested > CHAINED_SESSION_MAX_SECONDS) {
      throw validationError(
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      );
    }
    const mfaAuthenticatedAt = mfaProvenAt ?? principal.session?.mfaAuthenticatedAt;
    const issued = issueSession(
      draft,
      { kind: 'role', role, sessionName },
      {
        at,
        durationSeconds: requested ?? DEFAULT_ROLE_SESSION_SECONDS,
        ...(mfaAuthenticatedAt === undefined ? {} : { mfaAuthenticatedAt }),
      },
    );
    role.lastUsed = { date: isoSeconds(at), region };
    return {
      Credentials: credentialsXml(issued),
      AssumedRoleUser: {
        AssumedRoleId: `${role.id}:${sessionName}`,
        Arn: assumedRoleArn(draft.account, role.name, sessionName),
      },
    };
  });
};
