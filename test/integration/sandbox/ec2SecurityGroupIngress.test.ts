/** EC2 security group and VPC writes through the real SDK: ingress authorize/revoke, duplicates and not-found, as EC2 words them. */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { awsError } from './awsErrors';

const RDS_SG = 'sg-0965722cdbe774e58';
const FLASK_SG = 'sg-0e5d4c3b2a1f00102';
const EDX_VPC = 'vpc-0e5d4c3b2a1f09876';

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

const mysqlFrom = (groupId: string, description?: string) => ({
  GroupId: RDS_SG,
  IpPermissions: [
    {
      IpProtocol: 'tcp',
      FromPort: 3306,
      ToPort: 3306,
      UserIdGroupPairs: [{ GroupId: groupId, Description: description }],
    },
  ],
});

async function ingressOf(groupId: string) {
  const out = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
  return out.SecurityGroups?.[0]?.IpPermissions ?? [];
}

describe('EC2 security group writes in the sandbox', () => {
  it('authorizes a group source into the existing 3306 permission and revokes exactly it', async () => {
    const out = await ec2.send(new AuthorizeSecurityGroupIngressCommand(mysqlFrom(FLASK_SG, 'flask-ssm-demo-prod')));
    expect(out.Return).toBe(true);
    expect(out.SecurityGroupRules?.[0]).toMatchObject({
      GroupId: RDS_SG,
      IsEgress: false,
      IpProtocol: 'tcp',
      FromPort: 3306,
      ToPort: 3306,
      ReferencedGroupInfo: { GroupId: FLASK_SG },
      Description: 'flask-ssm-demo-prod',
    });
    expect(out.SecurityGroupRules?.[0]?.SecurityGroupRuleId).toMatch(/^sgr-[0-9a-f]{17}$/);
    const after = await ingressOf(RDS_SG);
    expect(after).toHaveLength(1);
    expect(after[0]?.UserIdGroupPairs?.map((p) => p.GroupId)).toContain(FLASK_SG);

    const rules = await ec2.send(
      new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [RDS_SG] }] }),
    );
    expect(rules.SecurityGroupRules).toHaveLength(3);

    await ec2.send(new RevokeSecurityGroupIngressCommand(mysqlFrom(FLASK_SG)));
    const reverted = await ingressOf(RDS_SG);
    expect(reverted[0]?.UserIdGroupPairs?.map((p) => p.GroupId)).not.toContain(FLASK_SG);
    expect(reverted[0]?.UserIdGroupPairs).toHaveLength(2);
  });

  it('refuses a duplicate with InvalidPermission.Duplicate and a missing rule with InvalidPermission.NotFound', async () => {
    const duplicate = await awsError(
      ec2.send(new AuthorizeSecurityGroupIngressCommand(mysqlFrom('sg-0d9149b51c7ed7186'))),
    );
    expect(duplicate).toMatchObject({ code: 'InvalidPermission.Duplicate', status: 400 });
    expect(duplicate.message).toBe(
      'the specified rule "peer: sg-0d9149b51c7ed7186, TCP, from port: 3306, to port: 3306, ALLOW" already exists',
    );
    const missing = await awsError(ec2.send(new RevokeSecurityGroupIngressCommand(mysqlFrom(FLASK_SG))));
    expect(missing).toMatchObject({ code: 'InvalidPermission.NotFound' });
    expect(missing.message).toBe('The specified rule does not exist in this security group.');
    const noGroup = await awsError(
      ec2.send(new AuthorizeSecurityGroupIngressCommand({ ...mysqlFrom(FLASK_SG), GroupId: 'sg-00000000000000000' })),
    );
    expect(noGroup.code).toBe('InvalidGroup.NotFound');
  });

  it('adds and removes CIDR rules, creating and dropping the permission as needed', async () => {
    const cidrRule = {
      GroupId: FLASK_SG,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8081, IpRanges: [{ CidrIp: '10.1.0.0/16', Description: 'VPC' }] },
      ],
    };
    await ec2.send(new AuthorizeSecurityGroupIngressCommand(cidrRule));
    expect((await ingressOf(FLASK_SG)).find((p) => p.FromPort === 8080)?.IpRanges).toEqual([
      { CidrIp: '10.1.0.0/16', Description: 'VPC' },
    ]);
    const malformed = await awsError(
      ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: FLASK_SG,
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: '10.1.0.300/16' }] }],
        }),
      ),
    );
    expect(malformed.message).toBe('CIDR block 10.1.0.300/16 is malformed');
    await ec2.send(new RevokeSecurityGroupIngressCommand(cidrRule));
    expect((await ingressOf(FLASK_SG)).some((p) => p.FromPort === 8080)).toBe(false);
  });

  it('adds and removes IPv6 rules, refusing a non-canonical IPv6 CIDR', async () => {
    const v6 = {
      GroupId: FLASK_SG,
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          Ipv6Ranges: [{ CidrIpv6: '2001:db8::/32', Description: 'v6' }],
        },
      ],
    };
    const out = await ec2.send(new AuthorizeSecurityGroupIngressCommand(v6));
    expect(out.SecurityGroupRules?.[0]?.CidrIpv6).toBe('2001:db8::/32');
    expect((await ingressOf(FLASK_SG)).find((p) => p.FromPort === 443)?.Ipv6Ranges).toEqual([
      { CidrIpv6: '2001:db8::/32', Description: 'v6' },
    ]);
    const duplicate = await awsError(ec2.send(new AuthorizeSecurityGroupIngressCommand(v6)));
    expect(duplicate.code).toBe('InvalidPermission.Duplicate');
    const bad = await awsError(
      ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: FLASK_SG,
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 1, ToPort: 1, Ipv6Ranges: [{ CidrIpv6: '2001:db8::1/32' }] }],
        }),
      ),
    );
    expect(bad.message).toBe('CIDR block 2001:db8::1/32 is malformed');
    await ec2.send(new RevokeSecurityGroupIngressCommand(v6));
    expect((await ingressOf(FLASK_SG)).some((p) => p.FromPort === 443)).toBe(false);
  });

  it('creates and deletes VPCs, subnets and groups, refusing duplicates and groups still referenced', async () => {
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
    const vpcId = vpc.Vpc?.VpcId ?? '';
    expect(vpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    const subnet = await ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.9.1.0/24', AvailabilityZone: 'us-east-1c' }),
    );
    expect(subnet.Subnet).toMatchObject({ VpcId: vpcId, AvailabilityZone: 'us-east-1c' });
    const group = await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: 'app', Description: 'app', VpcId: vpcId }),
    );
    expect(group.GroupId).toMatch(/^sg-/);
    const duplicate = await awsError(
      ec2.send(new CreateSecurityGroupCommand({ GroupName: 'app', Description: 'again', VpcId: vpcId })),
    );
    expect(duplicate).toMatchObject({ code: 'InvalidGroup.Duplicate' });
    expect(duplicate.message).toBe(`The security group 'app' already exists for VPC '${vpcId}'`);

    const inUse = await awsError(ec2.send(new DeleteSecurityGroupCommand({ GroupId: FLASK_SG })));
    expect(inUse.code).toBe('DependencyViolation');
    const vpcInUse = await awsError(ec2.send(new DeleteVpcCommand({ VpcId: vpcId })));
    expect(vpcInUse.code).toBe('DependencyViolation');

    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: group.GroupId }));
    await ec2.send(new DeleteSubnetCommand({ SubnetId: subnet.Subnet?.SubnetId }));
    await ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
    const gone = await awsError(ec2.send(new DeleteVpcCommand({ VpcId: vpcId })));
    expect(gone.code).toBe('InvalidVpcID.NotFound');
    expect(EDX_VPC).not.toBe(vpcId);
  });
});
