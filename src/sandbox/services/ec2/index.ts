/** EC2: instances, security groups, VPCs and subnets; writes live in their own modules. */
import { AwsError } from '../../errors';
import { createEc2QueryService, ec2Filters, ec2List, type Ec2Action } from '../../protocols/ec2Query';
import { partitionOf } from '../../../shared/aws/partitions';
import type { RequestResources } from '../../protocols/awsQuery';
import type { QueryParams } from '../../protocols/queryParams';
import type { ServiceModule } from '../../serviceModule';
import type { InstanceState, SecurityGroupState, SubnetState, VpcState } from '../../state/networkState';
import { applyFilters, type FilterFields } from './filters';
import { maxResultsOf, pageOf } from './paging';
import { securityGroupWriteActions } from './securityGroupWrites';
import { reservationXml, securityGroupXml, subnetXml, vpcXml } from './shapes';
import { vpcWriteActions } from './vpcWrites';

function requireIds<T extends { id: string }>(
  resources: readonly T[],
  ids: readonly string[],
  notFound: (id: string) => AwsError,
): T[] {
  if (ids.length === 0) return [...resources];
  const missing = ids.filter((id) => !resources.some((r) => r.id === id));
  const first = missing[0];
  if (first !== undefined) throw notFound(missing.join(', '));
  return resources.filter((r) => ids.includes(r.id));
}

const instanceFields: FilterFields<InstanceState> = {
  'instance-id': (i) => [i.id],
  'instance-state-name': (i) => [i.state],
  'instance-type': (i) => [i.instanceType],
  'vpc-id': (i) => [i.vpcId],
  'subnet-id': (i) => [i.subnetId],
  'availability-zone': (i) => [i.availabilityZone],
  'private-ip-address': (i) => [i.privateIpAddress],
  'instance.group-id': (i) => i.securityGroupIds,
  'iam-instance-profile.arn': (i) => (i.iamInstanceProfileArn ? [i.iamInstanceProfileArn] : []),
};

const describeInstances: Ec2Action = (params, { store }) => {
  const doc = store.document;
  const ids = ec2List(params, 'InstanceId');
  for (const id of ids) {
    if (!/^i-[0-9a-f]{8,17}$/.test(id)) throw new AwsError('InvalidInstanceID.Malformed', `Invalid id: "${id}"`, 400);
  }
  const selected = requireIds(
    doc.ec2.instances,
    ids,
    (missing) =>
      new AwsError(
        'InvalidInstanceID.NotFound',
        `The instance ID${missing.includes(',') ? 's' : ''} '${missing}' do${missing.includes(',') ? '' : 'es'} not exist`,
        400,
      ),
  );
  const matched = applyFilters(selected, ec2Filters(params), instanceFields);
  return { reservationSet: matched.map((instance) => reservationXml(doc, instance)) };
};

const groupFields: FilterFields<SecurityGroupState> = {
  'group-id': (g) => [g.id],
  'group-name': (g) => [g.name],
  'vpc-id': (g) => [g.vpcId],
  description: (g) => [g.description],
  'ip-permission.group-id': (g) => g.ingress.flatMap((p) => p.userIdGroupPairs.map((pair) => pair.groupId)),
  'ip-permission.cidr': (g) => g.ingress.flatMap((p) => p.ipRanges.map((range) => range.cidrIp)),
  'ip-permission.from-port': (g) => g.ingress.flatMap((p) => (p.fromPort === undefined ? [] : [String(p.fromPort)])),
  'ip-permission.to-port': (g) => g.ingress.flatMap((p) => (p.toPort === undefined ? [] : [String(p.toPort)])),
};

