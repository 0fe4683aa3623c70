/**
 * Two accounts of search domains built with the AWS CLI: IP conditions that
 * say more (or less) than they seem, and a domain two apps use of which only
 * one app's role is allowed.
 */
import { expect } from 'vitest';
import { partitionOf } from '../../../src/shared/aws/partitions';
import {
  type AccountSpec,
  anyone,
  beanstalkApp,
  domain,
  FLASK_APP,
  NS,
  policy,
  REQUIREMENTS,
  roleOptions,
  roles,
  STACKS,
} from './cliAccountSteps';

const EU = 'eu-west-1';
/** Beijing: the China partition, where every ARN says `arn:aws-cn:`. */
const CN = 'cn-north-1';
const arnOf = (region: string, account: string, name: string) =>
  `arn:${partitionOf(region)}:es:${region}:${account}:domain/${name}`;

export const signal: AccountSpec = {
  profile: 'signal',
  region: EU,
  about: 'six search domains whose IP conditions say more or less than they seem',
  bundles: {},
  steps: ({ account }) => {
    const arn = (name: string) => arnOf(EU, account, name);
    return [
      domain(
        'audit-logs',
        policy(anyone(arn('audit-logs'), { IpAddress: { 'aws:SourceIp': ['198.51.100.4/32', '0.0.0.0/0'] } })),
      ),
      domain(
        'metrics',
        policy(anyone(arn('metrics'), { IpAddress: { 'aws:SourceIp': ['0.0.0.0/1', '128.0.0.0/1'] } })),
      ),
      domain('reports', policy(anyone(arn('reports'), { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } }))),
      domain('partner-feed', policy(anyone(arn('partner-feed'), { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }))),
      domain(
        'office-only',
        policy(
          anyone(arn('office-only')),
          anyone(arn('office-only'), { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24'] } }, 'Deny'),
        ),
      ),
      domain('guarded', policy(anyone(arn('guarded'), { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } })), [
        '--advanced-security-options',
        'Enabled=true,InternalUserDatabaseEnabled=true,MasterUserOptions={MasterUserName=admin,MasterUserPassword=Not-used-1}',
      ]),
    ];
  },
  environments: [],
  mustRaise: [
    {
      id: 'F13:search-domain/audit-logs@open',
      severity: 'critical',
      summary: 'its aws:SourceIp list includes 0.0.0.0/0',
    },
    {
      id: 'F13:search-domain/metrics@open',
      severity: 'critical',
      summary: '0.0.0.0/1, 128.0.0.0/1 together cover every IPv4 address',
    },
    { id: 'F13:search-domain/reports@open', severity: 'critical', summary: 'every address except 10.0.0.0/8' },
    { id: 'F13:search-domain/partner-feed@ip', severity: 'medium', summary: 'from 203.0.113.0/24' },
    { id: 'F13:search-domain/office-only@ip', severity: 'medium', summary: 'limited by a Deny to 192.0.2.0/24' },
  ],
  mustNotRaise: [
    'F13:search-domain/partner-feed@open',
    'F13:search-domain/office-only@open',
    'F13:search-domain/guarded@',
  ],
  mustPass: ['F13:search-domain/guarded@open', 'F13:search-domain/guarded@ip'],
};

export const beacon: AccountSpec = {
  profile: 'beacon',
  region: CN,
  about: 'an IPv6-open domain, and a domain two apps use of which only one role is allowed',
  bundles: { 'beacon.zip': { 'application.py': FLASK_APP, 'requirements.txt': REQUIREMENTS } },
  steps: ({ zip, account }) => {
    const catalog = arnOf(CN, account, 'catalog');
    const allowWeb = {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws-cn:iam::${account}:role/beacon-app` },
      Action: 'es:ESHttp*',
      Resource: `${catalog}/*`,
    };
    const uses = (prefix: string) =>
      [
        ...roleOptions(prefix),
        [NS.properties, 'SEARCH_URL', 'https://{{catalogEndpoint}}'],
        [NS.properties, 'AWS_REGION', CN],
      ] as const;
    return [
      domain(
        'events',
        policy(anyone(arnOf(CN, account, 'events'), { IpAddress: { 'aws:SourceIp': ['2001:db8::/32', '::/0'] } })),
      ),
      domain('catalog', policy(allowWeb)),
      ...roles('feed'),
      ...beanstalkApp({
        prefix: 'beacon',
        region: CN,
        zip: zip('beacon.zip'),
        stack: STACKS.al2023,
        environments: { 'beacon-web': uses('beacon'), 'beacon-feed': uses('feed') },
      }),
    ];
  },
  environments: ['beacon-web', 'beacon-feed'],
  mustRaise: [
    { id: 'F13:search-domain/events@open', severity: 'critical', summary: '::/0' },
    {
      id: 'F13:search-domain/catalog@beacon-feed',
      severity: 'high',
      fixes: ['allow-app-role'],
      check: (f) =>
        expect(f.fixes[0]?.description).toMatch(
          /^Adds an Allow for arn:aws-cn:iam::\d{12}:role\/feed-app on arn:aws-cn:es:cn-north-1:/,
        ),
    },
  ],
  mustNotRaise: [
    'F13:search-domain/catalog@beacon-web',
    'F13:search-domain/catalog@open',
    'F13:search-domain/catalog@ip',
    'F3:',
    'F7:',
    'F16:',
  ],
  mustPass: ['F13:search-domain/catalog@beacon-web', 'F3:environment/beacon-web'],
};
