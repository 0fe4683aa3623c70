/**
 * The shared evaluator's own behaviour, case by case, where AWS's reference is
 * specific: operators and qualifiers, IPv4 and IPv6 ranges, policy variables
 * and their escapes, boundaries, resource policies in and across accounts, and
 * the keys a request lacked. A made-up bakery account, unlike the lab's.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCondition } from '../../../src/shared/iam/conditions';
import { authorize, type AuthorizationRequest } from '../../../src/shared/iam/evaluation';
import { blockContains, parseAddress, parseCidr } from '../../../src/shared/iam/ipAddress';
import { contextOf, type ContextValue } from '../../../src/shared/iam/requestContext';
import { arnMatches } from '../../../src/shared/iam/wildcards';

const ACCOUNT = '135792468024';
const PARTNER = '246801357913';
const BAKER = `arn:aws:iam::${ACCOUNT}:user/bakers/odile`;
const OVEN_ROLE = `arn:aws:iam::${ACCOUNT}:role/Oven`;
const OVEN_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/Oven/batch-7`;
const RECIPES = 'arn:aws:s3:::bakery-recipes/bread/sourdough.md';

const policy = (id: string, ...statements: object[]) => ({
  id,
  document: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
});
const holds = (condition: object, values: Record<string, ContextValue>) =>
  evaluateCondition(condition, { context: contextOf(values), variables: true });

function decide(over: Omit<Partial<AuthorizationRequest>, 'context'> & { context?: Record<string, ContextValue> }) {
  const { context, ...rest } = over;
  return authorize({
    action: 's3:GetObject',
    resource: RECIPES,
    identityPolicies: [],
    principal: { arn: BAKER, accountId: ACCOUNT },
    ...rest,
    context: contextOf(context ?? {}),
  });
}

describe('IP addresses', () => {
  it('matches IPv4 and IPv6 ranges, bare addresses, /0, and never across families', () => {
    const inRange = (cidr: string, ip: string) => blockContains(parseCidr(cidr)!, parseAddress(ip)!);
    expect(inRange('203.0.113.0/24', '203.0.113.200')).toBe(true);
    expect(inRange('203.0.113.0/24', '203.0.114.1')).toBe(false);
    expect(inRange('0.0.0.0/0', '198.51.100.9')).toBe(true);
    expect(inRange('198.51.100.9', '198.51.100.9')).toBe(true);
    expect(inRange('2001:db8::/32', '2001:db8:ffff::1')).toBe(true);
    expect(inRange('2001:db8::/32', '2001:db9::1')).toBe(false);
    expect(inRange('::/0', '::1')).toBe(true);
    expect(inRange('::ffff:0:0/96', '::ffff:192.0.2.1')).toBe(true);
    expect(inRange('0.0.0.0/0', '::1')).toBe(false);
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('2001:db8::1::2')).toBeUndefined();
    expect(parseAddress('256.1.1.1')).toBeUndefined();
  });

  it('IpAddress and NotIpAddress read aws:SourceIp, an IPv6 caller being outside every IPv4 range', () => {
    expect(
      holds({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '127.0.0.0/8'] } }, { 'aws:SourceIp': '127.0.0.1' }),
    ).toBe('true');
    expect(holds({ NotIpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, { 'aws:SourceIp': '127.0.0.1' })).toBe('false');
    expect(holds({ NotIpAddress: { 'aws:SourceIp': '203.0.113.7' } }, { 'aws:SourceIp': '2001:db8::7' })).toBe('true');
    expect(holds({ IpAddress: { 'aws:SourceIp': '::1/128' } }, { 'aws:SourceIp': '::1' })).toBe('true');
  });
});

describe('condition operators', () => {
  it('compares dates given as ISO 8601 or epoch seconds as the same instant', () => {
    const at = { 'aws:CurrentTime': '2027-01-01T00:00:00Z' };
    expect(holds({ DateEquals: { 'aws:CurrentTime': '1798761600' } }, at)).toBe('true');
    expect(holds({ DateLessThan: { 'aws:CurrentTime': '1798761601' } }, at)).toBe('true');
    expect(holds({ DateGreaterThan: { 'aws:CurrentTime': '2026-12-31' } }, at)).toBe('true');
  });

  it('Bool, numbers and binary compare by value; malformed values match nothing', () => {
    expect(holds({ Bool: { 'aws:SecureTransport': 'FALSE' } }, { 'aws:SecureTransport': 'false' })).toBe('true');
    expect(holds({ Bool: { 'aws:SecureTransport': 'yes' } }, { 'aws:SecureTransport': 'true' })).toBe('false');
    expect(
      holds({ NumericLessThanEquals: { 'aws:MultiFactorAuthAge': '3600.0' } }, { 'aws:MultiFactorAuthAge': '3600' }),
    ).toBe('true');
    expect(holds({ NumericEquals: { 'aws:MultiFactorAuthAge': 'abc' } }, { 'aws:MultiFactorAuthAge': '1' })).toBe(
      'false',
    );
    expect(holds({ BinaryEquals: { 'aws:PrincipalTag/seal': 'QUJD' } }, { 'aws:PrincipalTag/seal': 'QUJD' })).toBe(
      'true',
    );
  });

  it('matches ARNs segment by segment: a wildcard cannot swallow a colon', () => {
    expect(arnMatches('arn:aws:iam::*:role/*', OVEN_ROLE)).toBe(true);
    expect(arnMatches('arn:aws:s3:::*', 'arn:aws:s3:us-east-1::bakery')).toBe(false);
    expect(arnMatches('arn:aws:s3:::bakery-*/bread/*', RECIPES)).toBe(true);
    expect(
      holds({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/bakers/*' } }, { 'aws:PrincipalArn': BAKER }),
    ).toBe('false');
  });

  it('applies IfExists, Null and the set qualifiers to a missing or multivalued key', () => {
    const tags = { 'aws:TagKeys': ['flour', 'yeast'] };
    expect(holds({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['flour', 'yeast', 'salt'] } }, tags)).toBe('true');
    expect(holds({ 'ForAnyValue:StringLike': { 'aws:TagKeys': 'ye*' } }, tags)).toBe('true');
    expect(holds({ 'ForAllValues:StringEquals': { 'aws:TagKeys': 'flour' } }, {})).toBe('true');
    expect(holds({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'flour' } }, {})).toBe('false');
    // AWS's IfExists rule holds after a qualifier too (iam-simulate disagrees; see iamSimulateComparison).
    expect(holds({ 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': 'flour' } }, {})).toBe('true');
    // A single-valued operator on a multivalued key matches nothing, negated or not.
    expect(holds({ StringEquals: { 'aws:TagKeys': 'flour' } }, tags)).toBe('false');
    expect(holds({ StringNotEquals: { 'aws:TagKeys': 'salt' } }, tags)).toBe('false');
    expect(holds({ StringNotEquals: { 'aws:username': 'odile' } }, {})).toBe('true');
    expect(holds({ StringEqualsIfExists: { 'aws:username': 'odile' } }, {})).toBe('true');
    expect(holds({ Null: { 'aws:username': 'true' } }, {})).toBe('true');
    expect(holds({ Null: { 'aws:username': 'false' } }, { 'aws:username': 'odile' })).toBe('true');
  });
});

describe('policy variables', () => {
  const ownFolder = policy('OwnFolder', {
    Effect: 'Allow',
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::bakery-recipes/${aws:PrincipalTag/section}/*',
  });

  it('substitutes ${aws:username} and ${aws:PrincipalTag/…} in Resource and in conditions', () => {
    expect(decide({ identityPolicies: [ownFolder], context: { 'aws:PrincipalTag/section': 'bread' } }).decision).toBe(
      'allowed',
    );
    expect(decide({ identityPolicies: [ownFolder], context: { 'aws:PrincipalTag/section': 'cakes' } }).decision).toBe(
      'implicitDeny',
    );
    expect(
      holds(
        { StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } },
        { 'aws:username': 'odile', 'aws:PrincipalTag/owner': 'odile' },
      ),
    ).toBe('true');
  });

  it('reports a variable the request lacks as missing, and the element then matches nothing', () => {
    const result = decide({ identityPolicies: [ownFolder] });
    expect(result.decision).toBe('implicitDeny');
    expect(result.missingContextKeys).toEqual(['aws:PrincipalTag/section']);
  });

  it('reads ${*}, ${?} and ${$} as literal characters and a default after a comma', () => {
    expect(
      holds({ StringEquals: { 'aws:PrincipalTag/mark': 'a${*}b${?}${$}' } }, { 'aws:PrincipalTag/mark': 'a*b?$' }),
    ).toBe('true');
    expect(holds({ StringLike: { 'aws:PrincipalTag/mark': 'a${*}b' } }, { 'aws:PrincipalTag/mark': 'axxb' })).toBe(
      'false',
    );
    expect(
      holds(
        { StringEquals: { 'aws:PrincipalTag/mark': "${aws:username, 'guest'}" } },
        { 'aws:PrincipalTag/mark': 'guest' },
      ),
    ).toBe('true');
  });

  it('leaves ${…} alone in a policy without Version 2012-10-17', () => {
    const old = {
      id: 'Old',
      document: JSON.stringify({
        Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bakery-recipes/${aws:username}' },
      }),
    };
    const result = decide({ identityPolicies: [old], resource: 'arn:aws:s3:::bakery-recipes/${aws:username}' });
    expect(result.decision).toBe('allowed');
    expect(result.missingContextKeys).toEqual([]);
  });
});

describe('evaluation across policy types', () => {
  const readAll = policy('ReadAll', { Sid: 'Read', Effect: 'Allow', Action: 's3:Get*', Resource: '*' });
  const onlyCakes = policy('OnlyCakes', {
    Effect: 'Allow',
    Action: 's3:*',
    Resource: 'arn:aws:s3:::bakery-recipes/cakes/*',
  });

  it('lets a permissions boundary cap identity policies, and a Deny in it win', () => {
    expect(decide({ identityPolicies: [readAll], boundaryPolicies: [onlyCakes] })).toMatchObject({
      decision: 'implicitDeny',
      identityDecision: 'allowed',
      boundaryDecision: 'implicitDeny',
    });
    const both = decide({ identityPolicies: [readAll], boundaryPolicies: [readAll] });
    expect(both.decision).toBe('allowed');
    expect(both.matchedStatements.map((s) => [s.policyType, s.sid])).toEqual([
      ['identity', 'Read'],
      ['boundary', 'Read'],
    ]);
  });

  it('unites a same-account resource policy with identity policies, and intersects across accounts', () => {
    const bucket = (principal: unknown) => ({
      policy: policy('bucket', {
        Effect: 'Allow',
        Principal: principal,
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::bakery-recipes/*',
      }),
    });
    expect(decide({ resourcePolicy: bucket({ AWS: BAKER }), resourceAccount: ACCOUNT }).decision).toBe('allowed');
    expect(decide({ resourcePolicy: bucket({ AWS: ACCOUNT }), resourceAccount: ACCOUNT }).decision).toBe(
      'implicitDeny',
    );
    expect(decide({ identityPolicies: [readAll], resourceAccount: ACCOUNT }).decision).toBe('allowed');
    const partner = { arn: `arn:aws:iam::${PARTNER}:user/miller`, accountId: PARTNER };
    expect(decide({ principal: partner, identityPolicies: [readAll], resourceAccount: ACCOUNT }).decision).toBe(
      'implicitDeny',
    );
    expect(
      decide({ principal: partner, resourcePolicy: bucket({ AWS: PARTNER }), resourceAccount: ACCOUNT }).decision,
    ).toBe('implicitDeny');
    expect(
      decide({
        principal: partner,
        identityPolicies: [readAll],
        resourcePolicy: bucket({ AWS: PARTNER }),
        resourceAccount: ACCOUNT,
      }).decision,
    ).toBe('allowed');
  });

  it('lets a grant naming the user pass a boundary, but not one naming the role behind a session', () => {
    const bucket = (principal: unknown) => ({
      policy: policy('bucket', { Effect: 'Allow', Principal: { AWS: principal }, Action: 's3:*', Resource: '*' }),
    });
    expect(
      decide({ boundaryPolicies: [onlyCakes], resourcePolicy: bucket(BAKER), resourceAccount: ACCOUNT }).decision,
    ).toBe('allowed');
    const session = { arn: OVEN_SESSION, accountId: ACCOUNT, roleArn: OVEN_ROLE };
    expect(decide({ principal: session, resourcePolicy: bucket(OVEN_ROLE), resourceAccount: ACCOUNT }).decision).toBe(
      'allowed',
    );
    expect(
      decide({
        principal: session,
        boundaryPolicies: [onlyCakes],
        resourcePolicy: bucket(OVEN_ROLE),
        resourceAccount: ACCOUNT,
      }).decision,
    ).toBe('implicitDeny');
  });

  it('denies by NotPrincipal everyone not named, and anyone with a boundary', () => {
    const guard = {
      policy: policy(
        'bucket',
        { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' },
        { Effect: 'Deny', NotPrincipal: { AWS: BAKER }, Action: 's3:*', Resource: '*' },
      ),
    };
    expect(decide({ resourcePolicy: guard, resourceAccount: ACCOUNT }).decision).toBe('allowed');
    expect(
      decide({ principal: { arn: `arn:aws:iam::${ACCOUNT}:user/other`, accountId: ACCOUNT }, resourcePolicy: guard })
        .decision,
    ).toBe('explicitDeny');
    expect(decide({ boundaryPolicies: [readAll], resourcePolicy: guard }).decision).toBe('explicitDeny');
  });

  it('names the keys applicable statements read and the request lacked, once each', () => {
    const mfa = policy(
      'Mfa',
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: {
          Bool: { 'aws:MultiFactorAuthPresent': 'true' },
          NumericLessThan: { 'aws:multifactorauthage': '3600' },
        },
      },
      {
        Effect: 'Deny',
        Action: 's3:PutObject',
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      },
    );
    const result = decide({ identityPolicies: [mfa, mfa] });
    expect(result.decision).toBe('implicitDeny');
    expect(result.missingContextKeys).toEqual(['aws:MultiFactorAuthPresent', 'aws:multifactorauthage']);
  });

  it('asked about any resource, counts every Resource element (the Doctor asks that way)', () => {
    expect(decide({ identityPolicies: [onlyCakes], resource: undefined }).decision).toBe('allowed');
  });
});