const describeSecurityGroups: Ec2Action = (params, { store, region }) => {
  const doc = store.document;
  const groupIds = ec2List(params, 'GroupId');
  const maxResults = maxResultsOf(params, { idSet: 'securityGroupIdSet', hasIds: groupIds.length > 0 });
  let groups = requireIds(
    doc.ec2.securityGroups,
    groupIds,
    (missing) => new AwsError('InvalidGroup.NotFound', `The security group '${missing}' does not exist`, 400),
  );
  const names = ec2List(params, 'GroupName');
  if (names.length > 0) {
    // Names alone address the default VPC, as in EC2.
    const defaultVpc = doc.ec2.vpcs.find((vpc) => vpc.isDefault);
    for (const name of names) {
      if (!groups.some((g) => g.name === name && g.vpcId === defaultVpc?.id)) {
        throw new AwsError(
          'InvalidGroup.NotFound',
          `The security group '${name}' does not exist in default VPC '${defaultVpc?.id ?? 'none'}'`,
          400,
        );
      }
    }
    groups = groups.filter((g) => names.includes(g.name) && g.vpcId === defaultVpc?.id);
  }
  const page = pageOf(applyFilters(groups, ec2Filters(params), groupFields), params, maxResults);
  return {
    securityGroupInfo: page.items.map((group) => securityGroupXml(doc, group, region)),
    nextToken: page.nextToken,
  };
};

const vpcFields: FilterFields<VpcState> = {
  'vpc-id': (v) => [v.id],
  'is-default': (v) => [String(v.isDefault)],
  'cidr-block': (v) => [v.cidrBlock],
  cidr: (v) => [v.cidrBlock],
  state: () => ['available'],
};

const describeVpcs: Ec2Action = (params, { store }) => {
  const doc = store.document;
  const vpcs = requireIds(
    doc.ec2.vpcs,
    ec2List(params, 'VpcId'),
    (missing) => new AwsError('InvalidVpcID.NotFound', `The vpc ID '${missing}' does not exist`, 400),
  );
  return { vpcSet: applyFilters(vpcs, ec2Filters(params), vpcFields).map((vpc) => vpcXml(doc, vpc)) };
};

const subnetFields: FilterFields<SubnetState> = {
  'subnet-id': (s) => [s.id],
  'vpc-id': (s) => [s.vpcId],
  'availability-zone': (s) => [s.availabilityZone],
  'cidr-block': (s) => [s.cidrBlock],
  'default-for-az': (s) => [String(s.defaultForAz)],
  'map-public-ip-on-launch': (s) => [String(s.mapPublicIpOnLaunch)],
  state: () => ['available'],
};

const describeSubnets: Ec2Action = (params, { store }) => {
  const doc = store.document;
  const subnets = requireIds(
    doc.ec2.subnets,
    ec2List(params, 'SubnetId'),
    (missing) => new AwsError('InvalidSubnetID.NotFound', `The subnet ID '${missing}' does not exist`, 400),
  );
  return { subnetSet: applyFilters(subnets, ec2Filters(params), subnetFields).map((s) => subnetXml(doc, s)) };
};

/**
 * A write to one security group (authorize, revoke, delete) is judged on the
 * group's ARN, so a policy scoped to `security-group/sg-…` or conditioned on
 * the group holds; reads are judged on `*`, as EC2 judges Describe calls.
 */
const securityGroupResources: RequestResources<QueryParams> = (action, params, { store, region }) => {
  const groupId = params.raw('GroupId');
  if (action.startsWith('Describe') || groupId === undefined || groupId === '') return undefined;
  return [`arn:${partitionOf(region)}:ec2:${region}:${store.document.account.id}:security-group/${groupId}`];
};

export const ec2Service: ServiceModule = createEc2QueryService(
  'ec2',
  new Map([
    ['DescribeInstances', describeInstances],
    ['DescribeSecurityGroups', describeSecurityGroups],
    ['DescribeVpcs', describeVpcs],
    ['DescribeSubnets', describeSubnets],
    ...securityGroupWriteActions,
    ...vpcWriteActions,
  ]),
  securityGroupResources,
);
