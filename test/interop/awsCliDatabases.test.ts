/**
 * The real AWS CLI (v1, botocore) against the sandbox's RDS and EC2 security
 * group writes: RDS's named list elements, the Groups wire name for group
 * sources, and EC2's error codes as the CLI prints them.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_CREDENTIALS } from '../../src/sandbox';
import { startTestSandbox, type TestSandbox } from '../support/sandbox';

const CLI_TIMEOUT_MS = 30_000;

let sandbox: TestSandbox;
let env: NodeJS.ProcessEnv;

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function aws(args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'aws',
      ['--endpoint-url', sandbox.endpoint, '--output', 'json', ...args],
      { timeout: CLI_TIMEOUT_MS, env },
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

async function awsJson<T>(args: readonly string[]): Promise<T> {
  const result = await aws(args);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

beforeEach(async () => {
  sandbox = await startTestSandbox();
  const configFile = join(sandbox.dir, 'aws-config');
  const credentialsFile = join(sandbox.dir, 'aws-credentials');
  // Path-style addressing: the sandbox is one loopback host, not a bucket per subdomain.
  await writeFile(configFile, '[default]\ns3 =\n  addressing_style = path\n');
  await writeFile(credentialsFile, '');
  const { AWS_PROFILE: _profile, AWS_SESSION_TOKEN: _token, AWS_ENDPOINT_URL: _endpoint, ...rest } = process.env;
  env = {
    ...rest,
    AWS_ACCESS_KEY_ID: SANDBOX_ADMIN_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SANDBOX_ADMIN_CREDENTIALS.secretAccessKey,
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

const RDS_SG = 'sg-0965722cdbe774e58';
const LEARNER_SG = 'sg-0f2a6c8e4b1d3a579';
// flask-ssm-demo-prod's instance group, in the database's VPC.
const APP_SG = 'sg-0e5d4c3b2a1f00102';
const fromGroup = (groupId: string, description: string) =>
  JSON.stringify([
    {
      IpProtocol: 'tcp',
      FromPort: 3306,
      ToPort: 3306,
      UserIdGroupPairs: [{ GroupId: groupId, Description: description }],
    },
  ]);
const fromLearner = fromGroup(APP_SG, 'flask-ssm-demo-prod');

interface GroupsOutput {
  SecurityGroups: Array<{
    GroupName: string;
    IpPermissions: Array<{ FromPort?: number; UserIdGroupPairs: Array<{ GroupId: string; Description?: string }> }>;
  }>;
}

describe('AWS CLI: RDS and security group ingress against the sandbox', () => {
  it('rds describe-db-instances and describe-db-subnet-groups', async () => {
    const out = await awsJson<{ DBInstances: Array<Record<string, unknown>> }>(['rds', 'describe-db-instances']);
    expect(out.DBInstances.map((db) => db['DBInstanceIdentifier'])).toEqual(['edx-photos-db', 'flask-db-instance-1']);
    expect(out.DBInstances[0]).toMatchObject({
      Endpoint: { Address: 'edx-photos-db.ccd69a3vcffc.us-east-1.rds.amazonaws.com', Port: 3306 },
      VpcSecurityGroups: [{ VpcSecurityGroupId: RDS_SG, Status: 'active' }],
      DBSubnetGroup: { VpcId: 'vpc-0e5d4c3b2a1f09876' },
    });
    const one = await awsJson<{ DBInstances: unknown[] }>([
      'rds',
      'describe-db-instances',
      '--filters',
      'Name=db-cluster-id,Values=flask-db',
    ]);
    expect(one.DBInstances).toHaveLength(1);
    const groups = await awsJson<{ DBSubnetGroups: Array<{ DBSubnetGroupName: string; Subnets: unknown[] }> }>([
      'rds',
      'describe-db-subnet-groups',
    ]);
    expect(groups.DBSubnetGroups).toEqual([
      expect.objectContaining({ DBSubnetGroupName: 'edx-db-private-subnets', Subnets: expect.any(Array) }),
    ]);
    expect(groups.DBSubnetGroups[0]?.Subnets).toHaveLength(2);

    const missing = await aws(['rds', 'describe-db-instances', '--db-instance-identifier', 'nope']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('(DBInstanceNotFound)');
  });

  it('rds create-db-instance --port 5433', async () => {
    const out = await awsJson<{ DBInstance: { Endpoint: { Port: number }; DBInstanceStatus: string } }>([
      'rds',
      'create-db-instance',
      '--db-instance-identifier',
      'cli-pg',
      '--db-instance-class',
      'db.t3.micro',
      '--engine',
      'postgres',
      '--port',
      '5433',
      '--db-subnet-group-name',
      'edx-db-private-subnets',
    ]);
    expect(out.DBInstance).toMatchObject({ Endpoint: { Port: 5433 }, DBInstanceStatus: 'creating' });
    const listed = await awsJson<{ DBInstances: Array<{ Endpoint: { Port: number } }> }>([
      'rds',
      'describe-db-instances',
      '--db-instance-identifier',
      'cli-pg',
    ]);
    expect(listed.DBInstances[0]?.Endpoint.Port).toBe(5433);
  });

  it('ec2 describe-security-groups, authorize- and revoke-security-group-ingress', async () => {
    const before = await awsJson<GroupsOutput>(['ec2', 'describe-security-groups', '--group-ids', RDS_SG]);
    expect(before.SecurityGroups[0]?.GroupName).toBe('rds-launch-wizard');
    expect(before.SecurityGroups[0]?.IpPermissions[0]?.UserIdGroupPairs).toHaveLength(2);

    const added = await awsJson<{
      Return: boolean;
      SecurityGroupRules: Array<{ ReferencedGroupInfo: { GroupId: string } }>;
    }>(['ec2', 'authorize-security-group-ingress', '--group-id', RDS_SG, '--ip-permissions', fromLearner]);
    expect(added.Return).toBe(true);
    expect(added.SecurityGroupRules[0]?.ReferencedGroupInfo.GroupId).toBe(APP_SG);
    const after = await awsJson<GroupsOutput>(['ec2', 'describe-security-groups', '--group-ids', RDS_SG]);
    expect(after.SecurityGroups[0]?.IpPermissions[0]?.UserIdGroupPairs).toContainEqual(
      expect.objectContaining({ GroupId: APP_SG, Description: 'flask-ssm-demo-prod' }),
    );

    const duplicate = await aws([
      'ec2',
      'authorize-security-group-ingress',
      '--group-id',
      RDS_SG,
      '--ip-permissions',
      fromLearner,
    ]);
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr).toContain('(InvalidPermission.Duplicate)');

    await awsJson(['ec2', 'revoke-security-group-ingress', '--group-id', RDS_SG, '--ip-permissions', fromLearner]);
    const gone = await aws([
      'ec2',
      'revoke-security-group-ingress',
      '--group-id',
      RDS_SG,
      '--ip-permissions',
      fromLearner,
    ]);
    expect(gone.stderr).toContain('(InvalidPermission.NotFound)');

    // The CLI's shorthand form: top-level protocol, port and CIDR.
    await awsJson([
      'ec2',
      'authorize-security-group-ingress',
      '--group-id',
      RDS_SG,
      '--protocol',
      'tcp',
      '--port',
      '3306',
      '--cidr',
      '10.1.0.0/16',
    ]);
    const cidr = await awsJson<{
      SecurityGroups: Array<{ IpPermissions: Array<{ IpRanges: Array<{ CidrIp: string }> }> }>;
    }>(['ec2', 'describe-security-groups', '--group-ids', RDS_SG]);
    expect(cidr.SecurityGroups[0]?.IpPermissions[0]?.IpRanges).toEqual([{ CidrIp: '10.1.0.0/16' }]);
  });

  it('refuses a source group from another VPC the way AWS does without peering', async () => {
    const refused = await aws([
      'ec2',
      'authorize-security-group-ingress',
      '--group-id',
      RDS_SG,
      '--ip-permissions',
      fromGroup(LEARNER_SG, 'Bbruceeb2-env'),
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      'An error occurred (InvalidGroup.NotFound) when calling the AuthorizeSecurityGroupIngress operation: You have specified two resources that belong to different networks.',
    );
  });
});
