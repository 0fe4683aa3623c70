/**
 * GetSessionToken: temporary credentials that act as the calling user (or the
 * administrator), optionally with MFA proven, which is how policies that
 * require MFA are satisfied without assuming a role.
 */
import { AwsError } from '../../errors';
import type { QueryAction } from '../../protocols/awsQuery';
import { proveMfa } from './mfa';
import {
  DEFAULT_SESSION_TOKEN_SECONDS,
  ROOT_SESSION_MAX_SECONDS,
  serialNumberRule,
  sessionTokenDurationRule,
  tokenCodeRule,
} from './rules';
import { credentialsXml, issueSession, type SessionSubject } from './sessions';

export const getSessionToken: QueryAction = (params, { store, principal, now }) => {
  const requested = params.integer('DurationSeconds', sessionTokenDurationRule) ?? DEFAULT_SESSION_TOKEN_SECONDS;
  const serialNumber = params.string('SerialNumber', serialNumberRule);
  const tokenCode = params.string('TokenCode', tokenCodeRule);
  if (principal.session) {
    throw new AwsError('AccessDenied', 'Cannot call GetSessionToken with session credentials', 403);
  }
  const at = now();
  // Role sessions always carry `session`, so only long-term callers reach here.
  const subject: SessionSubject =
    principal.kind === 'user' ? { kind: 'user', userName: principal.userName } : { kind: 'root' };
  // AWS shortens the account owner's sessions to an hour rather than refusing a longer request.
  const durationSeconds = subject.kind === 'root' ? Math.min(requested, ROOT_SESSION_MAX_SECONDS) : requested;
  return store.mutate((draft) => {
    const mfaAuthenticatedAt = proveMfa(draft, principal, serialNumber, tokenCode, at);
    const issued = issueSession(draft, subject, {
      at,
      durationSeconds,
      ...(mfaAuthenticatedAt === undefined ? {} : { mfaAuthenticatedAt }),
    });
    return { Credentials: credentialsXml(issued) };
  });
};
