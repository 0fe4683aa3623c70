/**
 * The real AWS CLI (v1, botocore) against the sandbox: proof that the wire
 * format is what AWS's own tools expect, independently of the JavaScript SDK.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_CREDENTIALS } from '../../src/sandbox';
import { isolatedCliEnv, runAws, runAwsJson } from '../support/awsCli';
import { startTestSandbox, type TestSandbox, TRAINING_LAB } from '../support/sandbox';

let sandbox: TestSandbox;
let env: NodeJS.ProcessEnv;

type Credentials = typeof SANDBOX_ADMIN_CREDENTIALS;
const as = (credentials: Credentials): NodeJS.ProcessEnv => ({
  ...env,
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
});
// Calls run as the administrator unless a test passes a scenario user's keys.
const aws = (args: readonly string[], credentials = SANDBOX_ADMIN_CREDENTIALS) =>
  runAws(sandbox.endpoint, as(credentials), args);
const awsJson = (args: readonly string[], credentials = SANDBOX_ADMIN_CREDENTIALS) =>
  runAwsJson<unknown>(sandbox.endpoint, as(credentials), args);

// Each test gets its own sandbox and state file; starting one takes milliseconds.
beforeEach(async () => {
  sandbox = await startTestSandbox();
  env = await isolatedCliEnv(sandbox.dir, '', null);
});

afterEach(async () => {
  await sandbox.dispose();
});

describe('AWS CLI against the sandbox', () => {
  it('iam list-roles: every role, with trust policies decoded by botocore', async () => {
    const result = (await awsJson(['iam', 'list-roles'])) as {
      Roles: Array<{
        RoleName: string;
        Arn: string;
        AssumeRolePolicyDocument: { Statement: Array<{ Principal: unknown }> };
      }>;
    };
    expect(result.Roles.map((role) => role.RoleName)).toEqual([...TRAINING_LAB.roles]);
    const service = result.Roles.find((role) => role.RoleName === 'aws-elasticbeanstalk-service-role');
    expect(service?.Arn).toBe('arn:aws:iam::570589970431:role/aws-elasticbeanstalk-service-role');
    expect(service?.AssumeRolePolicyDocument.Statement[0]?.Principal).toEqual({
      Service: 'elasticbeanstalk.amazonaws.com',
    });
  });

  it('iam list-roles follows the Marker across pages of two (CLI auto-pagination)', async () => {
    const result = (await awsJson(['iam', 'list-roles', '--page-size', '2'])) as { Roles: Array<{ RoleName: string }> };
    expect(result.Roles.map((role) => role.RoleName)).toEqual([...TRAINING_LAB.roles]);
  });

  it('iam get-account-authorization-details: roles, users and policy documents', async () => {
    const result = (await awsJson([
      'iam',
      'get-account-authorization-details',
      '--filter',
      'Role',
      'User',
      'LocalManagedPolicy',
    ])) as {
      UserDetailList: Array<{ UserName: string }>;
      RoleDetailList: Array<{ RoleName: string; InstanceProfileList: Array<{ InstanceProfileName: string }> }>;
      Policies: Array<{
        PolicyName: string;
        PolicyVersionList: Array<{ Document: { Statement: Array<{ Action: unknown }> } }>;
      }>;
    };
    expect(result.UserDetailList.map((user) => user.UserName)).toEqual([TRAINING_LAB.userName]);
    expect(result.RoleDetailList.map((role) => role.RoleName)).toEqual([...TRAINING_LAB.roles]);
    const jumpbox = result.RoleDetailList.find((role) => role.RoleName === 'EC2_Can_Use_Services');
    expect(jumpbox?.InstanceProfileList.map((profile) => profile.InstanceProfileName)).toEqual([
      'EC2_Can_Use_Services',
    ]);
    const es = result.Policies.find((policy) => policy.PolicyName === 'ElasticsearchDomainAccess');
    expect(es?.PolicyVersionList[0]?.Document.Statement[0]?.Action).toBe('es:ESHttp*');
  });

  it('iam attach-role-policy then list-attached-role-policies shows two policies', async () => {
    const attach = await aws([
      'iam',
      'attach-role-policy',
      '--role-name',
      'EC2_Can_Use_Services',
      '--policy-arn',
      'arn:aws:iam::aws:policy/IAMFullAccess',
    ]);
    expect(attach).toEqual({ code: 0, stdout: '', stderr: '' });
    const result = (await awsJson(['iam', 'list-attached-role-policies', '--role-name', 'EC2_Can_Use_Services'])) as {
      AttachedPolicies: Array<{ PolicyName: string; PolicyArn: string }>;
    };
    expect(result.AttachedPolicies).toEqual([
      {
        PolicyName: 'ElasticsearchDomainAccess',
        PolicyArn: 'arn:aws:iam::570589970431:policy/ElasticsearchDomainAccess',
      },
      { PolicyName: 'IAMFullAccess', PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' },
    ]);
  });

  it('reports AWS errors the way the CLI shows them', async () => {
    const result = await aws(['iam', 'get-role', '--role-name', 'no-such-role']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      'An error occurred (NoSuchEntity) when calling the GetRole operation: The role with name no-such-role cannot be found.',
    );
  });

  it('sts get-caller-identity: the administrator, then the course user', async () => {
    expect(await awsJson(['sts', 'get-caller-identity'])).toEqual({
      UserId: '570589970431',
      Account: '570589970431',
      Arn: 'arn:aws:iam::570589970431:root',
    });
    expect(await awsJson(['sts', 'get-caller-identity'], TRAINING_LAB.userCredentials)).toEqual({
      UserId: 'AIDAYLQ4JS7X5QHNBCW3K',
      Account: '570589970431',
      Arn: 'arn:aws:iam::570589970431:user/edXProjectUser3',
    });
  });
});
