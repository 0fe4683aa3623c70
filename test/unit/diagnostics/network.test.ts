import { describe, expect, it } from 'vitest';
import type { DatabaseSummary, OptionSetting } from '../../../src/shared/contract';
import type {
  EnvironmentDetail,
  EventFact,
  LogLineFact,
  InstanceFact,
  SecurityGroupFact,
  SubnetFact,
  VpcFact,
} from '../../../src/main/diagnostics/facts';
import { cidrCovers } from '../../../src/main/diagnostics/network/addresses';
import { parameterNameFromArn as parameterNameOfArn } from '../../../src/main/diagnostics/beanstalk/parameters';
import { hostNaming, linkDatabases } from '../../../src/main/diagnostics/network/databaseLinks';
import {
  evaluateNetwork,
  replacementName,
  type NetworkEnvironmentFacts,
  type NetworkFacts,
} from '../../../src/main/diagnostics/rules/network';
import { ACCOUNT, context, findingOf } from './support/evaluation';

const ctx = context();

const APP_VPC = 'vpc-0aaa1111bbbb2222c';
const DEFAULT_VPC = 'vpc-0ddd3333eeee4444f';
const LEDGER_HOST = 'ledger-db.c1x2y3z4.eu-west-1.rds.amazonaws.com';

const vpcs: VpcFact[] = [
  { id: DEFAULT_VPC, isDefault: true, cidr: '172.31.0.0/16' },
  { id: APP_VPC, isDefault: false, cidr: '10.20.0.0/16', name: 'ledger-vpc' },
];
const subnets: SubnetFact[] = [
  { id: 'subnet-0a1', vpcId: APP_VPC, cidr: '10.20.1.0/24', mapPublicIp: true },
  { id: 'subnet-0a2', vpcId: APP_VPC, cidr: '10.20.2.0/24', mapPublicIp: true },
  { id: 'subnet-0a3', vpcId: APP_VPC, cidr: '10.20.3.0/24', mapPublicIp: false },
  { id: 'subnet-0d1', vpcId: DEFAULT_VPC, cidr: '172.31.0.0/20', mapPublicIp: true },
];

function group(id: string, name: string, vpcId: string, extra: Partial<SecurityGroupFact> = {}): SecurityGroupFact {
  return { id, name, vpcId, description: name, ingress: [], tags: {}, ...extra };
}

const DB_SG = 'sg-0db0000000000001a';
const ENV_SG = 'sg-0e0000000000000b1';
const LB_SG = 'sg-0e0000000000000b2';
const WORKERS_SG = 'sg-0c0000000000000c1';

function baseGroups(dbIngress: SecurityGroupFact['ingress'] = []): SecurityGroupFact[] {
  return [
    group(DB_SG, 'ledger-db-sg', APP_VPC, { ingress: dbIngress }),
    group(ENV_SG, 'awseb-e-abc-stack-AWSEBSecurityGroup-XYZ', APP_VPC, {
      tags: {
        'aws:cloudformation:logical-id': 'AWSEBSecurityGroup',
        'elasticbeanstalk:environment-name': 'ledger-api',
      },
    }),
    group(LB_SG, 'awseb-e-abc-stack-AWSEBLoadBalancerSecurityGroup-Q', APP_VPC, {
      tags: { 'aws:cloudformation:logical-id': 'AWSEBLoadBalancerSecurityGroup' },
    }),
    group(WORKERS_SG, 'ledger-workers', APP_VPC),
    group('sg-0f0000000000000d1', 'ledger-workers', DEFAULT_VPC),
    group('sg-0f0000000000000d2', 'Web-Tier', APP_VPC),
  ];
}

