/**
 * The request context of a sandbox request, from the request itself: who
 * signed it, when on the sandbox clock, for which region, from which address,
 * over which transport, with or without MFA.
 *
 * The sandbox can state every global key (`aws:…`) as a fact: one it does
 * not set is absent from its requests (no VPC endpoint, no organization, no
 * service acting on the caller's behalf). Only the keys that describe the
 * resource or the request's payload (tags, user agent) are unknown, as are
 * service keys (`s3:prefix`) unless the operation supplies them; conditions on
 * those cannot be decided, and the evaluator errs towards refusing.
 */
import type { ContextValue, RequestContext } from '../../shared/iam/requestContext';
import type { Principal } from '../identity';
import { isoSeconds } from '../protocols/xml';
import type { TagState } from '../state/document';

/** The sandbox listens on plain HTTP on loopback only. */
export const LOOPBACK = '127.0.0.1';

const UNKNOWN_GLOBAL_KEYS = [
  'aws:resourcetag/',
  'aws:requesttag/',
  'aws:tagkeys',
  'aws:useragent',
  'aws:referer',
  'aws:resourceaccount',
  'aws:resourceorgid',
  'aws:resourceorgpaths',
];

export interface RequestFacts {
  readonly at: Date;
  readonly region?: string;
  /** The caller's address; `::ffff:`-mapped IPv4 reads as plain IPv4, as AWS reports it. */
  readonly sourceIp?: string;
  /** Service keys the operation itself supplies, e.g. `sts:ExternalId`; an undefined value is a known absence. */
  readonly serviceKeys?: Readonly<Record<string, string | undefined>>;
  /** MFA proven by this very request (AssumeRole or GetSessionToken with SerialNumber and TokenCode). */
  readonly mfaProvenAt?: number;
  /** The user's or role's tags, for aws:PrincipalTag/…. */
  readonly tags?: readonly TagState[];
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

function sourceAddress(address: string | undefined): string {
  if (address === undefined) return LOOPBACK;
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
}

export function requestContext(principal: Principal, facts: RequestFacts): RequestContext {
  const values = new Map<string, ContextValue>();
  const set = (key: string, value: string | undefined): void => {
    if (value !== undefined) values.set(key.toLowerCase(), value);
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
  set('aws:PrincipalIsAWSService', 'false');
  set('aws:ViaAWSService', 'false');
  set('aws:userid', principal.userId);
  if (principal.kind === 'user') set('aws:username', principal.userName);
  set('aws:CurrentTime', isoSeconds(facts.at));
  set('aws:EpochTime', String(Math.floor(at / 1000)));
  set('aws:RequestedRegion', facts.region);
  set('aws:SourceIp', sourceAddress(facts.sourceIp));
  set('aws:SecureTransport', 'false');
  if (session) set('aws:TokenIssueTime', isoSeconds(new Date(session.issuedAt)));
  for (const tag of facts.tags ?? []) set(`aws:PrincipalTag/${tag.key}`, tag.value);

  const serviceKeys = new Set<string>();
  for (const [key, value] of Object.entries(facts.serviceKeys ?? {})) {
    serviceKeys.add(key.toLowerCase());
    set(key, value);
  }
  const absent = (key: string): boolean =>
    serviceKeys.has(key) ||
    (key.startsWith('aws:') &&
      !(key === 'aws:requestedregion' && facts.region === undefined) &&
      !UNKNOWN_GLOBAL_KEYS.some((prefix) => key.startsWith(prefix)));
  return { values, absent };
}
