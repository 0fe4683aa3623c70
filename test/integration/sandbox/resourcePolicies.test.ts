/**
 * Resource-level permissions: the sandbox judges a request on the ARN it acts
 * on, so a policy scoped to a path, an application or a bucket prefix allows
 * exactly what it names, and a refusal names the ARN as AWS's does.
 */
import { AuthorizeSecurityGroupIngressCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateApplicationCommand, ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { CreateRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, GetParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox, TRAINING_LAB } from '../../support/sandbox';
import { createUserWithKey } from '../../support/sandboxUsers';
import { awsError } from './awsErrors';

const ACCOUNT = TRAINING_LAB.accountId;

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

const userWithPolicy = (name: string, statements: unknown[]) => createUserWithKey(admin, name, statements);

const denied = (user: string, action: string, resource: string): string =>
  `User: arn:aws:iam::${ACCOUNT}:user/${user} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

describe('resource-level permissions', () => {
  it('lets a parameter-path policy read its subtree only, and GetParameters needs every name', async () => {
    const rootSsm = new SSMClient(sandbox.clientConfig());
    await rootSsm.send(new PutParameterCommand({ Name: '/app/db-host', Value: 'db.internal', Type: 'String' }));
    await rootSsm.send(new PutParameterCommand({ Name: '/billing/key', Value: 'k', Type: 'String' }));
    rootSsm.destroy();
    const keys = await userWithPolicy('app-reader', [
      {
        Effect: 'Allow',
        Action: ['ssm:GetParameter', 'ssm:GetParameters'],
        Resource: `arn:aws:ssm:*:${ACCOUNT}:parameter/app/*`,
      },
    ]);
    const ssm = new SSMClient(sandbox.clientConfig(keys));
    const read = await ssm.send(new GetParameterCommand({ Name: '/app/db-host' }));
    expect(read.Parameter?.Value).toBe('db.internal');
    // A version selector does not change which parameter is judged.
    expect((await ssm.send(new GetParameterCommand({ Name: '/app/db-host:1' }))).Parameter?.Value).toBe('db.internal');

    const other = await awsError(ssm.send(new GetParameterCommand({ Name: '/billing/key' })));
    expect(other).toMatchObject({
      name: 'AccessDeniedException',
      message: denied('app-reader', 'ssm:GetParameter', `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/billing/key`),
    });
    const mixed = await awsError(ssm.send(new GetParametersCommand({ Names: ['/app/db-host', '/billing/key'] })));
    expect(mixed.message).toBe(
      denied('app-reader', 'ssm:GetParameters', `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/billing/key`),
    );
    ssm.destroy();
  });

  it('scopes IAM to a role path and Elastic Beanstalk to one application', async () => {
    await admin.send(
      new CreateRoleCommand({
        RoleName: 'ci-deployer',
        Path: '/ci/',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    const keys = await userWithPolicy('pathed', [
      { Effect: 'Allow', Action: 'iam:GetRole', Resource: `arn:aws:iam::${ACCOUNT}:role/ci/*` },
      {
        Effect: 'Allow',
        Action: 'elasticbeanstalk:CreateApplication',
        Resource: 'arn:aws:elasticbeanstalk:*:*:application/orders',
      },
    ]);
    const iam = new IAMClient(sandbox.clientConfig(keys));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'ci-deployer' }))).Role?.Arn).toBe(
      `arn:aws:iam::${ACCOUNT}:role/ci/ci-deployer`,
    );
    const outside = await awsError(iam.send(new GetRoleCommand({ RoleName: 'EC2_Can_Use_Services' })));
    expect(outside.message).toBe(denied('pathed', 'iam:GetRole', `arn:aws:iam::${ACCOUNT}:role/EC2_Can_Use_Services`));
    iam.destroy();

    const eb = new ElasticBeanstalkClient(sandbox.clientConfig(keys));
    await eb.send(new CreateApplicationCommand({ ApplicationName: 'orders' }));
    const elsewhere = await awsError(eb.send(new CreateApplicationCommand({ ApplicationName: 'payments' })));
    expect(elsewhere.message).toBe(
      denied(
        'pathed',
        'elasticbeanstalk:CreateApplication',
        `arn:aws:elasticbeanstalk:us-east-1:${ACCOUNT}:application/payments`,
      ),
    );
    eb.destroy();
  });

  it('scopes S3 to a key prefix', async () => {
    const rootS3 = new S3Client({ ...sandbox.clientConfig(), forcePathStyle: true });
    await rootS3.send(new CreateBucketCommand({ Bucket: 'bundles-lab' }));
    await rootS3.send(new PutObjectCommand({ Bucket: 'bundles-lab', Key: 'private/x.txt', Body: 'secret' }));
    rootS3.destroy();
    const keys = await userWithPolicy('uploader', [
      { Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: 'arn:aws:s3:::bundles-lab/uploads/*' },
    ]);
    const s3 = new S3Client({ ...sandbox.clientConfig(keys), forcePathStyle: true });
    await s3.send(new PutObjectCommand({ Bucket: 'bundles-lab', Key: 'uploads/app.zip', Body: 'zip' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'bundles-lab', Key: 'uploads/app.zip' }));
    expect(await got.Body?.transformToString()).toBe('zip');
    const refused = await awsError(s3.send(new GetObjectCommand({ Bucket: 'bundles-lab', Key: 'private/x.txt' })));
    expect(refused.message).toBe(denied('uploader', 's3:GetObject', 'arn:aws:s3:::bundles-lab/private/x.txt'));
    s3.destroy();
  });

  it('scopes RDS to a DB instance and EC2 writes to a security group', async () => {
    const keys = await userWithPolicy('db-operator', [
      { Effect: 'Allow', Action: 'rds:DescribeDBInstances', Resource: `arn:aws:rds:*:${ACCOUNT}:db:flask-db-*` },
      {
        Effect: 'Allow',
        Action: 'ec2:AuthorizeSecurityGroupIngress',
        Resource: `arn:aws:ec2:*:${ACCOUNT}:security-group/${TRAINING_LAB.demoEnvironment.securityGroupId}`,
      },
    ]);
    const rds = new RDSClient(sandbox.clientConfig(keys));
    const mine = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'flask-db-instance-1' }));
    expect(mine.DBInstances?.map((db) => db.DBInstanceIdentifier)).toEqual(['flask-db-instance-1']);
    const other = await awsError(rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'edx-photos-db' })));
    expect(other.message).toBe(
      denied('db-operator', 'rds:DescribeDBInstances', `arn:aws:rds:us-east-1:${ACCOUNT}:db:edx-photos-db`),
    );
    // Listing every instance is judged on `*`, which the scoped statement does not cover.
    expect((await awsError(rds.send(new DescribeDBInstancesCommand({})))).code).toBe('AccessDenied');
    rds.destroy();

    const ec2 = new EC2Client(sandbox.clientConfig(keys));
    const rule = (groupId: string) =>
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, IpRanges: [{ CidrIp: '10.9.0.0/16' }] }],
      });
    await ec2.send(rule(TRAINING_LAB.demoEnvironment.securityGroupId));
    const elsewhere = await awsError(ec2.send(rule(TRAINING_LAB.learnerEnvironment.securityGroupId)));
    expect(elsewhere.code).toBe('UnauthorizedOperation');
    expect(elsewhere.message).toContain(
      `on resource: arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/${TRAINING_LAB.learnerEnvironment.securityGroupId}`,
    );
    ec2.destroy();
  });
});
