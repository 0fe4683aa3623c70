import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { awsError, decodeDocument } from './awsErrors';

const AWS = 'arn:aws:iam::aws:policy/';
const JUMPBOX = 'EC2_Can_Use_Services';
const SSM_READ = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: 'arn:aws:ssm:us-east-1:570589970431:parameter/flaskapp/*',
    },
  ],
});

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

async function attachedTo(roleName: string): Promise<string[]> {
  const result = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }));
  return (result.AttachedPolicies ?? []).map((policy) => policy.PolicyName ?? '');
}

async function attachmentCount(arn: string): Promise<number | undefined> {
  return (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount;
}

describe('managed policy attachments', () => {
  it('follows seed 000: the jumpbox role goes from one to two to three policies', async () => {
    expect(await attachedTo(JUMPBOX)).toEqual(['ElasticsearchDomainAccess']);
    await iam.send(new AttachRolePolicyCommand({ RoleName: JUMPBOX, PolicyArn: `${AWS}IAMFullAccess` }));
    expect(await attachedTo(JUMPBOX)).toEqual(['ElasticsearchDomainAccess', 'IAMFullAccess']);
    await iam.send(
      new AttachRolePolicyCommand({ RoleName: JUMPBOX, PolicyArn: `${AWS}AdministratorAccess-AWSElasticBeanstalk` }),
    );
    const result = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: JUMPBOX }));
    expect(result.AttachedPolicies).toEqual([
      {
        PolicyName: 'AdministratorAccess-AWSElasticBeanstalk',
        PolicyArn: `${AWS}AdministratorAccess-AWSElasticBeanstalk`,
      },
      {
        PolicyName: 'ElasticsearchDomainAccess',
        PolicyArn: 'arn:aws:iam::570589970431:policy/ElasticsearchDomainAccess',
      },
      { PolicyName: 'IAMFullAccess', PolicyArn: `${AWS}IAMFullAccess` },
    ]);
    expect(result.IsTruncated).toBe(false);
  });

  it('attaches idempotently and keeps AttachmentCount right', async () => {
    expect(await attachmentCount(`${AWS}AmazonS3FullAccess`)).toBe(2);
    expect(await attachmentCount(`${AWS}IAMFullAccess`)).toBe(0);
    await iam.send(new AttachRolePolicyCommand({ RoleName: JUMPBOX, PolicyArn: `${AWS}IAMFullAccess` }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: JUMPBOX, PolicyArn: `${AWS}IAMFullAccess` }));
    expect(await attachedTo(JUMPBOX)).toEqual(['ElasticsearchDomainAccess', 'IAMFullAccess']);
    expect(await attachmentCount(`${AWS}IAMFullAccess`)).toBe(1);
    await iam.send(new AttachUserPolicyCommand({ UserName: 'edXProjectUser3', PolicyArn: `${AWS}IAMFullAccess` }));
    expect(await attachmentCount(`${AWS}IAMFullAccess`)).toBe(2);
    await iam.send(new DetachRolePolicyCommand({ RoleName: JUMPBOX, PolicyArn: `${AWS}IAMFullAccess` }));
    expect(await attachmentCount(`${AWS}IAMFullAccess`)).toBe(1);
    expect(await attachedTo(JUMPBOX)).toEqual(['ElasticsearchDomainAccess']);
  });

  it('refuses policies that do not exist, the retired Beanstalk policy, and malformed ARNs', async () => {
    const missing = await awsError(
      iam.send(new AttachRolePolicyCommand({ RoleName: JUMPBOX, PolicyArn: `${AWS}NoSuchPolicy` })),
    );
    expect(missing).toMatchObject({ code: 'NoSuchEntity', status: 404 });
    expect(missing.message).toBe('Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.');

    const retired = await awsError(
      iam.send(new AttachRolePolicyCommand({ RoleName: JUMPBOX, PolicyArn: `${AWS}AWSElasticBeanstalkFullAccess` })),
    );
    expect(retired).toMatchObject({ code: 'NoSuchEntity', status: 404 });

    const malformed = await awsError(
      iam.send(new AttachRolePolicyCommand({ RoleName: JUMPBOX, PolicyArn: 'IAMFullAccess-not-an-arn' })),
    );
    expect(malformed).toMatchObject({ code: 'InvalidInput', status: 400 });
    expect(malformed.message).toBe('ARN IAMFullAccess-not-an-arn is not valid.');

    const noRole = await awsError(
      iam.send(new AttachRolePolicyCommand({ RoleName: 'ghost', PolicyArn: `${AWS}IAMFullAccess` })),
    );
    expect(noRole.message).toBe('The role with name ghost cannot be found.');
  });

  it('enforces the quota of 10 managed policies per role', async () => {
    const document = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }],
    });
    for (let i = 1; i <= 10; i += 1) {
      await iam.send(new CreatePolicyCommand({ PolicyName: `quota-${i}`, PolicyDocument: document }));
    }
    for (let i = 1; i <= 9; i += 1) {
      await iam.send(
        new AttachRolePolicyCommand({ RoleName: JUMPBOX, PolicyArn: `arn:aws:iam::570589970431:policy/quota-${i}` }),
      );
    }
    expect(await attachedTo(JUMPBOX)).toHaveLength(10);
    const error = await awsError(
      iam.send(
        new AttachRolePolicyCommand({ RoleName: JUMPBOX, PolicyArn: 'arn:aws:iam::570589970431:policy/quota-10' }),
      ),
    );
    expect(error).toMatchObject({ code: 'LimitExceeded', status: 409 });
    expect(error.message).toBe('Cannot exceed quota for PoliciesPerRole: 10');
  });

  it('detaching a policy that is not attached is NoSuchEntity', async () => {
    const error = await awsError(
      iam.send(new DetachRolePolicyCommand({ RoleName: JUMPBOX, PolicyArn: `${AWS}IAMFullAccess` })),
    );
    expect(error).toMatchObject({ code: 'NoSuchEntity', status: 404 });
    expect(error.message).toBe('Policy arn:aws:iam::aws:policy/IAMFullAccess was not found.');
  });

  it("manages a user's attachments", async () => {
    const before = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'edXProjectUser3' }));
    expect(before.AttachedPolicies).toEqual([
      { PolicyName: 'edXProjectPolicy', PolicyArn: 'arn:aws:iam::570589970431:policy/edXProjectPolicy' },
    ]);
    await iam.send(
      new AttachUserPolicyCommand({
        UserName: 'edXProjectUser3',
        PolicyArn: `${AWS}AdministratorAccess-AWSElasticBeanstalk`,
      }),
    );
    await iam.send(
      new DetachUserPolicyCommand({
        UserName: 'edXProjectUser3',
        PolicyArn: 'arn:aws:iam::570589970431:policy/edXProjectPolicy',
      }),
    );
    const after = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'edXProjectUser3' }));
    expect(after.AttachedPolicies?.map((policy) => policy.PolicyName)).toEqual([
      'AdministratorAccess-AWSElasticBeanstalk',
    ]);
  });

  it('pages attached policies and filters them by path', async () => {
    const service = 'aws-elasticbeanstalk-service-role';
    const first = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: service, MaxItems: 3 }));
    expect(first.AttachedPolicies?.map((policy) => policy.PolicyName)).toEqual([
      'AmazonRekognitionReadOnlyAccess',
      'AmazonS3FullAccess',
      'AWSElasticBeanstalkEnhancedHealth',
    ]);
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: service, MaxItems: 3, Marker: first.Marker }),
    );
    expect(second.AttachedPolicies?.map((policy) => policy.PolicyName)).toEqual([
      'AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy',
    ]);
    expect(second.Marker).toBeUndefined();
    const serviceRolePath = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: service, PathPrefix: '/service-role/' }),
    );
    expect(serviceRolePath.AttachedPolicies?.map((policy) => policy.PolicyName)).toEqual([
      'AWSElasticBeanstalkEnhancedHealth',
    ]);
  });
});

