/**
 * The large account's search domains, with the access policies operators
 * actually find: open to anyone, limited to IP ranges, granted to the
 * account, or to named roles. About half live in a VPC behind their own
 * security group.
 */
import { isoSeconds } from '../protocols/xml';
import type { LargeAccountBuild } from './largeAccountLayout';
import { addGroup, type NetworkFacts } from './largeAccountNetwork';
import type { SeededRandom } from './largeAccountRandom';

const DAY_MS = 24 * 60 * 60 * 1000;
const REGION = 'us-east-1';
const ENGINES = ['OpenSearch_2.11', 'OpenSearch_2.13', 'OpenSearch_1.3', 'Elasticsearch_7.10', 'Elasticsearch_6.8'];

function accessPolicy(accountId: string, domain: string, random: SeededRandom, roleArns: readonly string[]): string {
  const resource = `arn:aws:es:${REGION}:${accountId}:domain/${domain}/*`;
  const statement = (principal: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    Effect: 'Allow',
    Principal: { AWS: principal },
    Action: 'es:*',
    Resource: resource,
    ...extra,
  });
  const kind = random.int(0, 3);
  const statements =
    kind === 0
      ? [statement('*')]
      : kind === 1
        ? [statement('*', { Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.7'] } } })]
        : kind === 2 || roleArns.length === 0
          ? [statement(`arn:aws:iam::${accountId}:root`)]
          : [statement(random.sample(roleArns, random.int(1, 3)))];
  // AWS keeps the policy text exactly as it was sent; tools send it compact.
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

export function addLargeAccountDomains(build: LargeAccountBuild, network: NetworkFacts): void {
  const { doc, scale, layout, random, now } = build;
  const accountId = doc.account.id;
  const roleArns = doc.iam.roles.slice(0, 200).map((role) => `arn:aws:iam::${accountId}:role${role.path}${role.name}`);
  for (let n = 0; n < scale.domains; n += 1) {
    const slot = layout.environments.length > 0 ? layout.environments[n % layout.environments.length] : undefined;
    const name = `${(slot?.name ?? 'search').slice(0, 20).replace(/-+$/, '')}-${n}`;
    const created = isoSeconds(new Date(now.getTime() - random.int(30, 1500) * DAY_MS));
    const vpc = slot && random.chance(0.5) ? network.vpcOf.get(slot.name) : undefined;
    const production = slot?.stage === 'prod';
    const group =
      vpc === undefined
        ? undefined
        : addGroup(doc, vpc, random, {
            name: `${name}-search`,
            description: `HTTPS to search domain ${name}`,
            ingress: [
              {
                ipProtocol: 'tcp',
                fromPort: 443,
                toPort: 443,
                ipRanges: [{ cidrIp: '10.0.0.0/8', description: 'VPC clients' }],
                userIdGroupPairs: [],
              },
            ],
            tags: [{ key: 'Name', value: `${name}-search` }],
          });
    doc.search.domains.push({
      name,
      endpointId: random.lowerId(26),
      region: REGION,
      engineVersion: random.pick(ENGINES),
      createDate: created,
      updateDate: created,
      updateVersion: random.int(1, 40),
      cluster: {
        instanceType: random.pick(['t3.small.search', 'm6g.large.search', 'r6g.large.search', 'r6g.xlarge.search']),
        instanceCount: production ? random.int(3, 6) : random.int(1, 2),
        dedicatedMasterEnabled: production,
        zoneAwarenessEnabled: production,
      },
      ebs: { enabled: true, volumeType: 'gp3', volumeSize: random.pick([10, 20, 50, 100, 500]) },
      accessPolicies: accessPolicy(accountId, name, random, roleArns),
      ...(vpc === undefined || group === undefined
        ? {}
        : {
            vpc: {
              vpcId: vpc.id,
              subnetIds: vpc.privateSubnets.slice(0, production ? 3 : 1).map((s) => s.id),
              securityGroupIds: [group.id],
              availabilityZones: vpc.privateSubnets.slice(0, production ? 3 : 1).map((s) => s.availabilityZone),
            },
          }),
      advancedSecurity: production
        ? { enabled: true, internalUserDatabaseEnabled: true, masterUserName: 'admin' }
        : { enabled: false, internalUserDatabaseEnabled: false },
    });
  }
}
