import { DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateApplicationCommand, ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import {
  AttachRolePolicyCommand,
  GetUserCommand,
  IAMClient,
  ListRolesCommand,
  PutUserPolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { ListDomainNamesCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeParametersCommand, GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox, TRAINING_LAB } from '../../support/sandbox';
import { createUserWithKey } from '../../support/sandboxUsers';
import { awsError } from './awsErrors';

const ACCOUNT = TRAINING_LAB.accountId;
const LAB_USER_ARN = `arn:aws:iam::${ACCOUNT}:user/${TRAINING_LAB.userName}`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/EC2_Can_Use_Services`;

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

const implicitDeny = (user: string, action: string, resource = '*'): string =>
  `User: arn:aws:iam::${ACCOUNT}:user/${user} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

/** Creates a user through the API with one inline policy and returns its new key. */
const userWithPolicy = (name: string, statements: unknown[]) => createUserWithKey(admin, name, statements);

describe('the training-lab user', () => {
  it('is refused elasticbeanstalk:CreateApplication with AWS wording and HTTP 403', async () => {
    const eb = new ElasticBeanstalkClient(sandbox.clientConfig(TRAINING_LAB.userCredentials));
    const error = await awsError(eb.send(new CreateApplicationCommand({ ApplicationName: 'denied-app' })));
    eb.destroy();
    expect(error).toEqual({
      name: 'AccessDenied',
      code: 'AccessDenied',
      status: 403,
      message: `User: ${LAB_USER_ARN} is not authorized to perform: elasticbeanstalk:CreateApplication on resource: arn:aws:elasticbeanstalk:us-east-1:${ACCOUNT}:application/denied-app because no identity-based policy allows the elasticbeanstalk:CreateApplication action`,
    });
    // The refusal happened before the handler: nothing was created.
    const asAdmin = new ElasticBeanstalkClient(sandbox.clientConfig());
    await expect(asAdmin.send(new CreateApplicationCommand({ ApplicationName: 'denied-app' }))).resolves.toBeDefined();
    asAdmin.destroy();
  });

  it('may call what edXProjectPolicy allows: S3, EC2 Describe*, IAM reads, and GetCallerIdentity', async () => {
    const config = sandbox.clientConfig(TRAINING_LAB.userCredentials);
    const s3 = new S3Client({ ...config, forcePathStyle: true });
    const ec2 = new EC2Client(config);
    const iam = new IAMClient(config);
    const sts = new STSClient(config);
    expect((await s3.send(new ListBucketsCommand({}))).Buckets?.length).toBeGreaterThan(0);
    expect((await ec2.send(new DescribeVpcsCommand({}))).Vpcs?.length).toBeGreaterThan(0);
    expect((await iam.send(new ListRolesCommand({}))).Roles?.map((role) => role.RoleName)).toContain(
      'EC2_Can_Use_Services',
    );
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(LAB_USER_ARN);
    for (const client of [s3, ec2, iam, sts]) client.destroy();
  });

  it('is refused iam:AttachRolePolicy, since it only has iam:Get* and iam:List*', async () => {
    const iam = new IAMClient(sandbox.clientConfig(TRAINING_LAB.userCredentials));
    const error = await awsError(
      iam.send(
        new AttachRolePolicyCommand({
          RoleName: 'EC2_Can_Use_Services',
          PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess',
        }),
      ),
    );
    iam.destroy();
    expect(error).toMatchObject({
      code: 'AccessDenied',
      status: 403,
      message: implicitDeny(TRAINING_LAB.userName, 'iam:AttachRolePolicy', ROLE_ARN),
    });
  });
});

describe('a user created through the API', () => {
  it('is allowed exactly what its inline policy grants, in every protocol', async () => {
    const keys = await userWithPolicy('reporter', [
      { Effect: 'Allow', Action: ['ec2:DescribeVpcs', 'ssm:DescribeParameters'], Resource: '*' },
    ]);
    const config = sandbox.clientConfig(keys);
    const ec2 = new EC2Client(config);
    const ssm = new SSMClient(config);
    const s3 = new S3Client({ ...config, forcePathStyle: true });
    const search = new OpenSearchClient(config);
    const iam = new IAMClient(config);

    expect((await ec2.send(new DescribeVpcsCommand({}))).Vpcs?.length).toBeGreaterThan(0);
    expect((await ssm.send(new DescribeParametersCommand({}))).Parameters).toBeDefined();

    expect(await awsError(ec2.send(new DescribeSubnetsCommand({})))).toMatchObject({
      code: 'UnauthorizedOperation',
      status: 403,
      message: `You are not authorized to perform this operation. ${implicitDeny('reporter', 'ec2:DescribeSubnets')}`,
    });
    expect(await awsError(ssm.send(new GetParameterCommand({ Name: '/any' })))).toMatchObject({
      name: 'AccessDeniedException',
      status: 400,
      message: implicitDeny('reporter', 'ssm:GetParameter', `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/any`),
    });
    expect(await awsError(s3.send(new ListBucketsCommand({})))).toMatchObject({
      name: 'AccessDenied',
      status: 403,
      message: implicitDeny('reporter', 's3:ListAllMyBuckets'),
    });
    expect(await awsError(search.send(new ListDomainNamesCommand({})))).toMatchObject({
      name: 'AccessDeniedException',
      status: 403,
      message: implicitDeny('reporter', 'es:ListDomainNames'),
    });
    expect(await awsError(iam.send(new GetUserCommand({})))).toMatchObject({
      code: 'AccessDenied',
      status: 403,
      message: implicitDeny('reporter', 'iam:GetUser', `arn:aws:iam::${ACCOUNT}:user/reporter`),
    });
    for (const client of [ec2, ssm, s3, search, iam]) client.destroy();
  });

  it('follows the state: a policy put after the key was made takes effect on the next call', async () => {
    const keys = await userWithPolicy('grower', [{ Effect: 'Allow', Action: 'ssm:DescribeParameters', Resource: '*' }]);
    const ec2 = new EC2Client(sandbox.clientConfig(keys));
    expect((await awsError(ec2.send(new DescribeVpcsCommand({})))).code).toBe('UnauthorizedOperation');
    await admin.send(
      new PutUserPolicyCommand({
        UserName: 'grower',
        PolicyName: 'ec2-reads',
        PolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }] }),
      }),
    );
    expect((await ec2.send(new DescribeVpcsCommand({}))).Vpcs?.length).toBeGreaterThan(0);
    ec2.destroy();
  });

  it('is refused by an explicit Deny even where another statement allows everything', async () => {
    const keys = await userWithPolicy('guarded', [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 'ssm:Get*', Resource: '*' },
    ]);
    const ssm = new SSMClient(sandbox.clientConfig(keys));
    expect((await ssm.send(new DescribeParametersCommand({}))).Parameters).toBeDefined();
    expect(await awsError(ssm.send(new GetParameterCommand({ Name: '/any' })))).toMatchObject({
      name: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:iam::${ACCOUNT}:user/guarded is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/any with an explicit deny in an identity-based policy`,
    });
    ssm.destroy();
  });

  it('may always call sts:GetCallerIdentity, even with no policies', async () => {
    const keys = await userWithPolicy('nobody', [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }]);
    const sts = new STSClient(sandbox.clientConfig(keys));
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/nobody`);
    sts.destroy();
  });
});

