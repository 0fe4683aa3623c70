/**
 * The training lab's search domains (seeds 000 and 001): `elastic`, created
 * with the HOWTO's "hideous" CLI command whose policy punches a hole for the
 * learner's workstation IP; `test-domain`, which the jumpbox role signs
 * requests to and whose policy lets anyone in; and `secure-search`, in the
 * course VPC with fine-grained access control, whose `*` policy is therefore
 * not an open door.
 */
import type { SearchState } from '../state/searchState';
import { EDX_DEFAULT_SG_ID, EDX_SUBNETS, EDX_VPC_ID } from './trainingLabNetwork';

const REGION = 'us-east-1';

/** Seed 001 uses 8.7.6.5 as its stand-in workstation address. */
export const WORKSTATION_IP = '8.7.6.5';

/** AWS keeps the policy text exactly as it was sent; the CLI sent it compact. */
const compact = (value: unknown): string => JSON.stringify(value);

function domainResource(accountId: string, name: string): string {
  return `arn:aws:es:${REGION}:${accountId}:domain/${name}/*`;
}

export function trainingLabDomains(accountId: string): SearchState {
  const common = {
    region: REGION,
    updateVersion: 1,
    advancedSecurity: { enabled: false, internalUserDatabaseEnabled: false },
  };
  return {
    domains: [
      {
        ...common,
        name: 'elastic',
        endpointId: 'k7x2mq4vdp9rtz3nwc6hbf5yla',
        engineVersion: 'Elasticsearch_6.0',
        createDate: '2018-02-12T22:04:31Z',
        updateDate: '2018-02-12T22:04:31Z',
        cluster: {
          instanceType: 't2.small.elasticsearch',
          instanceCount: 1,
          dedicatedMasterEnabled: false,
          zoneAwarenessEnabled: false,
        },
        ebs: { enabled: true, volumeType: 'gp2', volumeSize: 10 },
        accessPolicies: compact({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${accountId}:root` },
              Action: 'es:*',
              Resource: domainResource(accountId, 'elastic'),
            },
            {
              Sid: '',
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: 'es:*',
              Resource: domainResource(accountId, 'elastic'),
              Condition: { IpAddress: { 'aws:SourceIp': WORKSTATION_IP } },
            },
          ],
        }),
      },
      {
        ...common,
        name: 'test-domain',
        endpointId: 'p3w8ne5cqj2hsv7kb4mxt6gdra',
        engineVersion: 'Elasticsearch_7.10',
        createDate: '2018-07-02T18:12:09Z',
        updateDate: '2018-07-02T18:12:09Z',
        cluster: {
          instanceType: 't3.small.elasticsearch',
          instanceCount: 1,
          dedicatedMasterEnabled: false,
          zoneAwarenessEnabled: false,
        },
        ebs: { enabled: true, volumeType: 'gp2', volumeSize: 10 },
        accessPolicies: compact({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: 'es:*',
              Resource: domainResource(accountId, 'test-domain'),
            },
          ],
        }),
      },
      {
        region: REGION,
        updateVersion: 1,
        name: 'secure-search',
        endpointId: 'f9d4ku2zxm7cbq5ehn3tvw8ysg',
        engineVersion: 'OpenSearch_2.11',
        createDate: '2024-03-18T09:41:52Z',
        updateDate: '2024-03-18T09:41:52Z',
        cluster: {
          instanceType: 'r6g.large.search',
          instanceCount: 2,
          dedicatedMasterEnabled: false,
          zoneAwarenessEnabled: true,
        },
        ebs: { enabled: true, volumeType: 'gp3', volumeSize: 20 },
        vpc: {
          vpcId: EDX_VPC_ID,
          subnetIds: [EDX_SUBNETS.privateA, EDX_SUBNETS.privateB],
          securityGroupIds: [EDX_DEFAULT_SG_ID],
          availabilityZones: [`${REGION}a`, `${REGION}b`],
        },
        // Fine-grained access control authenticates every request itself, so an open resource policy is the usual setup.
        advancedSecurity: { enabled: true, internalUserDatabaseEnabled: true, masterUserName: 'search-admin' },
        accessPolicies: compact({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: 'es:ESHttp*',
              Resource: domainResource(accountId, 'secure-search'),
            },
          ],
        }),
      },
    ],
  };
}
