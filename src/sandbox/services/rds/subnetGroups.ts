/** RDS DB subnet groups: the VPC and subnets a database may be placed in. */
import { paginate, sortByKey } from '../../protocols/pagination';
import type { QueryParams } from '../../protocols/queryParams';
import type { StateDocument } from '../../state/document';
import type { DbSubnetGroupState } from '../../state/rdsState';
import { NamedList, namedParamList, rdsError, type RdsAction, type RdsNode } from './wire';
import { partitionOf } from '../../../shared/aws/partitions';

/** Without a named group, RDS places a database in the default VPC's subnets. */
export function resolveSubnetGroup(doc: StateDocument, name: string): DbSubnetGroupState {
  const stored = doc.rds.subnetGroups.find((g) => g.name === name);
  if (stored) return stored;
  if (name === 'default') {
    const vpcId = doc.ec2.vpcs.find((v) => v.isDefault)?.id ?? '';
    return {
      name: 'default',
      description: 'default',
      vpcId,
      subnetIds: doc.ec2.subnets.filter((s) => s.vpcId === vpcId).map((s) => s.id),
    };
  }
  throw rdsError('DBSubnetGroupNotFoundFault', `DB subnet group '${name}' does not exist.`, 404);
}

export function subnetGroupXml(doc: StateDocument, group: DbSubnetGroupState, region: string): RdsNode {
  return {
    DBSubnetGroupName: group.name,
    DBSubnetGroupDescription: group.description,
    VpcId: group.vpcId,
    SubnetGroupStatus: 'Complete',
    Subnets: new NamedList(
      'Subnet',
      group.subnetIds.map((id) => ({
        SubnetIdentifier: id,
        SubnetAvailabilityZone: { Name: doc.ec2.subnets.find((s) => s.id === id)?.availabilityZone ?? '' },
        SubnetStatus: 'Active',
      })),
    ),
    DBSubnetGroupArn: `arn:${partitionOf(region)}:rds:${region}:${doc.account.id}:subgrp:${group.name}`,
  };
}

export function maxRecords(params: QueryParams): number {
  const value = params.raw('MaxRecords');
  if (value === undefined) return 100;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 20 || n > 100) {
    throw rdsError('InvalidParameterValue', `Invalid value ${value} for MaxRecords. Must be between 20 and 100`);
  }
  return n;
}

const createDbSubnetGroup: RdsAction = (params, { store, region }) => {
  const name = params.requiredString('DBSubnetGroupName', { min: 1, max: 255 });
  const description = params.requiredString('DBSubnetGroupDescription');
  const subnetIds = namedParamList(params, 'SubnetIds', 'SubnetIdentifier');
  const doc = store.document;
  if (name.toLowerCase() === 'default' || doc.rds.subnetGroups.some((g) => g.name === name)) {
    throw rdsError('DBSubnetGroupAlreadyExists', `The DB subnet group '${name}' already exists.`);
  }
  const subnets = subnetIds.map((id) => {
    const subnet = doc.ec2.subnets.find((s) => s.id === id);
    if (!subnet) throw rdsError('InvalidSubnet', `Some input subnets in :[${subnetIds.join(', ')}] are invalid.`);
    return subnet;
  });
  const vpcIds = new Set(subnets.map((s) => s.vpcId));
  if (subnets.length === 0) throw rdsError('InvalidParameterValue', 'At least one subnet must be specified.');
  if (vpcIds.size > 1) throw rdsError('InvalidSubnet', 'Subnets in a DB subnet group must all be in the same VPC.');
  if (new Set(subnets.map((s) => s.availabilityZone)).size < 2) {
    throw rdsError(
      'DBSubnetGroupDoesNotCoverEnoughAZs',
      "The DB subnet group doesn't meet Availability Zone (AZ) coverage requirement. Current AZ coverage: " +
        `${[...new Set(subnets.map((s) => s.availabilityZone))].join(', ')}. Add subnets to cover at least 2 AZs.`,
    );
  }
  const group: DbSubnetGroupState = { name, description, vpcId: subnets[0]?.vpcId ?? '', subnetIds };
  store.mutate((draft) => {
    draft.rds.subnetGroups.push(group);
  });
  return { DBSubnetGroup: subnetGroupXml(store.document, group, region) };
};

const describeDbSubnetGroups: RdsAction = (params, { store, region }) => {
  const doc = store.document;
  const name = params.raw('DBSubnetGroupName');
  const groups = name === undefined ? sortByKey(doc.rds.subnetGroups, (g) => g.name) : [resolveSubnetGroup(doc, name)];
  const page = paginate(groups, (g) => g.name, maxRecords(params), params.raw('Marker'));
  return {
    DBSubnetGroups: new NamedList(
      'DBSubnetGroup',
      page.items.map((g) => subnetGroupXml(doc, g, region)),
    ),
    Marker: page.marker,
  };
};

const deleteDbSubnetGroup: RdsAction = (params, { store }) => {
  const name = params.requiredString('DBSubnetGroupName');
  const doc = store.document;
  if (!doc.rds.subnetGroups.some((g) => g.name === name)) {
    throw rdsError('DBSubnetGroupNotFoundFault', `DB subnet group '${name}' does not exist.`, 404);
  }
  const user = doc.rds.instances.find((db) => db.subnetGroupName === name);
  if (user) {
    throw rdsError(
      'InvalidDBSubnetGroupStateFault',
      `Cannot delete the subnet group '${name}' because at least one database instance: ${user.id} is still using it.`,
    );
  }
  store.mutate((draft) => {
    draft.rds.subnetGroups = draft.rds.subnetGroups.filter((g) => g.name !== name);
  });
  return {};
};

export const subnetGroupActions: ReadonlyArray<[string, RdsAction]> = [
  ['CreateDBSubnetGroup', createDbSubnetGroup],
  ['DescribeDBSubnetGroups', describeDbSubnetGroups],
  ['DeleteDBSubnetGroup', deleteDbSubnetGroup],
];