describe('inline policies', () => {
  it('puts, reads (URL-encoded), lists, replaces and deletes a role inline policy (F10)', async () => {
    const role = 'aws-elasticbeanstalk-ec2-role';
    await iam.send(
      new PutRolePolicyCommand({ RoleName: role, PolicyName: 'FetchSSMParameters', PolicyDocument: SSM_READ }),
    );
    // The scenario's own inline policy (PhotosDevParameters) sits next to the new one.
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: role }))).PolicyNames).toEqual([
      'FetchSSMParameters',
      'PhotosDevParameters',
    ]);
    const fetched = await iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: 'FetchSSMParameters' }));
    expect(fetched.RoleName).toBe(role);
    expect(fetched.PolicyDocument).toMatch(/^%7B%22Version%22%3A/);
    expect(decodeDocument(fetched.PolicyDocument)).toEqual(JSON.parse(SSM_READ));

    const widened = SSM_READ.replace('flaskapp/*', '*');
    await iam.send(
      new PutRolePolicyCommand({ RoleName: role, PolicyName: 'FetchSSMParameters', PolicyDocument: widened }),
    );
    const replaced = await iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: 'FetchSSMParameters' }));
    expect(decodeURIComponent(replaced.PolicyDocument ?? '')).toBe(widened);
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: role }))).PolicyNames).toHaveLength(2);

    await iam.send(new DeleteRolePolicyCommand({ RoleName: role, PolicyName: 'FetchSSMParameters' }));
    const gone = await awsError(
      iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: 'FetchSSMParameters' })),
    );
    expect(gone).toMatchObject({ code: 'NoSuchEntity', status: 404 });
    expect(gone.message).toBe('The role policy with name FetchSSMParameters cannot be found.');
  });

  it('does the same for users', async () => {
    const user = 'edXProjectUser3';
    const ebStatement = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['elasticbeanstalk:CreateApplication', 'autoscaling:CreateLaunchConfiguration'],
          Resource: '*',
        },
      ],
    });
    await iam.send(
      new PutUserPolicyCommand({ UserName: user, PolicyName: 'MissingBeanstalkActions', PolicyDocument: ebStatement }),
    );
    expect((await iam.send(new ListUserPoliciesCommand({ UserName: user }))).PolicyNames).toEqual([
      'MissingBeanstalkActions',
    ]);
    const fetched = await iam.send(new GetUserPolicyCommand({ UserName: user, PolicyName: 'MissingBeanstalkActions' }));
    expect(fetched.UserName).toBe(user);
    expect(decodeDocument(fetched.PolicyDocument)).toEqual(JSON.parse(ebStatement));
    await iam.send(new DeleteUserPolicyCommand({ UserName: user, PolicyName: 'MissingBeanstalkActions' }));
    expect((await iam.send(new ListUserPoliciesCommand({ UserName: user }))).PolicyNames).toEqual([]);
    const gone = await awsError(
      iam.send(new DeleteUserPolicyCommand({ UserName: user, PolicyName: 'MissingBeanstalkActions' })),
    );
    expect(gone.message).toBe('The user policy with name MissingBeanstalkActions cannot be found.');
  });

  it('rejects malformed inline documents', async () => {
    const error = await awsError(
      iam.send(new PutRolePolicyCommand({ RoleName: JUMPBOX, PolicyName: 'bad', PolicyDocument: 'not json' })),
    );
    expect(error).toMatchObject({ code: 'MalformedPolicyDocument', status: 400 });
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: JUMPBOX }))).PolicyNames).toEqual([]);
  });
});
