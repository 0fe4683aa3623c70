import { describe, expect, it } from 'vitest';
import { authorize } from '../../../src/shared/iam/evaluation';
import { UNKNOWN_REQUEST, type RequestContext } from '../../../src/shared/iam/requestContext';
import type { PolicyInput } from '../../../src/shared/iam/statements';
import { wildcardMatches } from '../../../src/shared/iam/wildcards';

type PolicySource = PolicyInput;

/** Identity policies alone, as the sandbox evaluates a user's call; the result in SimulatePrincipalPolicy's terms. */
function evaluate(policies: readonly PolicySource[], action: string, resource: string, context?: RequestContext) {
  const result = authorize({ action, resource, context: context ?? UNKNOWN_REQUEST, identityPolicies: policies });
  return {
    decision: result.decision,
    matchedStatements: result.matchedStatements.map((statement) => ({
      sourcePolicyId: statement.policyId,
      sourcePolicyType: 'IAM Policy',
      statementIndex: statement.statementIndex,
    })),
  };
}

/** Fixtures of a made-up bookshop account, deliberately unlike the training lab. */
const doc = (statements: unknown): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });

const catalogueReader: PolicySource = {
  id: 'CatalogueReader',
  document: doc([
    { Sid: 'ReadTables', Effect: 'Allow', Action: ['dynamodb:Get*', 'dynamodb:Query'], Resource: '*' },
    {
      Sid: 'ReadCovers',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::bookshop-covers/*',
    },
  ]),
};

describe('wildcardMatches', () => {
  it('treats * as any run and ? as exactly one character', () => {
    expect(wildcardMatches('s3:Get*', 's3:GetObject', true)).toBe(true);
    expect(wildcardMatches('s3:Get*', 's3:Get', true)).toBe(true);
    expect(wildcardMatches('ec2:Describe?nstances', 'ec2:DescribeInstances', true)).toBe(true);
    expect(wildcardMatches('ec2:Describe?nstances', 'ec2:Describenstances', true)).toBe(false);
    expect(wildcardMatches('ec2:Describe?nstances', 'ec2:DescribeXXnstances', true)).toBe(false);
  });

  it('takes regex metacharacters literally', () => {
    expect(wildcardMatches('arn:aws:s3:::a.b/*', 'arn:aws:s3:::a.b/key', false)).toBe(true);
    expect(wildcardMatches('arn:aws:s3:::a.b/*', 'arn:aws:s3:::aXb/key', false)).toBe(false);
    expect(wildcardMatches('a+(b)', 'a+(b)', false)).toBe(true);
    expect(wildcardMatches('a+(b)', 'aa(b)', false)).toBe(false);
  });

  it('is case-insensitive only when asked', () => {
    expect(wildcardMatches('IAM:getrole', 'iam:GetRole', true)).toBe(true);
    expect(wildcardMatches('arn:aws:s3:::Covers/*', 'arn:aws:s3:::covers/x', false)).toBe(false);
  });
});

describe('evaluate', () => {
  it('allows an action an Allow statement names, with the matched statement', () => {
    expect(evaluate([catalogueReader], 'dynamodb:GetItem', '*')).toEqual({
      decision: 'allowed',
      matchedStatements: [{ sourcePolicyId: 'CatalogueReader', sourcePolicyType: 'IAM Policy', statementIndex: 0 }],
    });
  });

  it('matches actions case-insensitively', () => {
    expect(evaluate([catalogueReader], 'DynamoDB:query', '*').decision).toBe('allowed');
  });

  it('implicitly denies an action no statement allows, with no matched statements', () => {
    expect(evaluate([catalogueReader], 'dynamodb:PutItem', '*')).toEqual({
      decision: 'implicitDeny',
      matchedStatements: [],
    });
  });

  it('implicitly denies everything when there are no policies', () => {
    expect(evaluate([], 's3:GetObject', '*').decision).toBe('implicitDeny');
  });

  it('matches resources case-sensitively and by wildcard', () => {
    expect(evaluate([catalogueReader], 's3:GetObject', 'arn:aws:s3:::bookshop-covers/dune.jpg')).toEqual({
      decision: 'allowed',
      matchedStatements: [{ sourcePolicyId: 'CatalogueReader', sourcePolicyType: 'IAM Policy', statementIndex: 1 }],
    });
    expect(evaluate([catalogueReader], 's3:GetObject', 'arn:aws:s3:::Bookshop-covers/dune.jpg').decision).toBe(
      'implicitDeny',
    );
    expect(evaluate([catalogueReader], 's3:GetObject', 'arn:aws:s3:::bookshop-invoices/1.pdf').decision).toBe(
      'implicitDeny',
    );
  });

  it('does not let a specific resource pattern grant the resource *', () => {
    expect(evaluate([catalogueReader], 's3:GetObject', '*').decision).toBe('implicitDeny');
  });

  it('lets an explicit Deny in another policy beat an Allow, reporting only the Deny', () => {
    const guard: PolicySource = {
      id: 'NoDeletes',
      document: doc([{ Effect: 'Deny', Action: 'dynamodb:*', Resource: '*' }]),
    };
    expect(evaluate([catalogueReader, guard], 'dynamodb:GetItem', '*')).toEqual({
      decision: 'explicitDeny',
      matchedStatements: [{ sourcePolicyId: 'NoDeletes', sourcePolicyType: 'IAM Policy', statementIndex: 0 }],
    });
  });

  it('lists every matching Allow statement, across policies, in order', () => {
    const wide: PolicySource = { id: 'Wide', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) };
    expect(evaluate([catalogueReader, wide], 'dynamodb:GetItem', '*').matchedStatements).toEqual([
      { sourcePolicyId: 'CatalogueReader', sourcePolicyType: 'IAM Policy', statementIndex: 0 },
      { sourcePolicyId: 'Wide', sourcePolicyType: 'IAM Policy', statementIndex: 0 },
    ]);
  });

  it('reads a single statement object as well as a list', () => {
    const single: PolicySource = {
      id: 'One',
      document: doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }),
    };
    expect(evaluate([single], 'sqs:SendMessage', '*').decision).toBe('allowed');
    expect(evaluate([single], 'sqs:DeleteQueue', '*').decision).toBe('implicitDeny');
  });

  it('applies NotAction: allows everything except the listed actions', () => {
    const allButIam: PolicySource = {
      id: 'PowerUser',
      document: doc([{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }]),
    };
    expect(evaluate([allButIam], 'ec2:RunInstances', '*').decision).toBe('allowed');
    expect(evaluate([allButIam], 'iam:CreateUser', '*').decision).toBe('implicitDeny');
    expect(evaluate([allButIam], 'Organizations:ListAccounts', '*').decision).toBe('implicitDeny');
  });

  it('applies NotAction in a Deny: denies everything except the listed actions', () => {
    const admin: PolicySource = { id: 'Admin', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) };
    const onlyReads: PolicySource = {
      id: 'OnlyReads',
      document: doc({ Effect: 'Deny', NotAction: ['s3:Get*', 's3:List*'], Resource: '*' }),
    };
    expect(evaluate([admin, onlyReads], 's3:ListBucket', '*').decision).toBe('allowed');
    expect(evaluate([admin, onlyReads], 's3:PutObject', '*')).toEqual({
      decision: 'explicitDeny',
      matchedStatements: [{ sourcePolicyId: 'OnlyReads', sourcePolicyType: 'IAM Policy', statementIndex: 0 }],
    });
  });

  it('applies NotResource', () => {
    const notInvoices: PolicySource = {
      id: 'NotInvoices',
      document: doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::bookshop-invoices/*' }),
    };
    expect(evaluate([notInvoices], 's3:GetObject', 'arn:aws:s3:::bookshop-covers/a.jpg').decision).toBe('allowed');
    expect(evaluate([notInvoices], 's3:GetObject', 'arn:aws:s3:::bookshop-invoices/1.pdf').decision).toBe(
      'implicitDeny',
    );
    expect(evaluate([notInvoices], 's3:GetObject', '*').decision).toBe('allowed');
  });

  it('never grants through an Allow whose Condition the context cannot decide', () => {
    const conditional: PolicySource = {
      id: 'OfficeOnly',
      document: doc({
        Effect: 'Allow',
        Action: 'dynamodb:*',
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
      }),
    };
    expect(evaluate([conditional], 'dynamodb:GetItem', '*')).toEqual({
      decision: 'implicitDeny',
      matchedStatements: [],
    });
  });

  it('applies a Deny whose Condition the context cannot decide, erring towards refusing', () => {
    const admin: PolicySource = { id: 'Admin', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) };
    const mfa: PolicySource = {
      id: 'RequireMfa',
      document: doc({
        Effect: 'Deny',
        Action: 'dynamodb:DeleteTable',
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      }),
    };
    expect(evaluate([admin, mfa], 'dynamodb:DeleteTable', '*').decision).toBe('explicitDeny');
    expect(evaluate([admin, mfa], 'dynamodb:GetItem', '*').decision).toBe('allowed');
  });

  it('ignores malformed statements and documents rather than widening a grant', () => {
    const broken: PolicySource[] = [
      { id: 'NotJson', document: '{"Statement": [' },
      { id: 'NoEffect', document: doc({ Action: '*', Resource: '*' }) },
      { id: 'BadEffect', document: doc({ Effect: 'allow', Action: '*', Resource: '*' }) },
      { id: 'NoResource', document: doc({ Effect: 'Allow', Action: '*' }) },
      { id: 'BothForms', document: doc({ Effect: 'Allow', Action: '*', NotAction: 'iam:*', Resource: '*' }) },
      { id: 'NumberAction', document: doc({ Effect: 'Allow', Action: 7, Resource: '*' }) },
    ];
    expect(evaluate(broken, 'sqs:SendMessage', '*')).toEqual({ decision: 'implicitDeny', matchedStatements: [] });
  });

  it('keeps statement positions when an earlier statement is unreadable', () => {
    const mixed: PolicySource = {
      id: 'Mixed',
      document: doc(['not a statement', { Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }]),
    };
    expect(evaluate([mixed], 'sns:Publish', '*').matchedStatements).toEqual([
      { sourcePolicyId: 'Mixed', sourcePolicyType: 'IAM Policy', statementIndex: 1 },
    ]);
  });
});
