/**
 * Two accounts of databases built with the AWS CLI: ports other than the
 * engines' defaults, one database that admits the app and one that does not,
 * and an environment in another VPC than its database.
 */
import { expect } from 'vitest';
import { type AccountSpec, beanstalkApp, FLASK_APP, NS, REQUIREMENTS, STACKS } from './cliAccountSteps';
import type { CliStep } from './cliBatch';

const EU = 'eu-west-1';
const AP = 'ap-southeast-2';

/** A VPC with two subnets, saved as `{{vpc}}`, `{{subnetA}}`, `{{subnetB}}`; groups are added by the caller. */
function network(region: string, cidr: string): CliStep[] {
  const [a, b] = [cidr.replace('.0.0/16', '.1.0/24'), cidr.replace('.0.0/16', '.2.0/24')];
  return [
    { args: ['ec2', 'create-vpc', '--cidr-block', cidr], save: { name: 'vpc', path: 'Vpc.VpcId' } },
    {
      args: ['ec2', 'create-subnet', '--vpc-id', '{{vpc}}', '--cidr-block', a, '--availability-zone', `${region}a`],
      save: { name: 'subnetA', path: 'Subnet.SubnetId' },
    },
    {
      args: ['ec2', 'create-subnet', '--vpc-id', '{{vpc}}', '--cidr-block', b, '--availability-zone', `${region}b`],
      save: { name: 'subnetB', path: 'Subnet.SubnetId' },
    },
  ];
}

function group(name: string, vpc = '{{vpc}}'): CliStep {
  return {
    args: ['ec2', 'create-security-group', '--group-name', name, '--description', name, '--vpc-id', vpc],
    save: { name, path: 'GroupId' },
  };
}

function database(id: string, engine: string, port: number, groupVar: string, subnetGroup: string): CliStep {
  return {
    args: [
      'rds',
      'create-db-instance',
      '--db-instance-identifier',
      id,
      '--db-instance-class',
      'db.t4g.micro',
      '--engine',
      engine,
      '--port',
      String(port),
      '--allocated-storage',
      '20',
      '--master-username',
      'app',
      '--master-user-password',
      'not-used-1234',
      '--db-subnet-group-name',
      subnetGroup,
      '--vpc-security-group-ids',
      `{{${groupVar}}}`,
    ],
    save: { name: `${id}Host`, path: 'DBInstance.Endpoint.Address' },
  };
}

export const tally: AccountSpec = {
  profile: 'tally',
  region: EU,
  about: 'PostgreSQL on 5433 that does not admit the app, and MySQL on 3307 that does',
  bundles: { 'tally.zip': { 'application.py': FLASK_APP, 'requirements.txt': REQUIREMENTS } },
  steps: ({ zip }) => [
    ...network(EU, '10.50.0.0/16'),
    group('tallyWeb'),
    group('tallyPg'),
    group('tallyMysql'),
    {
      args: [
        'ec2',
        'authorize-security-group-ingress',
        '--group-id',
        '{{tallyMysql}}',
        '--protocol',
        'tcp',
        '--port',
        '3307',
        '--source-group',
        '{{tallyWeb}}',
      ],
    },
    {
      args: [
        'rds',
        'create-db-subnet-group',
        '--db-subnet-group-name',
        'tally-subnets',
        '--db-subnet-group-description',
        'tally',
        '--subnet-ids',
        '{{subnetA}}',
        '{{subnetB}}',
      ],
    },
    database('tally-pg', 'postgres', 5433, 'tallyPg', 'tally-subnets'),
    database('tally-reports', 'mysql', 3307, 'tallyMysql', 'tally-subnets'),
    ...beanstalkApp({
      prefix: 'tally',
      region: EU,
      zip: zip('tally.zip'),
      stack: STACKS.al2023,
      environments: {
        'tally-web': [
          [NS.vpc, 'VPCId', '{{vpc}}'],
          [NS.vpc, 'Subnets', '{{subnetA}},{{subnetB}}'],
          [NS.vpc, 'AssociatePublicIpAddress', 'true'],
          [NS.launch, 'SecurityGroups', '{{tallyWeb}}'],
          [NS.properties, 'DATABASE_URL', 'postgresql://tally@{{tally-pgHost}}:5433/tally'],
          [NS.properties, 'REPORTS_DB_HOST', '{{tally-reportsHost}}'],
        ],
      },
    }),
  ],
  environments: ['tally-web'],
  mustRaise: [
    {
      id: 'F5:db-instance/tally-pg@tally-web',
      severity: 'critical',
      summary: 'on TCP 5433',
      fixes: ['authorize-ingress'],
      check: (f) => expect(f.fixes[0]?.label).toMatch(/^Allow sg-[0-9a-f]+ \(tallyWeb\) on TCP 5433$/),
    },
  ],
  mustNotRaise: ['F5:db-instance/tally-reports', 'F4:', 'F3:', 'F16:', 'F7:'],
  mustPass: ['F5:db-instance/tally-reports@tally-web', 'F4:db-instance/tally-pg@tally-web'],
};

export const relay: AccountSpec = {
  profile: 'relay',
  region: AP,
  about: 'the database in one VPC and the environment in another, with its security group given by name',
  bundles: { 'relay.zip': { 'application.py': FLASK_APP, 'requirements.txt': REQUIREMENTS } },
  steps: ({ zip }) => [
    ...network(AP, '10.60.0.0/16'),
    group('relayDb'),
    {
      args: [
        'rds',
        'create-db-subnet-group',
        '--db-subnet-group-name',
        'relay-subnets',
        '--db-subnet-group-description',
        'relay',
        '--subnet-ids',
        '{{subnetA}}',
        '{{subnetB}}',
      ],
    },
    database('relay-db', 'postgres', 5432, 'relayDb', 'relay-subnets'),
    { args: ['ec2', 'create-vpc', '--cidr-block', '10.61.0.0/16'], save: { name: 'appVpc', path: 'Vpc.VpcId' } },
    {
      args: [
        'ec2',
        'create-subnet',
        '--vpc-id',
        '{{appVpc}}',
        '--cidr-block',
        '10.61.1.0/24',
        '--availability-zone',
        `${AP}a`,
      ],
      save: { name: 'appSubnet', path: 'Subnet.SubnetId' },
    },
    group('relay-web-sg', '{{appVpc}}'),
    ...beanstalkApp({
      prefix: 'relay',
      region: AP,
      zip: zip('relay.zip'),
      stack: STACKS.al2023,
      environments: {
        'relay-web': [
          [NS.vpc, 'VPCId', '{{appVpc}}'],
          [NS.vpc, 'Subnets', '{{appSubnet}}'],
          [NS.launch, 'SecurityGroups', 'relay-web-sg'],
          [NS.properties, 'DB_HOST', '{{relay-dbHost}}'],
        ],
      },
    }),
  ],
  environments: ['relay-web'],
  mustRaise: [
    { id: 'F4:db-instance/relay-db@relay-web', severity: 'critical', fixes: ['replace-in-db-vpc', 'terminate-old'] },
    {
      id: 'F12:environment/relay-web@aws:autoscaling:launchconfiguration:SecurityGroups',
      fixes: ['use-group-ids'],
      check: (f) => expect(f.fixes[0]?.label).toMatch(/^Set SecurityGroups to sg-[0-9a-f]+$/),
    },
  ],
  // F5 is not judged across VPCs: no security-group rule can join them.
  mustNotRaise: ['F5:', 'F3:', 'F16:'],
};
