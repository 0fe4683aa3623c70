/**
 * The sandbox's enforcement and simulators over the shared evaluator, with a
 * request context taken from the real request: the loopback source address,
 * plain HTTP, the principal's tags and name, its permissions boundary; and the
 * simulators' ContextEntries, MissingContextValues, resource policies and
 * custom policies. Users and roles are made through the API, not the scenario.
 */
import {
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateAccessKeyCommand,
  IAMClient,
  ListRolesCommand,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type Tag,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxCredentials, startTestSandbox, type TestSandbox, TRAINING_LAB } from '../../support/sandbox';
import { awsError } from './awsErrors';

const ACCOUNT = TRAINING_LAB.accountId;
const doc = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });

let sandbox: TestSandbox;
let admin: IAMClient;

beforeEach(async () => {
  sandbox = await startTestSandbox();
  admin = new IAMClient(sandbox.clientConfig());
});

afterEach(async () => {
  admin.destroy();
  await sandbox.dispose();
});

async function user(
  name: string,
  statements: object[],
  extra: { boundary?: string; tags?: Tag[] } = {},
): Promise<SandboxCredentials> {
  await admin.send(
    new CreateUserCommand({
      UserName: name,
      ...(extra.boundary ? { PermissionsBoundary: extra.boundary } : {}),
      ...(extra.tags ? { Tags: extra.tags } : {}),
    }),
  );
  await admin.send(
    new PutUserPolicyCommand({ UserName: name, PolicyName: `${name}-inline`, PolicyDocument: doc(...statements) }),
  );
  const { AccessKey: key } = await admin.send(new CreateAccessKeyCommand({ UserName: name }));
  if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error('CreateAccessKey returned no key');
  return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
}

async function listBuckets(credentials: SandboxCredentials): Promise<string> {
  const s3 = new S3Client({ ...sandbox.clientConfig(credentials), forcePathStyle: true });
  try {
    await s3.send(new ListBucketsCommand({}));
    return 'allowed';
  } catch (error: unknown) {
    return (await awsError(Promise.reject(error))).message;
  } finally {
    s3.destroy();
  }
}

describe('enforcement reads the request itself', () => {
  it('sees the loopback source address and plain HTTP', async () => {
    const fromLoopback = await user('kiln', [
      {
        Effect: 'Allow',
        Action: 's3:ListAllMyBuckets',
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': ['127.0.0.0/8', '::1/128'] } },
      },
    ]);
    expect(await listBuckets(fromLoopback)).toBe('allowed');
    const fromOffice = await user('mill', [
      {
        Effect: 'Allow',
        Action: 's3:ListAllMyBuckets',
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
      },
    ]);
    expect(await listBuckets(fromOffice)).toContain(
      'because no identity-based policy allows the s3:ListAllMyBuckets action',
    );
    const tlsOnly = await user('sieve', [
      { Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' },
      { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ]);
    expect(await listBuckets(tlsOnly)).toContain('with an explicit deny in an identity-based policy');
  });

  it('substitutes the caller’s name and tags', async () => {
    const tagged = await user(
      'proofer',
      [
        {
          Effect: 'Allow',
          Action: 's3:ListAllMyBuckets',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } },
        },
      ],
      { tags: [{ Key: 'owner', Value: 'proofer' }] },
    );
    expect(await listBuckets(tagged)).toBe('allowed');
    const mislabelled = await user(
      'glazer',
      [
        {
          Effect: 'Allow',
          Action: 's3:ListAllMyBuckets',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } },
        },
      ],
      { tags: [{ Key: 'owner', Value: 'proofer' }] },
    );
    expect(await listBuckets(mislabelled)).toContain('because no identity-based policy allows');
  });

  it('caps a user by its permissions boundary, and says so', async () => {
    const { Policy: boundary } = await admin.send(
      new CreatePolicyCommand({
        PolicyName: 'S3Only',
        PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }),
      }),
    );
    const capped = await user(
      'baker',
      [{ Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 'iam:ListRoles'], Resource: '*' }],
      { boundary: boundary?.Arn ?? '' },
    );
    expect(await listBuckets(capped)).toBe('allowed');
    const iam = new IAMClient(sandbox.clientConfig(capped));
    const error = await awsError(iam.send(new ListRolesCommand({})));
    iam.destroy();
    expect(error.message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/baker is not authorized to perform: iam:ListRoles on resource: * because no permissions boundary allows the iam:ListRoles action`,
    );
  });

  it('checks a trust policy’s Condition against the caller’s address', async () => {
    const caller = await user('courier', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]);
    const trust = (cidr: string) =>
      doc({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/courier` },
        Action: 'sts:AssumeRole',
        Condition: { IpAddress: { 'aws:SourceIp': cidr } },
      });
    await admin.send(new CreateRoleCommand({ RoleName: 'LocalVan', AssumeRolePolicyDocument: trust('127.0.0.1/32') }));
    await admin.send(new CreateRoleCommand({ RoleName: 'RemoteVan', AssumeRolePolicyDocument: trust('192.0.2.0/24') }));
    const sts = new STSClient(sandbox.clientConfig(caller));
    const local = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/LocalVan`, RoleSessionName: 'run' }),
    );
    expect(local.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/LocalVan/run`);
    const refused = await awsError(
      sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/RemoteVan`, RoleSessionName: 'run' })),
    );
    sts.destroy();
    expect(refused.message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/courier is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/RemoteVan`,
    );
  });
});

