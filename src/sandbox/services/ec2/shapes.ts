/** EC2 resources as the ec2Query wire shows them (lower camel case, `<item>` lists). */
import type { XmlNode } from '../../protocols/xml';
import type { StateDocument } from '../../state/document';
import type {
  InstanceState,
  IpPermissionState,
  SecurityGroupState,
  SubnetState,
  VpcState,
} from '../../state/networkState';
import { tagSet } from './filters';
import { partitionOf } from '../../../shared/aws/partitions';

const INSTANCE_STATE_CODES: Readonly<Record<InstanceState['state'], number>> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

function ipPermissionXml(permission: IpPermissionState, accountId: string): XmlNode {
  return {
    ipProtocol: permission.ipProtocol,
    fromPort: permission.fromPort,
    toPort: permission.toPort,
    groups: permission.userIdGroupPairs.map((pair) => ({
      description: pair.description,
      userId: pair.userId ?? accountId,
      groupId: pair.groupId,
    })),
    ipRanges: permission.ipRanges.map((range) => ({ cidrIp: range.cidrIp, description: range.description })),
    ipv6Ranges: (permission.ipv6Ranges ?? []).map((range) => ({
      cidrIpv6: range.cidrIpv6,
      description: range.description,
    })),
    prefixListIds: [],
  };
}

/** `region`: the one asked, since the sandbox's network answers in every region. */
export function securityGroupXml(doc: StateDocument, group: SecurityGroupState, region: string): XmlNode {
  return {
    ownerId: doc.account.id,
    groupId: group.id,
    groupName: group.name,
    groupDescription: group.description,
    vpcId: group.vpcId,
    ipPermissions: group.ingress.map((p) => ipPermissionXml(p, doc.account.id)),
    ipPermissionsEgress: group.egress.map((p) => ipPermissionXml(p, doc.account.id)),
    tagSet: tagSet(group.tags),
    securityGroupArn: `arn:${partitionOf(region)}:ec2:${region}:${doc.account.id}:security-group/${group.id}`,
  };
}

export function vpcXml(doc: StateDocument, vpc: VpcState): XmlNode {
  return {
    vpcId: vpc.id,
    ownerId: doc.account.id,
    state: 'available',
    cidrBlock: vpc.cidrBlock,
    cidrBlockAssociationSet: [
      {
        cidrBlock: vpc.cidrBlock,
        associationId: `vpc-cidr-assoc-${vpc.id.slice(4)}`,
        cidrBlockState: { state: 'associated' },
      },
    ],
    dhcpOptionsId: 'dopt-0c5d8e1f2a3b4c5d6',
    tagSet: tagSet(vpc.tags),
    instanceTenancy: 'default',
    isDefault: vpc.isDefault,
  };
}

/** Usable addresses in a subnet: AWS reserves five per subnet; running instances take one each. */
function availableAddresses(doc: StateDocument, subnet: SubnetState): number {
  const prefix = Number(subnet.cidrBlock.split('/')[1]);
  const used = doc.ec2.instances.filter((i) => i.subnetId === subnet.id && i.state !== 'terminated').length;
  return 2 ** (32 - prefix) - 5 - used;
}

export function subnetXml(doc: StateDocument, subnet: SubnetState): XmlNode {
  return {
    subnetId: subnet.id,
    subnetArn: `arn:${partitionOf(subnet.availabilityZone)}:ec2:${subnet.availabilityZone.slice(0, -1)}:${doc.account.id}:subnet/${subnet.id}`,
    state: 'available',
    ownerId: doc.account.id,
    vpcId: subnet.vpcId,
    cidrBlock: subnet.cidrBlock,
    availableIpAddressCount: availableAddresses(doc, subnet),
    availabilityZone: subnet.availabilityZone,
    defaultForAz: subnet.defaultForAz,
    mapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch,
    tagSet: tagSet(subnet.tags),
  };
}

export function instanceXml(doc: StateDocument, instance: InstanceState): XmlNode {
  const groups = instance.securityGroupIds.map((id) => ({
    groupId: id,
    groupName: doc.ec2.securityGroups.find((g) => g.id === id)?.name ?? id,
  }));
  const privateDnsName = `ip-${instance.privateIpAddress.replace(/\./g, '-')}.ec2.internal`;
  const live = instance.state !== 'terminated';
  return {
    instanceId: instance.id,
    imageId: instance.imageId,
    instanceState: { code: INSTANCE_STATE_CODES[instance.state], name: instance.state },
    privateDnsName: live ? privateDnsName : '',
    dnsName:
      live && instance.publicIpAddress
        ? `ec2-${instance.publicIpAddress.replace(/\./g, '-')}.compute-1.amazonaws.com`
        : '',
    amiLaunchIndex: 0,
    instanceType: instance.instanceType,
    launchTime: instance.launchTime,
    placement: { availabilityZone: instance.availabilityZone, groupName: '', tenancy: 'default' },
    monitoring: { state: 'disabled' },
    subnetId: live ? instance.subnetId : undefined,
    vpcId: live ? instance.vpcId : undefined,
    privateIpAddress: live ? instance.privateIpAddress : undefined,
    ipAddress: live ? instance.publicIpAddress : undefined,
    groupSet: groups,
    architecture: 'x86_64',
    rootDeviceType: 'ebs',
    rootDeviceName: '/dev/xvda',
    iamInstanceProfile: instance.iamInstanceProfileArn
      ? { arn: instance.iamInstanceProfileArn, id: `AIPA${instance.id.slice(2, 19).toUpperCase()}` }
      : undefined,
    tagSet: tagSet(instance.tags),
    virtualizationType: 'hvm',
    hypervisor: 'xen',
  };
}

/** EB launches instances one Auto Scaling activity at a time, so each has its own reservation. */
export function reservationXml(doc: StateDocument, instance: InstanceState): XmlNode {
  return {
    reservationId: `r-${instance.id.slice(2)}`,
    ownerId: doc.account.id,
    requesterId: '940372691376',
    groupSet: [],
    instancesSet: [instanceXml(doc, instance)],
  };
}