describe('SimulatePrincipalPolicy', () => {
  const ACTIONS = ['iam:CreateRole', 'iam:PassRole', 'iam:CreateInstanceProfile', 'elasticbeanstalk:CreateApplication'];

  it('reports implicitDeny for the Beanstalk deploy permissions EC2_Can_Use_Services lacks, then allowed after IAMFullAccess', async () => {
    const before = await admin.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: ROLE_ARN, ActionNames: ACTIONS }),
    );
    expect(before.IsTruncated).toBe(false);
    expect(
      before.EvaluationResults?.map((result) => [result.EvalActionName, result.EvalResourceName, result.EvalDecision]),
    ).toEqual(ACTIONS.map((action) => [action, '*', 'implicitDeny']));
    expect(before.EvaluationResults?.[0]?.MatchedStatements ?? []).toEqual([]);

    await admin.send(
      new AttachRolePolicyCommand({
        RoleName: 'EC2_Can_Use_Services',
        PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess',
      }),
    );
    const after = await admin.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: ROLE_ARN, ActionNames: ACTIONS }),
    );
    expect(after.EvaluationResults?.map((result) => result.EvalDecision)).toEqual([
      'allowed',
      'allowed',
      'allowed',
      'implicitDeny',
    ]);
    expect(after.EvaluationResults?.[1]?.MatchedStatements).toEqual([
      { SourcePolicyId: 'IAMFullAccess', SourcePolicyType: 'IAM Policy' },
    ]);
  });

  it('evaluates each resource, reports an explicit deny with its statement, and pages with MaxItems/Marker', async () => {
    await userWithPolicy('sim', [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::covers/*' },
      { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
    ]);
    const input = {
      PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/sim`,
      ActionNames: ['s3:GetObject', 's3:DeleteObject'],
      ResourceArns: ['arn:aws:s3:::covers/a.jpg', 'arn:aws:s3:::invoices/1.pdf'],
      MaxItems: 3,
    };
    const first = await admin.send(new SimulatePrincipalPolicyCommand(input));
    expect(first.IsTruncated).toBe(true);
    expect(
      first.EvaluationResults?.map((result) => [result.EvalActionName, result.EvalResourceName, result.EvalDecision]),
    ).toEqual([
      ['s3:GetObject', 'arn:aws:s3:::covers/a.jpg', 'allowed'],
      ['s3:GetObject', 'arn:aws:s3:::invoices/1.pdf', 'implicitDeny'],
      ['s3:DeleteObject', 'arn:aws:s3:::covers/a.jpg', 'explicitDeny'],
    ]);
    expect(first.EvaluationResults?.[2]?.MatchedStatements).toEqual([
      { SourcePolicyId: 'sim-inline', SourcePolicyType: 'IAM Policy' },
    ]);
    const second = await admin.send(new SimulatePrincipalPolicyCommand({ ...input, Marker: first.Marker }));
    expect(second.IsTruncated).toBe(false);
    expect(second.EvaluationResults?.map((result) => [result.EvalResourceName, result.EvalDecision])).toEqual([
      ['arn:aws:s3:::invoices/1.pdf', 'explicitDeny'],
    ]);
  });

  it('answers NoSuchEntity for a principal that does not exist', async () => {
    const error = await awsError(
      admin.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: `arn:aws:iam::${ACCOUNT}:role/NoSuchRole`,
          ActionNames: ['iam:GetRole'],
        }),
      ),
    );
    expect(error).toMatchObject({
      code: 'NoSuchEntity',
      status: 404,
      message: 'The role with name NoSuchRole cannot be found.',
    });
  });

  it('agrees with enforcement for the lab user', async () => {
    const result = await admin.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: LAB_USER_ARN,
        ActionNames: ['elasticbeanstalk:CreateApplication', 'autoscaling:CreateAutoScalingGroup', 's3:PutObject'],
      }),
    );
    expect(result.EvaluationResults?.map((item) => item.EvalDecision)).toEqual([
      'implicitDeny',
      'implicitDeny',
      'allowed',
    ]);
    expect(result.EvaluationResults?.[2]?.MatchedStatements).toEqual([
      { SourcePolicyId: 'edXProjectPolicy', SourcePolicyType: 'IAM Policy' },
    ]);
  });
});
