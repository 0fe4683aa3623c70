import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateRoleCommand,
  DetachRolePolicyCommand,
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox, TRAINING_LAB } from '../../support/sandbox';
import { awsError, decodeDocument } from './awsErrors';

// Any AWS managed policy, not only the lab's: attachable, counted, listed by
// usage, and in GetAccountAuthorizationDetails while (and only while) in use.
const AWS = 'arn:aws:iam::aws:policy/';
const S3_READ_ONLY = `${AWS}AmazonS3ReadOnlyAccess`;
const ROLE = 'aws-elasticbeanstalk-ec2-role';

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

async function awsPoliciesInDetails(): Promise<Array<{ name?: string; count?: number; versions?: string[] }>> {
  const result = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['AWSManagedPolicy'] }));
  expect(result.UserDetailList).toEqual([]);
  return (result.Policies ?? []).map((policy) => ({
    name: policy.PolicyName,
    count: policy.AttachmentCount,
    versions: policy.PolicyVersionList?.map((version) => version.VersionId ?? ''),
  }));
}

describe('any AWS managed policy', () => {
  it('attaches to a role and a user, is counted at once, and leaves the listing when detached', async () => {
    expect((await awsPoliciesInDetails()).map((policy) => policy.name)).not.toContain('AmazonS3ReadOnlyAccess');
    await iam.send(new AttachRolePolicyCommand({ RoleName: ROLE, PolicyArn: S3_READ_ONLY }));
    await iam.send(new AttachUserPolicyCommand({ UserName: TRAINING_LAB.userName, PolicyArn: S3_READ_ONLY }));

    const { Policy: policy } = await iam.send(new GetPolicyCommand({ PolicyArn: S3_READ_ONLY }));
    expect(policy).toMatchObject({ AttachmentCount: 2, PermissionsBoundaryUsageCount: 0 });
    // Only its default version: an AWS policy's history says nothing about the account.
    expect((await awsPoliciesInDetails()).find((p) => p.name === 'AmazonS3ReadOnlyAccess')).toEqual({
      name: 'AmazonS3ReadOnlyAccess',
      count: 2,
      versions: ['v3'],
    });
    const attached = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', OnlyAttached: true }));
    expect(attached.Policies?.map((p) => p.PolicyName)).toContain('AmazonS3ReadOnlyAccess');

    await iam.send(new DetachRolePolicyCommand({ RoleName: ROLE, PolicyArn: S3_READ_ONLY }));
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: S3_READ_ONLY }))).Policy?.AttachmentCount).toBe(1);
  });

  it('counts a permissions boundary and lists it under PolicyUsageFilter', async () => {
    const boundary = `${AWS}PowerUserAccess`;
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    await iam.send(
      new CreateRoleCommand({ RoleName: 'bounded', AssumeRolePolicyDocument: trust, PermissionsBoundary: boundary }),
    );
    const listed = await iam.send(new ListPoliciesCommand({ PolicyUsageFilter: 'PermissionsBoundary' }));
    expect(listed.Policies?.map((p) => [p.PolicyName, p.PermissionsBoundaryUsageCount, p.AttachmentCount])).toEqual([
      ['PowerUserAccess', 1, 0],
    ]);
    expect((await awsPoliciesInDetails()).map((p) => p.name)).toContain('PowerUserAccess');
  });

  it('serves the real ReadOnlyAccess, with every version the data set has', async () => {
    const versions = await iam.send(
      new ListPolicyVersionsCommand({ PolicyArn: `${AWS}ReadOnlyAccess`, MaxItems: 1000 }),
    );
    expect(versions.Versions?.length).toBeGreaterThan(100);
    const [current] = versions.Versions ?? [];
    expect(current?.IsDefaultVersion).toBe(true);
    const { PolicyVersion: version } = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: `${AWS}ReadOnlyAccess`, VersionId: current?.VersionId }),
    );
    const document = decodeDocument(version?.Document) as { Statement: Array<{ Action: string[] }> };
    const actions = document.Statement.flatMap((statement) => statement.Action);
    // Far beyond the lab's old abridged copy.
    expect(actions.length).toBeGreaterThan(1000);
    expect(actions).toEqual(expect.arrayContaining(['s3:Get*', 'ec2:Describe*', 'iam:Get*']));
  });

  it("refuses ListPolicies input outside AWS's limits", async () => {
    for (const input of [{ MaxItems: 0 }, { MaxItems: 1001 }]) {
      const error = await awsError(iam.send(new ListPoliciesCommand(input)));
      expect(error).toMatchObject({ code: 'ValidationError', status: 400 });
      expect(error.message).toContain('maxItems');
    }
    const marker = await awsError(iam.send(new ListPoliciesCommand({ Marker: 'not-one-we-issued' })));
    expect(marker).toMatchObject({ code: 'InvalidInput', message: 'Invalid Marker.' });
    const prefix = await awsError(iam.send(new ListPoliciesCommand({ PathPrefix: 'service-role/' })));
    expect(prefix).toMatchObject({ code: 'ValidationError', status: 400 });
  });

  it('refuses to attach an unknown or retired AWS policy', async () => {
    for (const arn of [`${AWS}NoSuchPolicy`, `${AWS}AWSElasticBeanstalkFullAccess`]) {
      const error = await awsError(iam.send(new AttachRolePolicyCommand({ RoleName: ROLE, PolicyArn: arn })));
      expect(error).toMatchObject({
        code: 'NoSuchEntity',
        message: `Policy ${arn} does not exist or is not attachable.`,
      });
    }
  });
});
