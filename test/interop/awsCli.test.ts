/**
 * The real AWS CLI (v1, botocore) against the sandbox: proof that the wire
 * format is what AWS's own tools expect, independently of the JavaScript SDK.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_CREDENTIALS } from '../../src/sandbox';
import { startTestSandbox, type TestSandbox, TRAINING_LAB } from '../support/sandbox';

const CLI_TIMEOUT_MS = 30_000;

let sandbox: TestSandbox;
let env: NodeJS.ProcessEnv;

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function aws(args: readonly string[], credentials = SANDBOX_ADMIN_CREDENTIALS): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'aws',
      ['--endpoint-url', sandbox.endpoint, '--output', 'json', ...args],
      {
        timeout: CLI_TIMEOUT_MS,
        env: { ...env, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey },
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}

async function awsJson(args: readonly string[], credentials = SANDBOX_ADMIN_CREDENTIALS): Promise<unknown> {
  const result = await aws(args, credentials);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

// Each test gets its own sandbox and state file; starting one takes milliseconds.
beforeEach(async () => {
  sandbox = await startTestSandbox();
  const configFile = join(sandbox.dir, 'aws-config');
  const credentialsFile = join(sandbox.dir, 'aws-credentials');
  await writeFile(configFile, '');
  await writeFile(credentialsFile, '');
  const { AWS_PROFILE: _profile, AWS_SESSION_TOKEN: _token, AWS_ENDPOINT_URL: _endpoint, ...rest } = process.env;
  env = {
    ...rest,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
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