const postgres: DatabaseSummary = {
  id: 'ledger-db',
  engine: 'postgres',
  engineVersion: '15.4',
  status: 'available',
  endpoint: { address: LEDGER_HOST, port: 6543 },
  vpcId: APP_VPC,
  subnetGroup: 'ledger-private',
  clusterId: null,
  publiclyAccessible: false,
  securityGroupIds: [DB_SG],
  arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:ledger-db`,
};

function instance(id: string, ip: string, vpcId: string, groups: string[]): InstanceFact {
  return { instanceId: id, state: 'running', privateIp: ip, vpcId, subnetId: 'subnet-0a1', securityGroupIds: groups };
}

function env(
  name: string,
  opts: {
    options?: OptionSetting[];
    properties?: Record<string, string>;
    secrets?: Record<string, string>;
    events?: EventFact[];
    instances?: InstanceFact[];
    logs?: LogLineFact[];
    health?: 'Green' | 'Red' | 'Grey';
  } = {},
): EnvironmentDetail {
  const properties = opts.properties ?? {};
  const secrets = opts.secrets ?? {};
  return {
    environment: {
      name,
      id: `e-${name}`,
      applicationName: 'ledger',
      status: 'Ready',
      health: opts.health ?? 'Green',
      causes: [],
      solutionStackName: '64bit Amazon Linux 2023 v4.3.0 running Python 3.11',
      versionLabel: 'v42',
      tier: 'WebServer',
    },
    options: [
      ...(opts.options ?? []),
      ...Object.entries(properties).map(([optionName, value]) => ({
        namespace: 'aws:elasticbeanstalk:application:environment',
        optionName,
        value,
      })),
      ...Object.entries(secrets).map(([optionName, value]) => ({
        namespace: 'aws:elasticbeanstalk:application:environmentsecrets',
        optionName,
        value,
      })),
    ],
    properties,
    secrets,
    events: opts.events ?? [],
    instances: opts.instances ?? [],
    logs: opts.logs ?? [],
  };
}

function facts(
  environments: NetworkEnvironmentFacts[],
  over: Partial<Omit<NetworkFacts, 'environments'>> = {},
): NetworkFacts {
  return {
    environments,
    environmentNames: environments.map((e) => e.detail.environment.name),
    databases: [postgres],
    securityGroups: baseGroups(),
    vpcs,
    subnets,
    ...over,
  };
}

const vpcOption = (value: string): OptionSetting => ({ namespace: 'aws:ec2:vpc', optionName: 'VPCId', value });

describe('helpers', () => {
  it('covers addresses by CIDR', () => {
    expect(cidrCovers('10.20.0.0/16', '10.20.7.9')).toBe(true);
    expect(cidrCovers('10.20.1.0/24', '10.20.2.9')).toBe(false);
    expect(cidrCovers('0.0.0.0/0', '192.168.0.1')).toBe(true);
    expect(cidrCovers('10.20.1.5/32', '10.20.1.5')).toBe(true);
    expect(cidrCovers('::/0', '10.0.0.1')).toBe(false);
  });

  it('turns SSM ARNs into parameter names', () => {
    expect(parameterNameOfArn(`arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/ledger/prod/DB_URL`)).toBe(
      '/ledger/prod/DB_URL',
    );
    expect(parameterNameOfArn(`arn:aws-cn:ssm:cn-north-1:${ACCOUNT}:parameter/flat`)).toBe('flat');
    expect(parameterNameOfArn(`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:x`)).toBeUndefined();
  });

  it('finds a DB host by endpoint or by its first label', () => {
    expect(hostNaming(`postgres://app:pw@${LEDGER_HOST.toUpperCase()}:6543/ledger`, postgres)).toBe(LEDGER_HOST);
    expect(hostNaming('ledger-db.c1x2y3z4', postgres)).toBe('ledger-db.c1x2y3z4');
    expect(hostNaming('ledger-db', postgres)).toBeUndefined();
    expect(hostNaming('other-db.c1x2y3z4.eu-west-1.rds.amazonaws.com', postgres)).toBeUndefined();
  });

  it('links through properties, secrets and connection events', () => {
    const detail = env('ledger-api', {
      properties: { UNRELATED: 'x' },
      secrets: { DB_URL: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/ledger/DB_URL` },
      events: [
        {
          at: '2025-03-01T11:00:00Z',
          severity: 'ERROR',
          message:
            'connection to server at "ledger-db.c1x2y3z4.eu-west-1.rds.amazonaws.com" (10.20.3.4), port 6543 failed: Connection timed out',
        },
      ],
    });
    const [link] = linkDatabases(detail, { DB_URL: `postgresql://u:p@${LEDGER_HOST}:6543/l` }, [postgres]);
    expect(link?.reasons.map((r) => r.via)).toEqual(['secret', 'event']);
    expect(linkDatabases(env('other'), {}, [postgres])).toEqual([]);
  });

  it('names a replacement within 40 characters and clear of existing names', () => {
    expect(replacementName('ledger-api', [])).toBe('ledger-api-vpc');
    expect(replacementName('ledger-api', ['Ledger-Api-Vpc'])).toBe('ledger-api-vpc2');
    const long = 'a'.repeat(38) + '-b';
    const name = replacementName(long, []);
    expect(name.length).toBeLessThanOrEqual(40);
    expect(name.endsWith('-vpc')).toBe(true);
    expect(name).not.toContain('--');
  });
});

describe('F4: environment outside the database VPC', () => {
  const outside = env('ledger-api', {
    options: [
      { namespace: 'aws:autoscaling:launchconfiguration', optionName: 'IamInstanceProfile', value: 'ledger-ec2' },
      { namespace: 'aws:autoscaling:launchconfiguration', optionName: 'InstanceType', value: 't3.small' },
      { namespace: 'aws:autoscaling:launchconfiguration', optionName: 'MonitoringInterval', value: '5 minute' },
      { namespace: 'aws:elasticbeanstalk:environment', optionName: 'EnvironmentType', value: 'LoadBalanced' },
      { namespace: 'aws:elasticbeanstalk:environment', optionName: 'ServiceRole', value: 'ledger-eb-service' },
      { namespace: 'aws:elasticbeanstalk:environment', optionName: 'LoadBalancerType', value: 'application' },
      { namespace: 'aws:elasticbeanstalk:container:python', optionName: 'WSGIPath', value: 'app:server' },
      { namespace: 'aws:autoscaling:asg', optionName: 'MinSize', value: '2' },
      { namespace: 'aws:autoscaling:asg', optionName: 'Availability Zones', value: 'Any' },
      {
        namespace: 'aws:cloudformation:template:parameter',
        optionName: 'InstancePort',
        value: '80',
      },
    ],
    properties: { DATABASE_URL: `postgresql://ledger:pw@${LEDGER_HOST}:6543/ledger` },
    instances: [instance('i-0aa', '172.31.4.5', DEFAULT_VPC, ['sg-0f0000000000000d9'])],
  });

  it('raises a critical finding with a replacement environment in the DB VPC', () => {
    const admitted = baseGroups([{ protocol: 'tcp', fromPort: 6543, toPort: 6543, cidrs: [], groupIds: [WORKERS_SG] }]);
    const out = evaluateNetwork(facts([{ detail: outside, secretValues: {} }], { securityGroups: admitted }), ctx);
    const id = 'F4:db-instance/ledger-db@ledger-api';
    expect(out.checks).toContainEqual(expect.objectContaining({ id, passed: false, rule: 'F4' }));
    expect(out.checks.some((c) => c.rule === 'F5')).toBe(false);
    const f = findingOf(out.findings, id);
    expect(f.severity).toBe('critical');
    expect(f.summary).toContain('replaced');
    expect(f.explanation).toContain('replaces the environment');
    expect(f.evidence.map((e) => e.text)).toContain(`aws:ec2:vpc VPCId not set; the instances run in ${DEFAULT_VPC}`);
    expect(f.evidence.map((e) => e.text)).toContain(`Environment property DATABASE_URL names ${LEDGER_HOST}`);
    // The password in the URL never reaches the evidence.
    expect(JSON.stringify(f.evidence)).not.toContain(':pw@');
    const [create, terminate] = f.fixes;
    expect(create?.recommended).toBe(true);
    expect(create?.description).toContain(`${WORKERS_SG} (ledger-workers)`);
    expect(create?.intent).toEqual({
      kind: 'beanstalk.createEnvironment',
      applicationName: 'ledger',
      environmentName: 'ledger-api-vpc',
      versionLabel: 'v42',
      solutionStackName: '64bit Amazon Linux 2023 v4.3.0 running Python 3.11',
      description: 'Replaces ledger-api in the VPC of ledger-db',
      replaces: 'ledger-api',
      optionSettings: [
        { namespace: 'aws:autoscaling:launchconfiguration', optionName: 'IamInstanceProfile', value: 'ledger-ec2' },
        { namespace: 'aws:autoscaling:launchconfiguration', optionName: 'InstanceType', value: 't3.small' },
        { namespace: 'aws:elasticbeanstalk:environment', optionName: 'EnvironmentType', value: 'LoadBalanced' },
        { namespace: 'aws:elasticbeanstalk:environment', optionName: 'ServiceRole', value: 'ledger-eb-service' },
        { namespace: 'aws:elasticbeanstalk:container:python', optionName: 'WSGIPath', value: 'app:server' },
        { namespace: 'aws:autoscaling:asg', optionName: 'MinSize', value: '2' },
        {
          namespace: 'aws:elasticbeanstalk:application:environment',
          optionName: 'DATABASE_URL',
          value: `postgresql://ledger:pw@${LEDGER_HOST}:6543/ledger`,
        },
        { namespace: 'aws:ec2:vpc', optionName: 'VPCId', value: APP_VPC },
        { namespace: 'aws:ec2:vpc', optionName: 'Subnets', value: 'subnet-0a1,subnet-0a2' },
        { namespace: 'aws:ec2:vpc', optionName: 'ELBSubnets', value: 'subnet-0a1,subnet-0a2' },
        { namespace: 'aws:ec2:vpc', optionName: 'AssociatePublicIpAddress', value: 'true' },
        { namespace: 'aws:autoscaling:launchconfiguration', optionName: 'SecurityGroups', value: WORKERS_SG },
      ],
    });
    expect(terminate).toMatchObject({
      id: 'terminate-old',
      recommended: false,
      intent: { kind: 'beanstalk.terminateEnvironment', environmentName: 'ledger-api' },
    });
    expect(terminate?.description).toContain('after the replacement ledger-api-vpc is Green');
    expect(f.manual?.steps.at(-1)?.command).toBe(
      'aws elasticbeanstalk terminate-environment --environment-name ledger-api',
    );
  });

  it('recognises a replacement made earlier and then only offers to terminate the old environment', () => {
    const peers = (health: string) => [
      { name: 'ledger-api', applicationName: 'ledger', status: 'Ready', health: 'Red' },
      { name: 'ledger-api-vpc', applicationName: 'ledger', status: 'Ready', health },
      // Same prefix, other application: not a replacement.
      { name: 'ledger-api-vpc2', applicationName: 'billing', status: 'Ready', health: 'Green' },
    ];
    const id = 'F4:db-instance/ledger-db@ledger-api';
    const pending = findingOf(
      evaluateNetwork(facts([{ detail: outside, secretValues: {} }], { peers: peers('Red') }), ctx).findings,
      id,
    );
    expect(pending.fixes.map((f) => [f.id, f.recommended])).toEqual([['terminate-old', false]]);
    expect(pending.fixes[0]?.description).toContain('ledger-api-vpc exists');
    const ready = findingOf(
      evaluateNetwork(facts([{ detail: outside, secretValues: {} }], { peers: peers('Green') }), ctx).findings,
      id,
    );
    expect(ready.fixes).toEqual([
      expect.objectContaining({
        id: 'terminate-old',
        recommended: true,
        intent: { kind: 'beanstalk.terminateEnvironment', environmentName: 'ledger-api' },
      }),
    ]);
  });

  it('prefers an admitted web group and skips groups a stack owns', () => {
    const web = group('sg-0a0000000000000e1', 'ledger-web', APP_VPC, {
      ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrs: ['0.0.0.0/0'], groupIds: [] }],
    });
    const ide = group('sg-0a0000000000000e2', 'ide-instances', APP_VPC, {
      tags: { 'aws:cloudformation:stack-name': 'ide' },
    });
    const groups = [
      ...baseGroups([
        { protocol: 'tcp', fromPort: 6543, toPort: 6543, cidrs: [], groupIds: [ide.id, WORKERS_SG, web.id] },
      ]),
      web,
      ide,
    ];
    const out = evaluateNetwork(facts([{ detail: outside, secretValues: {} }], { securityGroups: groups }), ctx);
    const intent = findingOf(out.findings, 'F4:db-instance/ledger-db@ledger-api').fixes[0]?.intent;
    expect(intent?.kind === 'beanstalk.createEnvironment' && intent.optionSettings.at(-1)).toEqual({
      namespace: 'aws:autoscaling:launchconfiguration',
      optionName: 'SecurityGroups',
      value: web.id,
    });
  });

  it('says F5 will follow when no group of the DB VPC is admitted yet', () => {
    const out = evaluateNetwork(facts([{ detail: outside, secretValues: {} }]), ctx);
    const f = findingOf(out.findings, 'F4:db-instance/ledger-db@ledger-api');
    expect(f.fixes[0]?.description).toContain('will still need a database ingress rule');
    const intent = f.fixes[0]?.intent;
    expect(
      intent?.kind === 'beanstalk.createEnvironment' &&
        intent.optionSettings.some((o) => o.optionName === 'SecurityGroups'),
    ).toBe(false);
  });

  it('uses the default VPC when neither option nor instances say, and links through a decrypted secret', () => {
    const detail = env('reports', {
      secrets: { DB_HOST: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/reports/DB_HOST` },
    });
    detail.environment.solutionStackName = undefined;
    detail.environment.platformArn =
      'arn:aws:elasticbeanstalk:eu-west-1::platform/Python 3.11 running on 64bit Amazon Linux 2023/4.3.0';
    const out = evaluateNetwork(facts([{ detail, secretValues: { DB_HOST: LEDGER_HOST } }]), ctx);
    const f = findingOf(out.findings, 'F4:db-instance/ledger-db@reports');
    expect(f.evidence[0]?.text).toContain(`default VPC ${DEFAULT_VPC}`);
    expect(f.evidence.map((e) => e.text)).toContain(
      `Environment secret DB_HOST (arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/reports/DB_HOST) names ${LEDGER_HOST}`,
    );
    expect(f.fixes[0]?.intent).toMatchObject({ platformArn: detail.environment.platformArn });
    expect(f.fixes[0]?.intent).not.toHaveProperty('solutionStackName');
  });

  it('falls back to manual steps when the deployed version is unknown', () => {
    const detail = env('bare', { properties: { PGHOST: LEDGER_HOST } });
    detail.environment.versionLabel = undefined;
    const out = evaluateNetwork(facts([{ detail, secretValues: {} }]), ctx);
    const f = findingOf(out.findings, 'F4:db-instance/ledger-db@bare');
    expect(f.fixes).toEqual([]);
    expect(f.manual?.steps.length).toBe(3);
  });

  it('passes when the environment is in the DB VPC', () => {
    const detail = env('ledger-api', {
      options: [vpcOption(APP_VPC)],
      properties: { PGHOST: LEDGER_HOST },
      instances: [instance('i-0bb', '10.20.1.10', APP_VPC, [ENV_SG])],
    });
    const ingress = baseGroups([{ protocol: 'tcp', fromPort: 6543, toPort: 6543, cidrs: [], groupIds: [ENV_SG] }]);
    const out = evaluateNetwork(facts([{ detail, secretValues: {} }], { securityGroups: ingress }), ctx);
    expect(out.findings).toEqual([]);
    expect(out.checks).toEqual([
      expect.objectContaining({ id: 'F4:db-instance/ledger-db@ledger-api', passed: true }),
      expect.objectContaining({ id: 'F5:db-instance/ledger-db@ledger-api', passed: true }),
    ]);
  });

  it('stays silent for an environment that uses no database', () => {
    const out = evaluateNetwork(facts([{ detail: env('static-site'), secretValues: {} }]), ctx);
    expect(out).toEqual({ findings: [], checks: [] });
  });
});

describe('F5: no ingress from the environment', () => {
  const timeout: EventFact = {
    at: '2025-03-01T11:58:00Z',
    severity: 'ERROR',
    message:
      'psycopg2.OperationalError: could not connect to server: Connection timed out\n\tIs the server running on host "ledger-db.c1x2y3z4.eu-west-1.rds.amazonaws.com" (10.20.3.4) and accepting\n\tTCP/IP connections on port 6543?',
  };
  const inVpc = env('ledger-api', {
    options: [vpcOption(APP_VPC)],
    properties: { PGHOST: LEDGER_HOST },
    events: [timeout],
    instances: [
      instance('i-0bb', '10.20.1.10', APP_VPC, [WORKERS_SG, ENV_SG]),
      instance('i-0cc', '10.20.2.11', APP_VPC, [WORKERS_SG, ENV_SG]),
    ],
  });

  it('names the group the operator attached rather than EB’s own, which a DB rule would pin to the stack', () => {
    const attached = env('ledger-api', {
      options: [
        vpcOption(APP_VPC),
        { namespace: 'aws:autoscaling:launchconfiguration', optionName: 'SecurityGroups', value: WORKERS_SG },
      ],
      properties: { PGHOST: LEDGER_HOST },
      instances: [instance('i-0bb', '10.20.1.10', APP_VPC, [ENV_SG, WORKERS_SG])],
    });
    const out = evaluateNetwork(facts([{ detail: attached, secretValues: {} }]), ctx);
    const f = findingOf(out.findings, 'F5:db-instance/ledger-db@ledger-api');
    expect(f.fixes[0]?.intent).toMatchObject({ source: { groupId: WORKERS_SG } });
  });

  it('offers the ingress rule from the EB-managed group on the DB port', () => {
    const ingress = baseGroups([
      { protocol: 'tcp', fromPort: 5432, toPort: 5432, cidrs: [], groupIds: [ENV_SG] },
      { protocol: 'tcp', fromPort: 6543, toPort: 6543, cidrs: ['10.20.1.0/24'], groupIds: [] },
    ]);
    const out = evaluateNetwork(facts([{ detail: inVpc, secretValues: {} }], { securityGroups: ingress }), ctx);
    const id = 'F5:db-instance/ledger-db@ledger-api';
    expect(out.checks).toContainEqual(expect.objectContaining({ id, passed: false }));
    const f = findingOf(out.findings, id);
    expect(f.severity).toBe('critical');
    expect(f.environmentName).toBe('ledger-api');
    expect(f.evidence[0]).toEqual({
      source: 'security-group',
      label: 'Inbound rules of ledger-db’s security groups',
      text: `${DB_SG} (ledger-db-sg): tcp 5432 from ${ENV_SG}; tcp 6543 from 10.20.1.0/24`,
    });
    expect(f.evidence).toContainEqual({
      source: 'event',
      label: 'Connection error',
      text: timeout.message,
      at: timeout.at,
    });
    expect(f.fixes).toHaveLength(1);
    expect(f.fixes[0]?.intent).toEqual({
      kind: 'ec2.authorizeIngress',
      groupId: DB_SG,
      protocol: 'tcp',
      fromPort: 6543,
      toPort: 6543,
      source: { groupId: ENV_SG },
      description: 'PostgreSQL from Elastic Beanstalk environment ledger-api',
    });
  });

  it('passes when a CIDR covers every instance, or a group rule admits one of its groups', () => {
    const byCidr = baseGroups([
      { protocol: 'tcp', fromPort: 6500, toPort: 6600, cidrs: ['10.20.0.0/16'], groupIds: [] },
    ]);
    const cidrOut = evaluateNetwork(facts([{ detail: inVpc, secretValues: {} }], { securityGroups: byCidr }), ctx);
    expect(cidrOut.findings).toEqual([]);
    expect(cidrOut.checks.find((c) => c.rule === 'F5')?.detail).toContain('tcp 6500-6600 from 10.20.0.0/16');

    const byGroup = baseGroups([{ protocol: '-1', cidrs: [], groupIds: [WORKERS_SG] }]);
    const groupOut = evaluateNetwork(facts([{ detail: inVpc, secretValues: {} }], { securityGroups: byGroup }), ctx);
    expect(groupOut.findings).toEqual([]);
    expect(groupOut.checks.find((c) => c.rule === 'F5')?.passed).toBe(true);
  });

  it('works for MySQL on the lab port with the connection error in events only', () => {
    const mysql: DatabaseSummary = {
      ...postgres,
      id: 'shop-db',
      engine: 'mysql',
      endpoint: { address: 'shop-db.q9w8e7.eu-west-1.rds.amazonaws.com', port: 3306 },
    };
    const event: EventFact = {
      at: '2025-03-01T10:00:00Z',
      severity: 'ERROR',
      message:
        "mysql.connector.errors.InterfaceError: 2003: Can't connect to MySQL server on 'shop-db.q9w8e7.eu-west-1.rds.amazonaws.com:3306' (110)",
    };
    const detail = env('shop-web', {
      options: [vpcOption(APP_VPC)],
      events: [event],
      instances: [instance('i-0dd', '10.20.1.20', APP_VPC, [WORKERS_SG])],
    });
    const out = evaluateNetwork(facts([{ detail, secretValues: {} }], { databases: [mysql] }), ctx);
    const f = findingOf(out.findings, 'F5:db-instance/shop-db@shop-web');
    expect(f.evidence.some((e) => e.source === 'event' && e.text === event.message)).toBe(true);
    expect(f.fixes[0]?.intent).toMatchObject({
      source: { groupId: WORKERS_SG },
      fromPort: 3306,
      description: 'MySQL from Elastic Beanstalk environment shop-web',
    });
  });

  it('gives manual steps when the database has no security group', () => {
    const naked = { ...postgres, securityGroupIds: [] };
    const out = evaluateNetwork(facts([{ detail: inVpc, secretValues: {} }], { databases: [naked] }), ctx);
    const f = findingOf(out.findings, 'F5:db-instance/ledger-db@ledger-api');
    expect(f.fixes).toEqual([]);
    expect(f.manual?.steps[1]?.command).toContain('--port 6543');
  });
});

describe('F12: security-group option values', () => {
  const sgOption = (namespace: string, optionName: string, value: string): OptionSetting => ({
    namespace,
    optionName,
    value,
  });

  it('rewrites a name to its ID inside a VPC', () => {
    const detail = env('ledger-staging', {
      options: [
        vpcOption(APP_VPC),
        sgOption('aws:autoscaling:launchconfiguration', 'SecurityGroups', 'ledger-workers'),
      ],
      health: 'Red',
      events: [
        {
          at: '2025-03-01T09:00:00Z',
          severity: 'ERROR',
          message: `Configuration validation exception: The security group 'ledger-workers' does not exist in VPC '${APP_VPC}'`,
        },
      ],
    });
    const out = evaluateNetwork(facts([{ detail, secretValues: {} }]), ctx);
    const id = 'F12:environment/ledger-staging@aws:autoscaling:launchconfiguration:SecurityGroups';
    expect(out.checks).toContainEqual(expect.objectContaining({ id, passed: false }));
    const f = findingOf(out.findings, id);
    expect(f.severity).toBe('critical');
    expect(f.evidence[0]).toEqual({
      source: 'setting',
      label: 'aws:autoscaling:launchconfiguration SecurityGroups',
      text: 'ledger-workers',
    });
    expect(f.evidence.some((e) => e.source === 'event' && e.label === 'Launch failure')).toBe(true);
    // The same name in the default VPC is not the one meant.
    expect(f.fixes[0]?.intent).toEqual({
      kind: 'beanstalk.updateOptions',
      environmentName: 'ledger-staging',
      set: [{ namespace: 'aws:autoscaling:launchconfiguration', optionName: 'SecurityGroups', value: WORKERS_SG }],
      remove: [],
    });
  });

  it('flags unknown groups, other-VPC groups and case mismatches with manual steps', () => {
    const detail = env('ledger-api', {
      options: [
        vpcOption(APP_VPC),
        sgOption('aws:autoscaling:launchconfiguration', 'SecurityGroups', `${ENV_SG}, web-tier`),
        sgOption('aws:elbv2:loadbalancer', 'SecurityGroups', 'sg-0f0000000000000d1'),
        sgOption('aws:elbv2:loadbalancer', 'ManagedSecurityGroup', 'sg-0123456789abcdef0'),
      ],
      instances: [instance('i-0ee', '10.20.1.30', APP_VPC, [ENV_SG])],
    });
    const out = evaluateNetwork(facts([{ detail, secretValues: {} }]), ctx);
    const launch = findingOf(
      out.findings,
      'F12:environment/ledger-api@aws:autoscaling:launchconfiguration:SecurityGroups',
    );
    expect(launch.severity).toBe('high');
    expect(launch.fixes).toEqual([]);
    expect(launch.explanation).toContain('"web-tier" may mean Web-Tier (sg-0f0000000000000d2)');
    const lb = findingOf(out.findings, 'F12:environment/ledger-api@aws:elbv2:loadbalancer:SecurityGroups');
    expect(lb.evidence.map((e) => e.text)).toContain(
      `sg-0f0000000000000d1: sg-0f0000000000000d1 (ledger-workers) is in ${DEFAULT_VPC}, not in the environment’s ${APP_VPC}`,
    );
    const managed = findingOf(out.findings, 'F12:environment/ledger-api@aws:elbv2:loadbalancer:ManagedSecurityGroup');
    expect(managed.evidence.map((e) => e.text)).toContain('sg-0123456789abcdef0: no such group in this region');
    expect(managed.manual?.check).toContain(APP_VPC);
  });

  it('accepts names in the default VPC and IDs in a VPC', () => {
    const classic = env('legacy', {
      options: [sgOption('aws:autoscaling:launchconfiguration', 'SecurityGroups', 'ledger-workers')],
    });
    const modern = env('modern', {
      options: [
        vpcOption(APP_VPC),
        sgOption('aws:autoscaling:launchconfiguration', 'SecurityGroups', WORKERS_SG),
        sgOption('aws:elbv2:loadbalancer', 'ManagedSecurityGroup', LB_SG),
      ],
    });
    const out = evaluateNetwork(
      facts([
        { detail: classic, secretValues: {} },
        { detail: modern, secretValues: {} },
      ]),
      ctx,
    );
    expect(out.findings).toEqual([]);
    expect(out.checks.filter((c) => c.rule === 'F12').map((c) => [c.id, c.passed])).toEqual([
      ['F12:environment/legacy@aws:autoscaling:launchconfiguration:SecurityGroups', true],
      ['F12:environment/modern@aws:autoscaling:launchconfiguration:SecurityGroups', true],
      ['F12:environment/modern@aws:elbv2:loadbalancer:ManagedSecurityGroup', true],
    ]);
  });

  it('flags DisableDefaultEC2SecurityGroup without SecurityGroups', () => {
    const detail = env('ledger-api', {
      options: [
        vpcOption(APP_VPC),
        sgOption('aws:autoscaling:launchconfiguration', 'DisableDefaultEC2SecurityGroup', 'true'),
      ],
    });
    const out = evaluateNetwork(facts([{ detail, secretValues: {} }]), ctx);
    const f = findingOf(
      out.findings,
      'F12:environment/ledger-api@aws:autoscaling:launchconfiguration:DisableDefaultEC2SecurityGroup',
    );
    expect(f.fixes[0]?.intent).toEqual({
      kind: 'beanstalk.updateOptions',
      environmentName: 'ledger-api',
      set: [
        {
          namespace: 'aws:autoscaling:launchconfiguration',
          optionName: 'DisableDefaultEC2SecurityGroup',
          value: 'false',
        },
      ],
      remove: [],
    });
    expect(f.manual?.steps).toHaveLength(2);
  });

  it('scopes to the environment asked for', () => {
    const a = env('a-env', { options: [sgOption('aws:elbv2:loadbalancer', 'SecurityGroups', 'nope')] });
    const b = env('b-env', { options: [sgOption('aws:elbv2:loadbalancer', 'SecurityGroups', 'nope')] });
    const out = evaluateNetwork(
      facts([
        { detail: a, secretValues: {} },
        { detail: b, secretValues: {} },
      ]),
      { ...ctx, environmentName: 'b-env' },
    );
    expect(out.findings.map((f) => f.id)).toEqual(['F12:environment/b-env@aws:elbv2:loadbalancer:SecurityGroups']);
  });
});
