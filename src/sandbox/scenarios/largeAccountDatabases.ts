/**
 * The large account's RDS: a subnet group per VPC, and DB instances (MySQL,
 * PostgreSQL, MariaDB, and Aurora cluster members) spread over the
 * environments, each behind a database security group that admits its
 * environment's EB-managed group on the database port.
 */
import { isoSeconds } from '../protocols/xml';
import { managedSecurityGroupName } from '../simulation/provisioning';
import type { LargeAccountBuild } from './largeAccountLayout';
import { addGroup, type NetworkFacts } from './largeAccountNetwork';

const DAY_MS = 24 * 60 * 60 * 1000;

interface Engine {
  readonly engine: string;
  readonly versions: readonly string[];
  readonly port: number;
  readonly short: string;
  readonly clustered: boolean;
}

const ENGINES: readonly Engine[] = [
  { engine: 'postgres', versions: ['15.7', '16.3', '14.12'], port: 5432, short: 'pg', clustered: false },
  { engine: 'mysql', versions: ['8.0.35', '8.0.39', '5.7.44'], port: 3306, short: 'mysql', clustered: false },
  { engine: 'aurora-postgresql', versions: ['16.4', '15.6'], port: 5432, short: 'aurora-pg', clustered: true },
  { engine: 'aurora-mysql', versions: ['8.0.mysql_aurora.3.05.2'], port: 3306, short: 'aurora', clustered: true },
  { engine: 'mariadb', versions: ['10.11.8'], port: 3306, short: 'maria', clustered: false },
];
const CLASSES = ['db.t3.micro', 'db.t3.medium', 'db.t4g.medium', 'db.r6g.large', 'db.r6g.xlarge', 'db.m6g.large'];

export function addLargeAccountDatabases(build: LargeAccountBuild, network: NetworkFacts): void {
  const { doc, scale, layout, random, now } = build;
  const environments = doc.elasticbeanstalk.environments;
  if (scale.dbInstances === 0 || environments.length === 0) return;
  // One label per account and region, as RDS endpoints have.
  const endpointLabel = random.lowerId(12);
  const subnetGroupOf = new Map<string, string>();
  for (const vpc of network.vpcs) {
    const name = `${vpc.name}-db-subnets`;
    doc.rds.subnetGroups.push({
      name,
      description: `Private subnets of ${vpc.name}`,
      vpcId: vpc.id,
      subnetIds: vpc.privateSubnets.map((s) => s.id),
    });
    subnetGroupOf.set(vpc.id, name);
  }
  const managedGroups = new Map(doc.ec2.securityGroups.map((g) => [g.name, g.id]));
  const databaseGroups = new Map<string, string>();
  const slots = new Map(layout.environments.map((slot) => [slot.name, slot]));
  let serial = 0;
  let n = 0;
  while (doc.rds.instances.length < scale.dbInstances) {
    const env = environments[n % environments.length];
    const slot = env ? slots.get(env.name) : undefined;
    const vpc = env ? network.vpcOf.get(env.name) : undefined;
    n += 1;
    if (!env || !slot || !vpc) continue;
    const engine = random.pick(ENGINES);
    const groupKey = `${env.name}/${engine.port}`;
    let groupId = databaseGroups.get(groupKey);
    if (groupId === undefined) {
      const source = managedGroups.get(managedSecurityGroupName(env));
      groupId = addGroup(doc, vpc, random, {
        name: `${env.name}-db-${engine.port}`,
        description: `Database access for ${env.name}`,
        ingress: [
          {
            ipProtocol: 'tcp',
            fromPort: engine.port,
            toPort: engine.port,
            ipRanges: [],
            userIdGroupPairs: source === undefined ? [] : [{ groupId: source, description: `${env.name} instances` }],
          },
        ],
        tags: [{ key: 'Name', value: `${env.name}-db` }],
      }).id;
      databaseGroups.set(groupKey, groupId);
    }
    serial += 1;
    const members = engine.clustered ? Math.min(random.int(1, 3), scale.dbInstances - doc.rds.instances.length) : 1;
    const base = `${env.name}-${engine.short}-${serial}`;
    const created = isoSeconds(new Date(now.getTime() - random.int(10, 1200) * DAY_MS));
    const zones = ['a', 'b', 'c'];
    for (let k = 0; k < members; k += 1) {
      doc.rds.instances.push({
        id: engine.clustered ? `${base}-instance-${k + 1}` : base,
        engine: engine.engine,
        engineVersion: random.pick(engine.versions),
        instanceClass: random.pick(CLASSES),
        status: random.chance(0.97) ? 'available' : random.pick(['backing-up', 'modifying', 'stopped']),
        port: engine.port,
        endpointLabel,
        subnetGroupName: subnetGroupOf.get(vpc.id) ?? '',
        vpcSecurityGroupIds: [groupId],
        publiclyAccessible: random.chance(0.03),
        ...(engine.clustered ? { clusterId: `${base}-cluster` } : {}),
        masterUsername: engine.engine.includes('postgres') ? 'postgres' : 'admin',
        ...(random.chance(0.7) ? { dbName: slot.application.replace(/-/g, '_') } : {}),
        availabilityZone: `us-east-1${zones[(k + serial) % zones.length] ?? 'a'}`,
        createTime: created,
      });
    }
  }
}
