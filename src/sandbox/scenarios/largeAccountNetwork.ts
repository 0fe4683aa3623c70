/**
 * The large account's network: the default VPC, a few VPCs per stage (each
 * with public and private subnets in three zones), and security groups with
 * between 1 and 20 ingress rules each, opened to CIDRs and to other groups
 * in the same VPC as real accounts accumulate them.
 */
import type { StateDocument } from '../state/document';
import type { IpPermissionState, SecurityGroupState, SubnetState } from '../state/networkState';
import type { LargeAccountBuild } from './largeAccountLayout';
import type { SeededRandom } from './largeAccountRandom';
import { allTrafficOut, defaultGroupRules } from './network';

const REGION = 'us-east-1';
const ZONES = ['a', 'b', 'c'];
const ENVIRONMENTS_PER_VPC = 25;

export interface VpcFacts {
  readonly id: string;
  readonly name: string;
  readonly index: number;
  readonly publicSubnets: readonly SubnetState[];
  readonly privateSubnets: readonly SubnetState[];
  /** Groups in this VPC, which later rules may name as sources. */
  readonly groupIds: string[];
  /** Next free host number per subnet, for instances' private addresses. */
  readonly nextHost: Map<string, number>;
}

export interface NetworkFacts {
  readonly vpcs: readonly VpcFacts[];
  /** The VPC of each environment, by environment name. */
  readonly vpcOf: ReadonlyMap<string, VpcFacts>;
}

const PORTS: ReadonlyArray<readonly [number, number, string]> = [
  [22, 22, 'SSH'],
  [80, 80, 'HTTP'],
  [443, 443, 'HTTPS'],
  [3306, 3306, 'MySQL'],
  [5432, 5432, 'PostgreSQL'],
  [6379, 6379, 'Redis'],
  [8080, 8080, 'App'],
  [8443, 8443, 'App TLS'],
  [9200, 9200, 'Search'],
  [27017, 27017, 'MongoDB'],
  [11211, 11211, 'Memcached'],
  [2049, 2049, 'NFS'],
  [5000, 5100, 'Service mesh'],
  [9090, 9090, 'Metrics'],
  [9100, 9100, 'Node exporter'],
  [3000, 3000, 'Dashboards'],
  [5672, 5672, 'AMQP'],
  [1433, 1433, 'SQL Server'],
  [8000, 8000, 'Dev server'],
  [30000, 32767, 'Node ports'],
  [53, 53, 'DNS'],
  [123, 123, 'NTP'],
];

export function addLargeAccountNetwork({ doc, layout, random }: LargeAccountBuild): NetworkFacts {
  const vpcs: VpcFacts[] = [];
  const vpcOf = new Map<string, VpcFacts>();
  for (const stage of layout.stages) {
    const members = layout.environments.filter((env) => env.stage === stage);
    const count = Math.max(1, Math.round(members.length / ENVIRONMENTS_PER_VPC));
    const stageVpcs = Array.from({ length: count }, (_, k) =>
      addVpc(doc, `${stage}-vpc-${k + 1}`, vpcs.length, random),
    );
    vpcs.push(...stageVpcs);
    members.forEach((env, index) => vpcOf.set(env.name, stageVpcs[index % stageVpcs.length] as VpcFacts));
  }
  return { vpcs, vpcOf };
}

