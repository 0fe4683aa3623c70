import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/sandbox/identity';
import { requestContext } from '../../../src/sandbox/policy/requestContext';
import { evaluateCondition as evaluateWith } from '../../../src/shared/iam/conditions';
import { authorize } from '../../../src/shared/iam/evaluation';
import { UNKNOWN_REQUEST, type RequestContext } from '../../../src/shared/iam/requestContext';
import type { PolicyInput } from '../../../src/shared/iam/statements';

type ConditionContext = RequestContext;
type PolicySource = PolicyInput;

const evaluateCondition = (condition: unknown, context: ConditionContext | undefined) =>
  evaluateWith(condition, { context: context ?? UNKNOWN_REQUEST, variables: true });

const evaluate = (policies: readonly PolicySource[], action: string, resource: string, context?: ConditionContext) =>
  authorize({ action, resource, context: context ?? UNKNOWN_REQUEST, identityPolicies: policies });

/** A made-up logistics account, deliberately unlike the training lab. */
const ACCOUNT = '210987654321';
const AT = new Date('2027-03-04T05:06:07Z');

/** Single values as strings, multivalued keys (aws:TagKeys) as lists; `known` keys are absent, any other unknown. */
const context = (values: Record<string, string | string[]>, known: string[] = []): ConditionContext => {
  const absent = new Set(known.map((key) => key.toLowerCase()));
  return {
    values: new Map(Object.entries(values).map(([key, value]) => [key.toLowerCase(), value])),
    absent: (key) => absent.has(key),
  };
};

const mfaSession = context({ 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '120' });
const longTermKey = context({}, ['aws:MultiFactorAuthPresent', 'aws:MultiFactorAuthAge', 'sts:ExternalId']);

