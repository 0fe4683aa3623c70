/** EC2 (ec2Query) through the real SDK: instances, security groups, VPCs and subnets, filters and errors. */
import {
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';

let sandbox: TestSandbox;
let ec2: EC2Client;

beforeEach(async () => {
  sandbox = await startTestSandbox();
  ec2 = new EC2Client(sandbox.clientConfig());
});

afterEach(async () => {
  ec2.destroy();
  await sandbox.dispose();
});

describe('EC2 in the sandbox', () => {
  it('describes the environment instances with EB tags, VPC, subnet, groups and instance profile', async () => {
    const out = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [{ Name: 'tag:elasticbeanstalk:environment-name', Values: ['flask-ssm-demo-prod'] }],
      }),
    );
    const instances = out.Reservations?.flatMap((r) => r.Instances ?? []) ?? [];
    expect(instances).toHaveLength(1);
    const instance = instances[0];
    expect(instance).toMatchObject({
      InstanceId: 'i-0c4e8a2f6b1d39a75',
      VpcId: 'vpc-0e5d4c3b2a1f09876',
      SubnetId: 'subnet-0e5d4c3b2a1f00011',
      PrivateIpAddress: '10.1.1.57',
      State: { Name: 'running', Code: 16 },
      Placement: { AvailabilityZone: 'us-east-1a' },
    });
    expect(instance?.SecurityGroups).toEqual([{ GroupId: 'sg-0e5d4c3b2a1f00102', GroupName: 'custom_eb_asg' }]);
    expect(instance?.Tags).toContainEqual({ Key: 'elasticbeanstalk:environment-id', Value: 'e-fk7sn2qdpa' });
    expect(instance?.Tags).toContainEqual({ Key: 'aws:cloudformation:stack-name', Value: 'awseb-e-fk7sn2qdpa-stack' });
    expect(instance?.LaunchTime).toBeInstanceOf(Date);

    const byVpc = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'vpc-id', Values: ['vpc-0b7e4c1d2a3f45e61'] },
          { Name: 'instance-state-name', Values: ['running'] },
        ],
      }),
    );
    // Only Bbruceeb1-env's instance runs in the default VPC; Bbruceeb2-env's sits in the edx VPC.
    expect(byVpc.Reservations?.flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId)).toEqual([
      'i-0d5b7e9f1a3c68b24',
    ]);
    const byId = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0a7f3c9e1b5d24e68'] }));
    expect(byId.Reservations).toHaveLength(1);
    const none = await ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['stopped'] }] }),
    );
    expect(none.Reservations).toEqual([]);
  });

  it('reports unknown ids with EC2 error codes', async () => {
    await expect(
      ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0000000000000000f'] })),
    ).rejects.toMatchObject({
      name: 'InvalidInstanceID.NotFound',
      message: "The instance ID 'i-0000000000000000f' does not exist",
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0000000000000000f'] })),
    ).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
    await expect(ec2.send(new DescribeVpcsCommand({ VpcIds: ['vpc-0000000000000000f'] }))).rejects.toMatchObject({
      name: 'InvalidVpcID.NotFound',
    });
    await expect(
      ec2.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0000000000000000f'] })),
    ).rejects.toMatchObject({ name: 'InvalidSubnetID.NotFound' });
    await expect(
      ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'bogus', Values: ['x'] }] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('describes security groups with their ingress rules, by id, name and filter', async () => {
    const web = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0e5d4c3b2a1f00101'] }));
    const group = web.SecurityGroups?.[0];
    expect(group).toMatchObject({
      GroupName: 'web-server-sg',
      VpcId: 'vpc-0e5d4c3b2a1f09876',
      OwnerId: '570589970431',
    });
    expect(group?.IpPermissions).toContainEqual(
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'SSH from Cloud9' }],
      }),
    );
    const defaults = await ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] }));
    expect(defaults.SecurityGroups?.map((g) => g.VpcId)).toEqual(['vpc-0b7e4c1d2a3f45e61']);
    expect(defaults.SecurityGroups?.[0]?.IpPermissions?.[0]?.UserIdGroupPairs?.[0]?.GroupId).toBe(
      defaults.SecurityGroups?.[0]?.GroupId,
    );
    const managed = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['awseb-e-*'] }] }),
    );
    expect(managed.SecurityGroups?.map((g) => g.GroupName).sort()).toEqual([
      expect.stringMatching(/^awseb-e-cz35wnbsmc-stack-AWSEBSecurityGroup-[A-Z0-9]{12}$/),
      expect.stringMatching(/^awseb-e-mp3bcgh2vq-stack-AWSEBSecurityGroup-[A-Z0-9]{12}$/),
    ]);
    const inEdx = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: ['vpc-0e5d4c3b2a1f09876'] }] }),
    );
    expect(inEdx.SecurityGroups?.map((g) => g.GroupName).sort()).toEqual([
      expect.stringMatching(/^aws-cloud9-EdXWeek5Cloud9-/),
      expect.stringMatching(/^awseb-e-mp3bcgh2vq-stack-AWSEBSecurityGroup-/),
      'custom_eb_asg',
      'default',
      'flask-db-sg',
      'rds-launch-wizard',
      'web-server-sg',
    ]);
  });

  it('describes the default VPC and the edx VPC with its public and private subnets', async () => {
    const vpcs = await ec2.send(new DescribeVpcsCommand({}));
    expect(vpcs.Vpcs?.map((v) => [v.VpcId, v.CidrBlock, v.IsDefault])).toEqual([
      ['vpc-0b7e4c1d2a3f45e61', '172.31.0.0/16', true],
      ['vpc-0e5d4c3b2a1f09876', '10.1.0.0/16', false],
    ]);
    const named = await ec2.send(
      new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['edx-build-aws-vpc'] }] }),
    );
    expect(named.Vpcs?.map((v) => v.VpcId)).toEqual(['vpc-0e5d4c3b2a1f09876']);
    const subnets = await ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: ['vpc-0e5d4c3b2a1f09876'] }] }),
    );
    expect(subnets.Subnets?.map((s) => [s.CidrBlock, s.AvailabilityZone, s.MapPublicIpOnLaunch])).toEqual([
      ['10.1.1.0/24', 'us-east-1a', true],
      ['10.1.2.0/24', 'us-east-1b', true],
      ['10.1.3.0/24', 'us-east-1a', false],
      ['10.1.4.0/24', 'us-east-1b', false],
    ]);
    // Three instances in public-a: flask-ssm-demo-prod's, Bbruceeb2-env's and the jumpbox.
    expect(subnets.Subnets?.[0]?.AvailableIpAddressCount).toBe(248);
  });
});
