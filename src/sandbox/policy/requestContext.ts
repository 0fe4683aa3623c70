/**
 * The request context that Condition blocks are evaluated against: the global
 * keys the sandbox can state as facts about a caller and a request. A key
 * listed in KNOWN_KEYS but missing from a context is absent from the request
 * (as aws:MultiFactorAuthPresent is for long-term keys); keys not listed (for
 * example aws:SourceIp) are ones the sandbox does not model.
 */
import type { Principal } from '../identity';
import { isoSeconds } from '../protocols/xml';
import type { ConditionContext } from './conditions';

const GLOBAL_KEYS = [
  'aws:MultiFactorAuthPresent',
  'aws:MultiFactorAuthAge',
  'aws:PrincipalArn',
  'aws:PrincipalAccount',
  'aws:PrincipalType',
  'aws:userid',
  'aws:username',
  'aws:CurrentTime',
  'aws:EpochTime',
  'aws:RequestedRegion',
  'aws:SecureTransport',
  'aws:TokenIssueTime',
] as const;

export interface RequestFacts {
  readonly at: Date;
  readonly region?: string;
  /** Service keys the operation itself supplies, e.g. `sts:ExternalId`; an undefined value is a known absence. */
  readonly serviceKeys?: Readonly<Record<string, string | undefined>>;
  /** MFA proven by this very request (AssumeRole or GetSessionToken with SerialNumber and TokenCode). */
  readonly mfaProvenAt?: number;
}

function principalArn(principal: Principal): string {
  return principal.kind === 'assumedRole' ? principal.roleArn : principal.arn;
}

function principalType(principal: Principal): string {
  switch (principal.kind) {
    case 'root':
      return 'Account';
    case 'user':
      return 'User';
    case 'assumedRole':
      return 'AssumedRole';
  }
}

export function requestContext(principal: Principal, facts: RequestFacts): ConditionContext {
  const values = new Map<string, readonly string[]>();
  const set = (key: string, value: string | undefined): void => {
    if (value !== undefined) values.set(key.toLowerCase(), [value]);
  };
  const at = facts.at.getTime();
  const session = principal.session;
  const mfaAt = facts.mfaProvenAt ?? session?.mfaAuthenticatedAt;
  // Long-term keys carry no MFA context at all; temporary ones say whether MFA was used.
  if (mfaAt !== undefined) set('aws:MultiFactorAuthPresent', 'true');
  else if (session) set('aws:MultiFactorAuthPresent', 'false');
  if (mfaAt !== undefined) set('aws:MultiFactorAuthAge', String(Math.max(0, Math.floor((at - mfaAt) / 1000))));
  set('aws:PrincipalArn', principalArn(principal));
  set('aws:PrincipalAccount', principal.accountId);
  set('aws:PrincipalType', principalType(principal));
  set('aws:userid', principal.userId);
  if (principal.kind === 'user') set('aws:username', principal.userName);
  set('aws:CurrentTime', isoSeconds(facts.at));
  set('aws:EpochTime', String(Math.floor(at / 1000)));
  set('aws:RequestedRegion', facts.region);
  // The sandbox listens on plain HTTP on loopback.
  set('aws:SecureTransport', 'false');
  if (session) set('aws:TokenIssueTime', isoSeconds(new Date(session.issuedAt)));

  const known = new Set<string>(GLOBAL_KEYS.map((key) => key.toLowerCase()));
  if (facts.region === undefined) known.delete('aws:requestedregion');
  for (const [key, value] of Object.entries(facts.serviceKeys ?? {})) {
    known.add(key.toLowerCase());
    set(key, value);
  }
  return { values, known };
}
