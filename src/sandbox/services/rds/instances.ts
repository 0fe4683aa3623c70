/**
 * RDS DB instances. Creation is immediate in the sandbox: the response says
 * `creating`, as RDS does, but the stored instance is already `available`,
 * because nothing in a lab waits on the provisioning minutes.
 */
import { randomInt } from 'node:crypto';
import { paginate, sortByKey } from '../../protocols/pagination';
import type { StateDocument } from '../../state/document';
import type { DbInstanceState } from '../../state/rdsState';
import { maxRecords, resolveSubnetGroup, subnetGroupXml } from './subnetGroups';
import { NamedList, namedParamList, rdsError, rdsFilters, type RdsAction, type RdsNode } from './wire';
import { partitionOf } from '../../../shared/aws/partitions';

/** Engines the sandbox accepts, with the port and version RDS picks when none is given. */
const ENGINES: Readonly<Record<string, { port: number; version: string }>> = {
  mysql: { port: 3306, version: '8.0.39' },
  mariadb: { port: 3306, version: '10.11.9' },
  postgres: { port: 5432, version: '16.4' },
  'aurora-mysql': { port: 3306, version: '8.0.mysql_aurora.3.07.1' },
  'aurora-postgresql': { port: 5432, version: '16.4' },
};

function newEndpointLabel(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 12; i += 1) out += alphabet.charAt(randomInt(alphabet.length));
  return out;
}

function notFound(id: string) {
  return rdsError('DBInstanceNotFound', `DBInstance ${id} not found.`, 404);
}

export function dbInstanceXml(doc: StateDocument, db: DbInstanceState, region: string, status = db.status): RdsNode {
  const group = resolveSubnetGroup(doc, db.subnetGroupName);
  return {
    DBInstanceIdentifier: db.id,
    DBInstanceClass: db.instanceClass,
    Engine: db.engine,
    DBInstanceStatus: status,
    MasterUsername: db.masterUsername,
    DBName: db.dbName,
    Endpoint: {
      Address: `${db.id}.${db.endpointLabel}.${region}.rds.amazonaws.com`,
      Port: db.port,
      HostedZoneId: 'Z2R2ITUGPM61AM',
    },
    InstanceCreateTime: db.createTime,
    VpcSecurityGroups: new NamedList(
      'VpcSecurityGroupMembership',
      db.vpcSecurityGroupIds.map((id) => ({ VpcSecurityGroupId: id, Status: 'active' })),
    ),
    AvailabilityZone: db.availabilityZone,
    DBSubnetGroup: subnetGroupXml(doc, group, region),
    EngineVersion: db.engineVersion,
    PubliclyAccessible: db.publiclyAccessible,
    DBClusterIdentifier: db.clusterId,
    DbInstancePort: 0,
    DBInstanceArn: `arn:${partitionOf(region)}:rds:${region}:${doc.account.id}:db:${db.id}`,
  };
}

const FILTERS: Readonly<Record<string, (db: DbInstanceState) => readonly string[]>> = {
  'db-instance-id': (db) => [db.id],
  'db-cluster-id': (db) => (db.clusterId ? [db.clusterId] : []),
  engine: (db) => [db.engine],
};

