/** EC2 VPC and subnet writes, enough to build a database's network from scratch in tests and labs. */
import { AwsError } from '../../errors';
import type { Ec2Action } from '../../protocols/ec2Query';
import { newEc2Id } from '../../state/ids';
import { subnetXml, vpcXml } from './shapes';
import { readTagSpecifications } from './securityGroupWrites';

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function requireCidr(cidr: string | undefined, min: number, max: number): string {
  const match = cidr === undefined ? null : IPV4_CIDR.exec(cidr);
  if (!match || match.slice(1, 5).some((o) => Number(o) > 255)) {
    throw new AwsError(
      'InvalidParameterValue',
      `Value (${cidr ?? ''}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`,
      400,
    );
  }
  const prefix = Number(match[5]);
  if (prefix < min || prefix > max) {
    throw new AwsError('InvalidVpc.Range', `The CIDR '${cidr ?? ''}' is invalid.`, 400);
  }
  return cidr ?? '';
}

const createVpc: Ec2Action = (params, { store }) => {
  const cidrBlock = requireCidr(params.raw('CidrBlock'), 16, 28);
  const id = newEc2Id('vpc');
  const tags = readTagSpecifications(params);
  const groupId = newEc2Id('sg');
  store.mutate((draft) => {
    draft.ec2.vpcs.push({ id, cidrBlock, isDefault: false, tags });
    // Every VPC comes with its own default security group, as in EC2.
    draft.ec2.securityGroups.push({
      id: groupId,
      name: 'default',
      description: 'default VPC security group',
      vpcId: id,
      ingress: [{ ipProtocol: '-1', ipRanges: [], userIdGroupPairs: [{ groupId }] }],
      egress: [{ ipProtocol: '-1', ipRanges: [{ cidrIp: '0.0.0.0/0' }], userIdGroupPairs: [] }],
      tags: [],
    });
  });
  const vpc = store.document.ec2.vpcs.find((v) => v.id === id);
  return { vpc: vpc ? vpcXml(store.document, vpc) : undefined };
};

const createSubnet: Ec2Action = (params, { store, region }) => {
  const vpcId = params.raw('VpcId') ?? '';
  const cidrBlock = requireCidr(params.raw('CidrBlock'), 16, 28);
  const doc = store.document;
  if (!doc.ec2.vpcs.some((v) => v.id === vpcId)) {
    throw new AwsError('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`, 400);
  }
  if (doc.ec2.subnets.some((s) => s.vpcId === vpcId && s.cidrBlock === cidrBlock)) {
    throw new AwsError('InvalidSubnet.Conflict', `The CIDR '${cidrBlock}' conflicts with another subnet`, 400);
  }
  const id = newEc2Id('subnet');
  const availabilityZone = params.raw('AvailabilityZone') ?? `${region}a`;
  store.mutate((draft) => {
    draft.ec2.subnets.push({
      id,
      vpcId,
      cidrBlock,
      availabilityZone,
      defaultForAz: false,
      mapPublicIpOnLaunch: false,
      tags: readTagSpecifications(params),
    });
  });
  const subnet = store.document.ec2.subnets.find((s) => s.id === id);
  return { subnet: subnet ? subnetXml(store.document, subnet) : undefined };
};

const deleteSubnet: Ec2Action = (params, { store }) => {
  const subnetId = params.raw('SubnetId') ?? '';
  const doc = store.document;
  if (!doc.ec2.subnets.some((s) => s.id === subnetId)) {
    throw new AwsError('InvalidSubnetID.NotFound', `The subnet ID '${subnetId}' does not exist`, 400);
  }
  const inUse =
    doc.ec2.instances.some((i) => i.state !== 'terminated' && i.subnetId === subnetId) ||
    doc.rds.subnetGroups.some((g) => g.subnetIds.includes(subnetId));
  if (inUse) {
    throw new AwsError('DependencyViolation', `The subnet '${subnetId}' has dependencies and cannot be deleted.`, 400);
  }
  store.mutate((draft) => {
    draft.ec2.subnets = draft.ec2.subnets.filter((s) => s.id !== subnetId);
  });
  return { return: true };
};

const deleteVpc: Ec2Action = (params, { store }) => {
  const vpcId = params.raw('VpcId') ?? '';
  const doc = store.document;
  if (!doc.ec2.vpcs.some((v) => v.id === vpcId)) {
    throw new AwsError('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`, 400);
  }
  const dependents =
    doc.ec2.subnets.some((s) => s.vpcId === vpcId) ||
    doc.ec2.securityGroups.some((g) => g.vpcId === vpcId && g.name !== 'default');
  if (dependents) {
    throw new AwsError('DependencyViolation', `The vpc '${vpcId}' has dependencies and cannot be deleted.`, 400);
  }
  store.mutate((draft) => {
    draft.ec2.vpcs = draft.ec2.vpcs.filter((v) => v.id !== vpcId);
    draft.ec2.securityGroups = draft.ec2.securityGroups.filter((g) => g.vpcId !== vpcId);
  });
  return { return: true };
};

export const vpcWriteActions: ReadonlyArray<[string, Ec2Action]> = [
  ['CreateVpc', createVpc],
  ['CreateSubnet', createSubnet],
  ['DeleteSubnet', deleteSubnet],
  ['DeleteVpc', deleteVpc],
];