describe('the simulators', () => {
  const mfaOnly = {
    Effect: 'Allow',
    Action: 's3:GetObject',
    Resource: '*',
    Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  };

  it('SimulatePrincipalPolicy takes ContextEntries and reports the keys it lacked', async () => {
    await user('pastry', [mfaOnly]);
    const input = { PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/pastry`, ActionNames: ['s3:GetObject'] };
    const without = await admin.send(new SimulatePrincipalPolicyCommand(input));
    expect(without.EvaluationResults?.[0]).toMatchObject({
      EvalDecision: 'implicitDeny',
      MissingContextValues: ['aws:MultiFactorAuthPresent'],
    });
    const withMfa = await admin.send(
      new SimulatePrincipalPolicyCommand({
        ...input,
        ContextEntries: [
          { ContextKeyName: 'aws:MultiFactorAuthPresent', ContextKeyValues: ['true'], ContextKeyType: 'boolean' },
        ],
      }),
    );
    expect(withMfa.EvaluationResults?.[0]).toMatchObject({
      EvalDecision: 'allowed',
      MatchedStatements: [{ SourcePolicyId: 'pastry-inline', SourcePolicyType: 'IAM Policy' }],
      MissingContextValues: [],
    });
    const bad = await awsError(
      admin.send(
        new SimulatePrincipalPolicyCommand({
          ...input,
          ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['not-an-ip'], ContextKeyType: 'ip' }],
        }),
      ),
    );
    expect(bad).toMatchObject({
      code: 'InvalidInput',
      message: 'The context key aws:SourceIp has a value that is not a valid ip: not-an-ip.',
    });
  });

  it('SimulateCustomPolicy evaluates the given policies, boundary and resource policy, in and across accounts', async () => {
    const caller = `arn:aws:iam::${ACCOUNT}:user/pastry`;
    const bucketPolicy = doc({
      Effect: 'Allow',
      Principal: { AWS: caller },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::tarts/*',
    });
    const result = await admin.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [doc({ Sid: 'Reads', Effect: 'Allow', Action: 's3:Get*', Resource: '*' })],
        ActionNames: ['s3:GetObject', 's3:PutObject'],
        ResourceArns: ['arn:aws:s3:::tarts/apple'],
        ResourcePolicy: bucketPolicy,
        CallerArn: caller,
      }),
    );
    expect(result.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision, r.MatchedStatements])).toEqual([
      [
        's3:GetObject',
        'allowed',
        [
          { SourcePolicyId: 'ResourcePolicy', SourcePolicyType: 'Resource Policy' },
          { SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy' },
        ],
      ],
      ['s3:PutObject', 'implicitDeny', []],
    ]);
    const crossAccount = await admin.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })],
        PermissionsBoundaryPolicyInputList: [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })],
        ActionNames: ['s3:GetObject'],
        ResourceArns: ['arn:aws:s3:::tarts/apple'],
        ResourceOwner: 'arn:aws:iam::222233334444:root',
        CallerArn: caller,
      }),
    );
    expect(crossAccount.EvaluationResults?.[0]).toMatchObject({
      EvalDecision: 'implicitDeny',
      PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: true },
    });
  });
});
