/**
 * The real AWS CLI (v1, botocore) against the sandbox's RDS and EC2 security
 * group writes: RDS's named list elements, the Groups wire name for group
 * sources, and EC2's error codes as the CLI prints them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isolatedCliEnv, runAws, runAwsJson } from '../support/awsCli';
import { startTestSandbox, type TestSandbox } from '../support/sandbox';

let sandbox: TestSandbox;
let env: NodeJS.ProcessEnv;

const aws = (args: readonly string[]) => runAws(sandbox.endpoint, env, args);
const awsJson = <T>(args: readonly string[]) => runAwsJson<T>(sandbox.endpoint, env, args);

beforeEach(async () => {
  sandbox = await startTestSandbox();
  // Path-style addressing: the sandbox is one loopback host, not a bucket per subdomain.
  env = await isolatedCliEnv(sandbox.dir, '[default]\ns3 =\n  addressing_style = path\n');
});

afterEach(async () => {
  await sandbox.dispose();
});

const RDS_SG = 'sg-0965722cdbe774e58';
// Bbruceeb1-env's instance group, in the default VPC (catalogue F4).
const LEARNER_SG = 'sg-016d7450f169ba56c';
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
      fromGroup(LEARNER_SG, 'Bbruceeb1-env'),
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      'An error occurred (InvalidGroup.NotFound) when calling the AuthorizeSecurityGroupIngress operation: You have specified two resources that belong to different networks.',
    );
  });
});