describe('evaluateCondition', () => {
  it('Bool needs the key; BoolIfExists also holds when the key is absent', () => {
    const needsMfa = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
    expect(evaluateCondition(needsMfa, mfaSession)).toBe('true');
    expect(evaluateCondition(needsMfa, longTermKey)).toBe('false');
    const denyWithoutMfa = { BoolIfExists: { 'aws:MultiFactorAuthPresent': false } };
    expect(evaluateCondition(denyWithoutMfa, mfaSession)).toBe('false');
    expect(evaluateCondition(denyWithoutMfa, longTermKey)).toBe('true');
  });

  it('StringEquals ORs its values; StringNotEquals holds when none match or the key is absent', () => {
    const external = context({ 'sts:ExternalId': 'partner-7' });
    expect(evaluateCondition({ StringEquals: { 'sts:ExternalId': ['partner-6', 'partner-7'] } }, external)).toBe(
      'true',
    );
    expect(evaluateCondition({ StringEquals: { 'sts:externalid': 'Partner-7' } }, external)).toBe('false');
    expect(evaluateCondition({ StringEqualsIgnoreCase: { 'sts:ExternalId': 'PARTNER-7' } }, external)).toBe('true');
    expect(evaluateCondition({ StringNotEquals: { 'sts:ExternalId': ['partner-6'] } }, external)).toBe('true');
    expect(evaluateCondition({ StringNotEquals: { 'sts:ExternalId': 'partner-6' } }, longTermKey)).toBe('true');
    expect(evaluateCondition({ StringEquals: { 'sts:ExternalId': 'partner-6' } }, longTermKey)).toBe('false');
  });

  it('matches wildcards in StringLike and ArnLike, numbers and dates by value, and Null by presence', () => {
    const ctx = context({
      'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/dispatch/Router`,
      'aws:MultiFactorAuthAge': '120',
      'aws:CurrentTime': '2027-03-04T05:06:07Z',
    });
    expect(evaluateCondition({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/dispatch/*` } }, ctx)).toBe(
      'true',
    );
    expect(evaluateCondition({ StringNotLike: { 'aws:PrincipalArn': '*:role/billing/*' } }, ctx)).toBe('true');
    expect(evaluateCondition({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, ctx)).toBe('true');
    expect(evaluateCondition({ NumericGreaterThan: { 'aws:MultiFactorAuthAge': 3600 } }, ctx)).toBe('false');
    expect(evaluateCondition({ DateLessThan: { 'aws:CurrentTime': '2027-12-31T00:00:00Z' } }, ctx)).toBe('true');
    expect(evaluateCondition({ Null: { 'aws:MultiFactorAuthAge': 'false' } }, ctx)).toBe('true');
    expect(evaluateCondition({ Null: { 'aws:MultiFactorAuthAge': 'true' } }, longTermKey)).toBe('true');
  });

  it('ANDs operators and keys: one false decides, otherwise one unknown does', () => {
    const both = {
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      NumericLessThan: { 'aws:MultiFactorAuthAge': '60' },
    };
    expect(evaluateCondition(both, mfaSession)).toBe('false');
    const withUnmodelled = {
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
    };
    expect(evaluateCondition(withUnmodelled, mfaSession)).toBe('unknown');
    expect(evaluateCondition({ ...withUnmodelled, Bool: { 'aws:MultiFactorAuthPresent': 'false' } }, mfaSession)).toBe(
      'false',
    );
  });

  it('cannot decide unknown operators, keys the context cannot speak for (also as variables), or anything without a context', () => {
    expect(evaluateCondition({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, mfaSession)).toBe('unknown');
    expect(evaluateCondition({ StringEquals: { 'aws:SourceVpc': 'vpc-1' } }, mfaSession)).toBe('unknown');
    expect(evaluateCondition({ StringEquals: { 'aws:username': '${aws:username}' } }, longTermKey)).toBe('unknown');
    expect(evaluateCondition({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, undefined)).toBe('unknown');
    expect(evaluateCondition({ Bool: ['aws:MultiFactorAuthPresent'] }, mfaSession)).toBe('unknown');
    expect(evaluateCondition(undefined, undefined)).toBe('true');
  });

  it('applies ForAnyValue and ForAllValues over the request values', () => {
    const tags = context({ 'aws:TagKeys': ['team', 'cost-centre'] });
    expect(evaluateCondition({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } }, tags)).toBe('true');
    expect(evaluateCondition({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }, tags)).toBe('false');
    expect(evaluateCondition({ 'ForSomeValues:StringEquals': { 'aws:TagKeys': ['team'] } }, tags)).toBe('unknown');
  });
});

const policy = (id: string, statements: unknown[]): PolicySource => ({
  id,
  document: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
});

describe('evaluate with a request context', () => {
  const admin = policy('Admin', [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  const mfaGuard = policy('MfaGuard', [
    {
      Effect: 'Deny',
      Action: 'dynamodb:DeleteTable',
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ]);

  it('lifts a conditional Deny once the context proves it does not apply', () => {
    expect(evaluate([admin, mfaGuard], 'dynamodb:DeleteTable', '*', longTermKey).decision).toBe('explicitDeny');
    expect(evaluate([admin, mfaGuard], 'dynamodb:DeleteTable', '*', mfaSession).decision).toBe('allowed');
  });

  it('grants a conditional Allow only when proven, and keeps a Deny it cannot decide', () => {
    const officeHours = policy('OfficeHours', [
      {
        Effect: 'Allow',
        Action: 'sqs:*',
        Resource: '*',
        Condition: { DateGreaterThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } },
      },
    ]);
    const now = context({ 'aws:CurrentTime': '2027-03-04T05:06:07Z' });
    expect(evaluate([officeHours], 'sqs:SendMessage', '*', now).decision).toBe('allowed');
    expect(evaluate([officeHours], 'sqs:SendMessage', '*', undefined).decision).toBe('implicitDeny');
    const byIp = policy('ByIp', [
      { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } },
    ]);
    expect(evaluate([admin, byIp], 'sqs:SendMessage', '*', now).decision).toBe('explicitDeny');
  });
});

describe('a role trust policy, as the resource policy of sts:AssumeRole', () => {
  const user = `arn:aws:iam::${ACCOUNT}:user/dispatcher`;
  const trust = (statements: unknown[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
  const allow = (principal: unknown, extra: Record<string, unknown> = {}) => ({
    Effect: 'Allow',
    Principal: principal,
    Action: 'sts:AssumeRole',
    ...extra,
  });
  const mayAssume = policy('MayAssume', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]);
  /** The dispatcher asks to assume a role of its own account whose trust policy is `document`. */
  const assume = (
    document: string,
    context: ConditionContext,
    identity: PolicySource[] = [],
    action = 'sts:AssumeRole',
  ) =>
    authorize({
      action,
      resource: `arn:aws:iam::${ACCOUNT}:role/Router`,
      context,
      principal: { arn: user, accountId: ACCOUNT },
      identityPolicies: identity,
      resourceAccount: ACCOUNT,
      resourcePolicy: { policy: { id: 'trust', document }, kind: 'trust' },
    });

  it('lets a grant naming the caller (or everyone) stand alone, while one naming the account delegates', () => {
    for (const principal of [{ AWS: user }, { AWS: '*' }, '*']) {
      expect(assume(trust([allow(principal)]), longTermKey).decision).toBe('allowed');
    }
    for (const principal of [{ AWS: ACCOUNT }, { AWS: `arn:aws:iam::${ACCOUNT}:root` }]) {
      const document = trust([allow(principal)]);
      expect(assume(document, longTermKey)).toMatchObject({ decision: 'implicitDeny', resourceDecision: 'allowed' });
      expect(assume(document, longTermKey, [mayAssume]).decision).toBe('allowed');
    }
  });

  it('matches no one for other accounts, other users and service principals, or another action', () => {
    for (const principal of [
      { AWS: '123456789012' },
      { AWS: `arn:aws:iam::${ACCOUNT}:user/someone` },
      { Service: 'ec2.amazonaws.com' },
    ]) {
      expect(assume(trust([allow(principal)]), longTermKey, [mayAssume])).toMatchObject({
        decision: 'implicitDeny',
        resourceDecision: 'implicitDeny',
      });
    }
    expect(assume(trust([allow({ AWS: user })]), longTermKey, [], 'sts:TagSession').decision).toBe('implicitDeny');
  });

  it('applies the Condition, and a Deny wins, including one by NotPrincipal', () => {
    const withMfa = trust([allow({ AWS: user }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })]);
    expect(assume(withMfa, longTermKey).decision).toBe('implicitDeny');
    expect(assume(withMfa, mfaSession).decision).toBe('allowed');
    const exceptOps = trust([
      allow({ AWS: ACCOUNT }),
      { Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:user/ops` }, Action: 'sts:*' },
    ]);
    expect(assume(exceptOps, longTermKey, [mayAssume]).decision).toBe('explicitDeny');
  });
});

describe('requestContext', () => {
  const user: Principal = {
    kind: 'user',
    accountId: ACCOUNT,
    arn: `arn:aws:iam::${ACCOUNT}:user/dispatcher`,
    userId: 'AIDAEXAMPLEEXAMPLE123',
    userName: 'dispatcher',
    accessKeyId: 'AKIAEXAMPLEEXAMPLE12',
  };

  it('leaves MFA out for long-term keys and states it for sessions, with its age', () => {
    const longTerm = requestContext(user, { at: AT });
    expect(evaluateCondition({ Null: { 'aws:MultiFactorAuthPresent': 'true' } }, longTerm)).toBe('true');
    const session = requestContext(
      {
        ...user,
        session: {
          issuedAt: AT.getTime() - 600_000,
          expiresAt: AT.getTime() + 1,
          mfaAuthenticatedAt: AT.getTime() - 90_000,
        },
      },
      { at: AT, region: 'eu-west-1' },
    );
    expect(session.values.get('aws:multifactorauthpresent')).toEqual('true');
    expect(session.values.get('aws:multifactorauthage')).toEqual('90');
    expect(session.values.get('aws:username')).toEqual('dispatcher');
    expect(session.values.get('aws:requestedregion')).toEqual('eu-west-1');
    expect(session.values.get('aws:tokenissuetime')).toEqual('2027-03-04T04:56:07Z');
  });

  it('names a role session by its role ARN in aws:PrincipalArn', () => {
    const ctx = requestContext(
      {
        kind: 'assumedRole',
        accountId: ACCOUNT,
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Router/night`,
        userId: 'AROAEXAMPLEEXAMPLE123:night',
        roleId: 'AROAEXAMPLEEXAMPLE123',
        roleName: 'Router',
        roleArn: `arn:aws:iam::${ACCOUNT}:role/dispatch/Router`,
        sessionName: 'night',
        accessKeyId: 'ASIAEXAMPLEEXAMPLE12',
        session: { issuedAt: AT.getTime(), expiresAt: AT.getTime() + 3_600_000 },
      },
      { at: AT, serviceKeys: { 'sts:ExternalId': undefined } },
    );
    expect(ctx.values.get('aws:principalarn')).toEqual(`arn:aws:iam::${ACCOUNT}:role/dispatch/Router`);
    expect(ctx.values.get('aws:principaltype')).toEqual('AssumedRole');
    expect(ctx.values.get('aws:multifactorauthpresent')).toEqual('false');
    expect(evaluateCondition({ StringEquals: { 'sts:ExternalId': 'x' } }, ctx)).toBe('false');
  });
});
