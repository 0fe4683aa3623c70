import {
  AttachRolePolicyCommand,
  type EntityType,
  GetAccountAuthorizationDetailsCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
  IAMClient,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox, TRAINING_LAB } from '../../support/sandbox';
import { awsError, decodeDocument } from './awsErrors';

let sandbox: TestSandbox;
let iam: IAMClient;

beforeEach(async () => {
  sandbox = await startTestSandbox();
  iam = new IAMClient(sandbox.clientConfig());
});

afterEach(async () => {
  iam.destroy();
  await sandbox.dispose();
});

const ATTACHED_AWS_POLICIES = [
  'AmazonRekognitionReadOnlyAccess',
  'AmazonS3FullAccess',
  'AWSElasticBeanstalkEnhancedHealth',
  'AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy',
  'AWSElasticBeanstalkMulticontainerDocker',
  'AWSElasticBeanstalkWebTier',
  'AWSElasticBeanstalkWorkerTier',
];

async function details(filter?: EntityType[]): Promise<GetAccountAuthorizationDetailsCommandOutput> {
  return iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: filter }));
}

describe('GetAccountAuthorizationDetails', () => {
  it('returns users, roles and the policies in use in one call', async () => {
    const result = await details();
    expect(result.IsTruncated).toBe(false);
    expect(result.Marker).toBeUndefined();
    expect(result.UserDetailList?.map((user) => user.UserName)).toEqual([TRAINING_LAB.userName]);
    expect(result.GroupDetailList).toEqual([]);
    expect(result.RoleDetailList?.map((role) => role.RoleName)).toEqual([...TRAINING_LAB.roles]);
    expect(result.Policies?.map((policy) => policy.PolicyName).sort()).toEqual(
      [...ATTACHED_AWS_POLICIES, ...TRAINING_LAB.customerPolicies].sort(),
    );
  });

  it('describes each role with its profiles, policies, trust and last use', async () => {
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'aws-elasticbeanstalk-ec2-role',
        PolicyName: 'FetchSSMParameters',
        PolicyDocument:
          '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:GetParameter","Resource":"*"}]}',
      }),
    );
    const result = await details(['Role']);
    expect(result.UserDetailList).toEqual([]);
    expect(result.Policies).toEqual([]);
    const ec2Role = result.RoleDetailList?.find((role) => role.RoleName === 'aws-elasticbeanstalk-ec2-role');
    expect(ec2Role?.InstanceProfileList?.map((profile) => profile.InstanceProfileName)).toEqual([
      'aws-elasticbeanstalk-ec2-role',
    ]);
    expect(ec2Role?.InstanceProfileList?.[0]?.Roles?.[0]?.RoleName).toBe('aws-elasticbeanstalk-ec2-role');
    expect(ec2Role?.AttachedManagedPolicies?.map((policy) => policy.PolicyName)).toEqual([
      'AWSElasticBeanstalkWebTier',
      'AWSElasticBeanstalkWorkerTier',
      'AWSElasticBeanstalkMulticontainerDocker',
    ]);
    expect(ec2Role?.RolePolicyList?.map((policy) => policy.PolicyName)).toEqual([
      'PhotosDevParameters',
      'FetchSSMParameters',
    ]);
    expect(decodeDocument(ec2Role?.RolePolicyList?.[1]?.PolicyDocument)).toMatchObject({
      Statement: [{ Action: 'ssm:GetParameter' }],
    });
    const service = result.RoleDetailList?.find((role) => role.RoleName === 'aws-elasticbeanstalk-service-role');
    expect(service?.AttachedManagedPolicies?.map((policy) => policy.PolicyArn)).toContain(
      'arn:aws:iam::aws:policy/AmazonS3FullAccess',
    );
    expect(service?.InstanceProfileList).toEqual([]);
    expect(service?.RoleLastUsed?.Region).toBe('us-east-1');
    expect(decodeDocument(service?.AssumeRolePolicyDocument)).toMatchObject({
      Statement: [{ Principal: { Service: 'elasticbeanstalk.amazonaws.com' } }],
    });
  });

  it('describes the user with attached policies', async () => {
    const result = await details(['User']);
    expect(result.RoleDetailList).toEqual([]);
    const user = result.UserDetailList?.[0];
    expect(user?.Arn).toBe('arn:aws:iam::570589970431:user/edXProjectUser3');
    expect(user?.AttachedManagedPolicies).toEqual([
      { PolicyName: 'edXProjectPolicy', PolicyArn: 'arn:aws:iam::570589970431:policy/edXProjectPolicy' },
    ]);
    expect(user?.UserPolicyList).toEqual([]);
    expect(user?.GroupList).toEqual([]);
  });

  it('includes local policies with their version documents', async () => {
    const result = await details(['LocalManagedPolicy']);
    expect(result.Policies?.map((policy) => policy.PolicyName)).toEqual([...TRAINING_LAB.customerPolicies]);
    const edx = result.Policies?.find((policy) => policy.PolicyName === 'edXProjectPolicy');
    expect(edx).toMatchObject({ AttachmentCount: 1, DefaultVersionId: 'v1', IsAttachable: true });
    expect(edx?.PolicyVersionList).toHaveLength(1);
    expect(edx?.PolicyVersionList?.[0]?.IsDefaultVersion).toBe(true);
    const document = JSON.stringify(decodeDocument(edx?.PolicyVersionList?.[0]?.Document));
    expect(document).toContain('rekognition:*');
    expect(document).not.toContain('elasticbeanstalk');
  });

  it('includes only the AWS managed policies something uses, and follows new attachments', async () => {
    const before = await details(['AWSManagedPolicy']);
    expect(before.Policies?.map((policy) => policy.PolicyName).sort()).toEqual([...ATTACHED_AWS_POLICIES].sort());
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'EC2_Can_Use_Services',
        PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess',
      }),
    );
    const after = await details(['AWSManagedPolicy']);
    const iamFull = after.Policies?.find((policy) => policy.PolicyName === 'IAMFullAccess');
    expect(iamFull?.AttachmentCount).toBe(1);
    expect(decodeDocument(iamFull?.PolicyVersionList?.[0]?.Document)).toMatchObject({
      Statement: [{ Action: expect.arrayContaining(['iam:*']) }],
    });
  });

  it('pages across all lists with MaxItems=2 and omits the marker when complete', async () => {
    const seen = { users: [] as string[], roles: [] as string[], policies: [] as string[] };
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await iam.send(
        new GetAccountAuthorizationDetailsCommand({
          Filter: ['User', 'Role', 'LocalManagedPolicy'],
          MaxItems: 2,
          Marker: marker,
        }),
      );
      const count =
        (page.UserDetailList?.length ?? 0) + (page.RoleDetailList?.length ?? 0) + (page.Policies?.length ?? 0);
      expect(count).toBeLessThanOrEqual(2);
      seen.users.push(...(page.UserDetailList ?? []).map((user) => user.UserName ?? ''));
      seen.roles.push(...(page.RoleDetailList ?? []).map((role) => role.RoleName ?? ''));
      seen.policies.push(...(page.Policies ?? []).map((policy) => policy.PolicyName ?? ''));
      expect(page.IsTruncated).toBe(page.Marker !== undefined);
      marker = page.Marker;
      pages += 1;
    } while (marker !== undefined);
    expect(pages).toBe(5);
    expect(seen).toEqual({
      users: [TRAINING_LAB.userName],
      roles: [...TRAINING_LAB.roles],
      policies: [...TRAINING_LAB.customerPolicies],
    });
  });

  it('rejects an unknown filter value', async () => {
    const error = await awsError(
      iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Robots' as EntityType] })),
    );
    expect(error).toMatchObject({ code: 'ValidationError', status: 400 });
  });
});
