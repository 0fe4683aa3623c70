/**
 * The default VPC every AWS account has in every region, as data. Ids are
 * fixed so a seeded account looks the same on every machine; resources the
 * sandbox creates later get random ids.
 */
import type { Ec2State, IpPermissionState, SecurityGroupState } from '../state/networkState';

export const DEFAULT_VPC_ID = 'vpc-0b7e4c1d2a3f45e61';
export const DEFAULT_SECURITY_GROUP_ID = 'sg-0d3f5a7b9c1e2f401';

/** AWS's default rule set: all traffic from members of the group itself, all traffic out. */
export function defaultGroupRules(groupId: string): Pick<SecurityGroupState, 'ingress' | 'egress'> {
  return {
    ingress: [{ ipProtocol: '-1', ipRanges: [], userIdGroupPairs: [{ groupId }] }],
    egress: [allTrafficOut()],
  };
}

export function allTrafficOut(): IpPermissionState {
  return { ipProtocol: '-1', ipRanges: [{ cidrIp: '0.0.0.0/0' }], userIdGroupPairs: [] };
}

export function defaultNetwork(region: string): Ec2State {
  const subnet = (suffix: string, cidrBlock: string, zone: string): Ec2State['subnets'][number] => ({
    id: `subnet-0a1d9e8f7c6b5a4${suffix}`,
    vpcId: DEFAULT_VPC_ID,
    cidrBlock,
    availabilityZone: `${region}${zone}`,
    defaultForAz: true,
    mapPublicIpOnLaunch: true,
    tags: [],
  });
  return {
    vpcs: [{ id: DEFAULT_VPC_ID, cidrBlock: '172.31.0.0/16', isDefault: true, tags: [] }],
    subnets: [
      subnet('01', '172.31.0.0/20', 'a'),
      subnet('02', '172.31.16.0/20', 'b'),
      subnet('03', '172.31.32.0/20', 'c'),
    ],
    securityGroups: [
      {
        id: DEFAULT_SECURITY_GROUP_ID,
        name: 'default',
        description: 'default VPC security group',
        vpcId: DEFAULT_VPC_ID,
        ...defaultGroupRules(DEFAULT_SECURITY_GROUP_ID),
        tags: [],
      },
    ],
    instances: [],
  };
}