function addVpc(doc: StateDocument, name: string, index: number, random: SeededRandom): VpcFacts {
  const id = random.ec2Id('vpc');
  // Separate VPCs may reuse a range, as they do in AWS once an account has more than 256 of them.
  const second = index % 256;
  doc.ec2.vpcs.push({ id, cidrBlock: `10.${second}.0.0/16`, isDefault: false, tags: [{ key: 'Name', value: name }] });
  const subnet = (zone: string, third: number, isPublic: boolean): SubnetState => ({
    id: random.ec2Id('subnet'),
    vpcId: id,
    cidrBlock: `10.${second}.${third}.0/24`,
    availabilityZone: `${REGION}${zone}`,
    defaultForAz: false,
    mapPublicIpOnLaunch: isPublic,
    tags: [{ key: 'Name', value: `${name}-${isPublic ? 'public' : 'private'}-${zone}` }],
  });
  const publicSubnets = ZONES.map((zone, k) => subnet(zone, k + 1, true));
  const privateSubnets = ZONES.map((zone, k) => subnet(zone, k + 11, false));
  doc.ec2.subnets.push(...publicSubnets, ...privateSubnets);
  const defaultGroupId = random.ec2Id('sg');
  doc.ec2.securityGroups.push({
    id: defaultGroupId,
    name: 'default',
    description: 'default VPC security group',
    vpcId: id,
    ...defaultGroupRules(defaultGroupId),
    tags: [],
  });
  return { id, name, index, publicSubnets, privateSubnets, groupIds: [defaultGroupId], nextHost: new Map() };
}

/** A private address in `subnet`, the next one free (the VPC's first 16 are left to AWS and appliances). */
export function nextPrivateIp(vpc: VpcFacts, subnet: SubnetState): string {
  const host = vpc.nextHost.get(subnet.id) ?? 16;
  vpc.nextHost.set(subnet.id, host + 1);
  const [a, b, c] = subnet.cidrBlock.split('.');
  return `${a}.${b}.${Number(c) + Math.floor(host / 250)}.${4 + (host % 250)}`;
}

/** Between `min` and `max` ingress rules on distinct ports, each from CIDRs, groups of the same VPC, or both. */
export function randomIngress(vpc: VpcFacts, random: SeededRandom, min = 1, max = 20): IpPermissionState[] {
  return random.sample(PORTS, random.int(min, max)).map(([fromPort, toPort, label]) => {
    const fromGroups = vpc.groupIds.length > 0 && random.chance(0.4);
    const ipRanges = fromGroups
      ? []
      : Array.from({ length: random.int(1, 3) }, () =>
          random.chance(0.1)
            ? { cidrIp: '0.0.0.0/0' }
            : random.chance(0.5)
              ? { cidrIp: `10.${random.int(0, 255)}.${random.int(0, 255)}.0/24`, description: `${label} from peers` }
              : { cidrIp: `203.0.113.${random.int(1, 254)}/32`, description: `${label} from office` },
        );
    const userIdGroupPairs = fromGroups
      ? random.sample(vpc.groupIds, random.int(1, 2)).map((groupId) => ({ groupId, description: `${label} clients` }))
      : [];
    return { ipProtocol: 'tcp', fromPort, toPort, ipRanges, userIdGroupPairs };
  });
}

export function addGroup(
  doc: StateDocument,
  vpc: VpcFacts,
  random: SeededRandom,
  fields: Omit<SecurityGroupState, 'id' | 'vpcId' | 'egress'> & { egress?: IpPermissionState[] },
): SecurityGroupState {
  const group: SecurityGroupState = { id: random.ec2Id('sg'), vpcId: vpc.id, egress: [allTrafficOut()], ...fields };
  doc.ec2.securityGroups.push(group);
  vpc.groupIds.push(group.id);
  return group;
}

const ROLES = ['web', 'app', 'batch', 'cache', 'queue', 'bastion', 'monitoring', 'lb', 'internal', 'partner'];

/** Tops the account up to its `securityGroups` size with the general-purpose groups teams create by hand. */
export function fillSecurityGroups({ doc, scale, random }: LargeAccountBuild, network: NetworkFacts): void {
  const total = scale.securityGroups;
  if (network.vpcs.length === 0) return;
  let serial = 0;
  while (doc.ec2.securityGroups.length < total) {
    serial += 1;
    const vpc = random.pick(network.vpcs);
    const role = random.pick(ROLES);
    addGroup(doc, vpc, random, {
      name: `${vpc.name}-${role}-sg-${serial}`,
      description: `${role} tier in ${vpc.name}`,
      ingress: randomIngress(vpc, random),
      tags: [
        { key: 'Name', value: `${role}-${serial}` },
        { key: 'team', value: random.pick(['platform', 'payments', 'growth', 'data', 'core']) },
      ],
    });
  }
}