const createDbInstance: RdsAction = (params, { store, region, now }) => {
  const id = params.requiredString('DBInstanceIdentifier', { min: 1, max: 63 });
  const instanceClass = params.requiredString('DBInstanceClass');
  const engine = params.requiredString('Engine');
  const defaults = ENGINES[engine];
  if (!defaults) throw rdsError('InvalidParameterValue', `Invalid DB engine: ${engine}`);
  if (!/^[a-zA-Z](?:-?[a-zA-Z0-9])*$/.test(id)) {
    throw rdsError(
      'InvalidParameterValue',
      'The parameter DBInstanceIdentifier is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.',
    );
  }
  const doc = store.document;
  if (doc.rds.instances.some((db) => db.id.toLowerCase() === id.toLowerCase())) {
    throw rdsError('DBInstanceAlreadyExists', 'DB instance already exists');
  }
  const port = params.integer('Port') ?? defaults.port;
  if (port < 1150 || port > 65535) {
    throw rdsError('InvalidParameterValue', `Invalid port ${port}: the port must be between 1150 and 65535.`);
  }
  const subnetGroup = resolveSubnetGroup(doc, params.raw('DBSubnetGroupName') ?? 'default');
  const requested = namedParamList(params, 'VpcSecurityGroupIds', 'VpcSecurityGroupId');
  for (const groupId of requested) {
    const group = doc.ec2.securityGroups.find((g) => g.id === groupId);
    if (!group) throw rdsError('InvalidParameterValue', `Invalid security group , groupId= ${groupId}, groupName=.`);
    if (group.vpcId !== subnetGroup.vpcId) {
      throw rdsError(
        'InvalidParameterCombination',
        `The DB instance and EC2 security group are in different VPCs. The DB instance is in ${subnetGroup.vpcId} and the EC2 security group is in ${group.vpcId}`,
      );
    }
  }
  const defaultGroup = doc.ec2.securityGroups.find((g) => g.vpcId === subnetGroup.vpcId && g.name === 'default');
  const firstSubnet = doc.ec2.subnets.find((s) => s.id === subnetGroup.subnetIds[0]);
  const db: DbInstanceState = {
    id: id.toLowerCase(),
    engine,
    engineVersion: params.raw('EngineVersion') ?? defaults.version,
    instanceClass,
    status: 'available',
    port,
    endpointLabel: newEndpointLabel(),
    subnetGroupName: subnetGroup.name,
    vpcSecurityGroupIds: requested.length > 0 ? requested : defaultGroup ? [defaultGroup.id] : [],
    publiclyAccessible: params.boolean('PubliclyAccessible') ?? false,
    availabilityZone: params.raw('AvailabilityZone') ?? firstSubnet?.availabilityZone ?? `${region}a`,
    createTime: now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z'),
  };
  const clusterId = params.raw('DBClusterIdentifier');
  if (clusterId !== undefined) db.clusterId = clusterId;
  const masterUsername = params.raw('MasterUsername');
  if (masterUsername !== undefined) db.masterUsername = masterUsername;
  const dbName = params.raw('DBName');
  if (dbName !== undefined) db.dbName = dbName;
  store.mutate((draft) => {
    draft.rds.instances.push(db);
  });
  return { DBInstance: dbInstanceXml(store.document, db, region, 'creating') };
};

const describeDbInstances: RdsAction = (params, { store, region }) => {
  const doc = store.document;
  const id = params.raw('DBInstanceIdentifier');
  let instances = sortByKey(doc.rds.instances, (db) => db.id);
  if (id !== undefined) {
    instances = instances.filter((db) => db.id === id.toLowerCase());
    if (instances.length === 0) throw notFound(id);
  }
  for (const filter of rdsFilters(params)) {
    const field = FILTERS[filter.name];
    if (!field) throw rdsError('InvalidParameterValue', `Unrecognized filter name: ${filter.name}`);
    instances = instances.filter((db) => field(db).some((value) => filter.values.includes(value)));
  }
  const page = paginate(instances, (db) => db.id, maxRecords(params), params.raw('Marker'));
  return {
    DBInstances: new NamedList(
      'DBInstance',
      page.items.map((db) => dbInstanceXml(doc, db, region)),
    ),
    Marker: page.marker,
  };
};

const deleteDbInstance: RdsAction = (params, { store, region }) => {
  const id = params.requiredString('DBInstanceIdentifier');
  const doc = store.document;
  const db = doc.rds.instances.find((candidate) => candidate.id === id.toLowerCase());
  if (!db) throw notFound(id);
  const skip = params.boolean('SkipFinalSnapshot') ?? false;
  if (!skip && params.raw('FinalDBSnapshotIdentifier') === undefined && db.clusterId === undefined) {
    throw rdsError(
      'InvalidParameterCombination',
      'FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.',
    );
  }
  const shown = dbInstanceXml(doc, db, region, 'deleting');
  store.mutate((draft) => {
    draft.rds.instances = draft.rds.instances.filter((candidate) => candidate.id !== db.id);
  });
  return { DBInstance: shown };
};

export const instanceActions: ReadonlyArray<[string, RdsAction]> = [
  ['CreateDBInstance', createDbInstance],
  ['DescribeDBInstances', describeDbInstances],
  ['DeleteDBInstance', deleteDbInstance],
];
