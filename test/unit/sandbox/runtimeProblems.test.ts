/**
 * The evaluator's database, app-permission and secrets checks on a state that
 * is not the training lab: other names, PostgreSQL on 6543, eu-west-1 ARNs.
 * Each problem appears when its cause is in the state and goes when it is
 * fixed; runtime health is then re-derived without an operation.
 */
import { describe, expect, it } from 'vitest';
import { buildScenario } from '../../../src/sandbox/scenarios';
import { DEFAULT_VPC_ID } from '../../../src/sandbox/scenarios/network';
import { evaluateEnvironment } from '../../../src/sandbox/simulation/healthEvaluator';
import { applyHealthRefreshes, pendingHealthRefreshes } from '../../../src/sandbox/simulation/lifecycle';
import type { EnvironmentState, OptionSettingState } from '../../../src/sandbox/state/beanstalkState';
import type { StateDocument } from '../../../src/sandbox/state/document';
import type { IpPermissionState } from '../../../src/sandbox/state/networkState';

const NOW = new Date('2027-03-01T10:00:00Z');
const ACCOUNT = '570589970431';
const ROLE = 'orders-web-role';
const INSTANCE = 'i-0123456789abcdef0';
const WEB_SG = 'sg-0aaaaaaaaaaaaaaa1';
const DB_SG = 'sg-0bbbbbbbbbbbbbbb2';
const DB_HOST = 'orders-pg.x1y2z3a4b5c6.eu-west-1.rds.amazonaws.com';
const SECRET_ARN = `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/orders/prod/DB_HOST`;
const ENV_NS = 'aws:elasticbeanstalk:application:environment';
const SECRETS_NS = 'aws:elasticbeanstalk:application:environmentsecrets';

const prop = (name: string, value: string): OptionSettingState => ({ namespace: ENV_NS, optionName: name, value });
const secret = (name: string, arn: string): OptionSettingState => ({
  namespace: SECRETS_NS,
  optionName: name,
  value: arn,
});

function policy(statements: ReadonlyArray<Record<string, unknown>>): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

function pgIngress(port: number, source: { groupId?: string; cidr?: string }): IpPermissionState {
  return {
    ipProtocol: 'tcp',
    fromPort: port,
    toPort: port,
    ipRanges: source.cidr === undefined ? [] : [{ cidrIp: source.cidr }],
    userIdGroupPairs: source.groupId === undefined ? [] : [{ groupId: source.groupId }],
  };
}

interface World {
  readonly doc: StateDocument;
  readonly env: EnvironmentState;
}

/** An empty account with one Ready environment (no bundle: EB's sample app), its instance, role and database. */
function world(options: readonly OptionSettingState[], actions?: Array<{ action: string; resource: string }>): World {
  const doc = buildScenario('empty', NOW);
  doc.iam.roles.push({
    name: ROLE,
    id: 'AROAEXAMPLEROLE000001',
    path: '/',
    createDate: '2027-01-01T00:00:00Z',
    assumeRolePolicyDocument: policy([
      { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]),
    maxSessionDuration: 3600,
    tags: [],
    attachedPolicyArns: [],
    inlinePolicies: [],
  });
  doc.iam.instanceProfiles.push({
    name: 'orders-web-profile',
    id: 'AIPAEXAMPLEPROFILE001',
    path: '/',
    createDate: '2027-01-01T00:00:00Z',
    roleNames: [ROLE],
    tags: [],
  });
  doc.ec2.securityGroups.push(
    { id: WEB_SG, name: 'orders-web', description: 'web', vpcId: DEFAULT_VPC_ID, ingress: [], egress: [], tags: [] },
    { id: DB_SG, name: 'orders-db', description: 'db', vpcId: DEFAULT_VPC_ID, ingress: [], egress: [], tags: [] },
  );
  doc.rds.instances.push({
    id: 'orders-pg',
    engine: 'postgres',
    engineVersion: '16.3',
    instanceClass: 'db.t4g.micro',
    status: 'available',
    port: 6543,
    endpointLabel: 'x1y2z3a4b5c6',
    subnetGroupName: 'default',
    vpcSecurityGroupIds: [DB_SG],
    publiclyAccessible: false,
    availabilityZone: 'eu-west-1a',
    createTime: '2027-01-01T00:00:00Z',
  });
  doc.elasticbeanstalk.applications.push({
    name: 'orders',
    dateCreated: '2027-01-01T00:00:00Z',
    dateUpdated: '2027-01-01T00:00:00Z',
    requirements: {
      environmentProperties: [],
      usesAwsSdk: false,
      databaseHostProperty: 'DB_HOST',
      ...(actions === undefined ? {} : { instanceRoleActions: actions }),
    },
  });
  const env: EnvironmentState = {
    id: 'e-orders0001',
    name: 'orders-prod',
    applicationName: 'orders',
    solutionStackName: '64bit Amazon Linux 2023 v4.3.0 running Python 3.11',
    tier: { name: 'WebServer', type: 'Standard', version: '1.0' },
    cname: 'orders-prod.abc.eu-west-1.elasticbeanstalk.com',
    dateCreated: '2027-01-01T00:00:00Z',
    dateUpdated: '2027-01-01T00:00:00Z',
    status: 'Ready',
    optionSettings: [
      {
        namespace: 'aws:autoscaling:launchconfiguration',
        optionName: 'IamInstanceProfile',
        value: 'orders-web-profile',
      },
      ...options,
    ],
    deploymentId: 1,
    lastHealth: { status: 'Ok', causes: [], refreshedAt: '2027-01-01T00:00:00Z' },
  };
  doc.elasticbeanstalk.environments.push(env);
  doc.ec2.instances.push({
    id: INSTANCE,
    imageId: 'ami-0123456789abcdef0',
    instanceType: 't3.micro',
    state: 'running',
    launchTime: '2027-01-01T00:00:00Z',
    vpcId: DEFAULT_VPC_ID,
    subnetId: 'subnet-0a1d9e8f7c6b5a401',
    availabilityZone: 'us-east-1a',
    privateIpAddress: '172.31.5.20',
    securityGroupIds: [WEB_SG],
    tags: [
      { key: 'elasticbeanstalk:environment-name', value: env.name },
      { key: 'elasticbeanstalk:environment-id', value: env.id },
    ],
  });
  return { doc, env };
}

function group(doc: StateDocument, id: string): { ingress: IpPermissionState[] } {
  const found = doc.ec2.securityGroups.find((g) => g.id === id);
  if (!found) throw new Error(`${id} missing`);
  return found;
}

function role(doc: StateDocument): StateDocument['iam']['roles'][number] {
  const found = doc.iam.roles.find((r) => r.name === ROLE);
  if (!found) throw new Error('role missing');
  return found;
}

function addParameter(doc: StateDocument, name: string, value: string, keyId?: string): void {
  doc.ssm.parameters.push({
    name,
    versions: [
      {
        version: 1,
        type: 'String',
        text: value,
        ...(keyId === undefined ? {} : { keyId }),
        tier: 'Standard',
        labels: [],
        lastModifiedDate: '2027-01-01T00:00:00Z',
        lastModifiedUser: `arn:aws:iam::${ACCOUNT}:root`,
      },
    ],
  });
}

describe('database reachability (databaseHostProperty)', () => {
  it('reports a PostgreSQL connect timeout on the real port until an ingress rule admits the instance group', () => {
    const { doc, env } = world([prop('DB_HOST', DB_HOST)]);
    const before = evaluateEnvironment(doc, env);
    expect(before.health).toBe('Severe');
    expect(before.causes).toEqual(['100.0 % of the requests are failing with HTTP 5xx.']);
    expect(before.operationFailed).toBe(false);
    expect(before.problems.map((p) => [p.code, p.stage])).toEqual([['database', 'runtime']]);
    expect(before.problems[0]?.events[0]?.message).toBe(
      `Application returned HTTP 500: psycopg2.OperationalError: could not connect to server: Connection timed out. Is the server running on host "${DB_HOST}" and accepting TCP/IP connections on port 6543?`,
    );

    group(doc, DB_SG).ingress.push(pgIngress(5432, { groupId: WEB_SG }));
    expect(evaluateEnvironment(doc, env).problems.map((p) => p.code)).toEqual(['database']);
    group(doc, DB_SG).ingress.push(pgIngress(6543, { groupId: WEB_SG }));
    expect(evaluateEnvironment(doc, env)).toMatchObject({ health: 'Ok', problems: [] });
  });

  it('accepts a CIDR that covers the private address, and refuses any rule across VPCs', () => {
    const { doc, env } = world([prop('DB_HOST', DB_HOST.toUpperCase())]);
    group(doc, DB_SG).ingress.push(pgIngress(6543, { cidr: '172.31.4.0/23' }));
    expect(evaluateEnvironment(doc, env).problems).toEqual([]);
    const instance = doc.ec2.instances.find((i) => i.id === INSTANCE);
    if (!instance) throw new Error('instance missing');
    instance.vpcId = 'vpc-0fffffffffffffff0';
    expect(evaluateEnvironment(doc, env).problems.map((p) => p.code)).toEqual(['database']);
  });

  it('ignores hosts that are not an RDS endpoint of this account', () => {
    const { doc, env } = world([prop('DB_HOST', 'db.internal.example.com')]);
    expect(evaluateEnvironment(doc, env).problems).toEqual([]);
  });

  it('reads the host from an environmentsecrets parameter, and reports MySQL in its own words', () => {
    const { doc, env } = world([secret('DB_HOST', SECRET_ARN)]);
    addParameter(doc, '/orders/prod/DB_HOST', DB_HOST);
    role(doc).inlinePolicies.push({
      name: 'ReadOrders',
      document: policy([
        { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: 'arn:aws:ssm:eu-west-1:*:parameter/orders/*' },
      ]),
    });
    const db = doc.rds.instances[0];
    if (!db) throw new Error('db missing');
    db.engine = 'mariadb';
    expect(evaluateEnvironment(doc, env).problems[0]?.events[0]?.message).toBe(
      `Application returned HTTP 500: mysql.connector.errors.InterfaceError: 2003: Can't connect to MySQL server on '${DB_HOST}:6543' (110 Connection timed out)`,
    );
  });
});

describe('instance-role permissions (instanceRoleActions)', () => {
  const actions = [
    { action: 's3:PutObject', resource: 'arn:aws:s3:::${UPLOADS_BUCKET}/*' },
    { action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/\${ORDERS_TABLE}` },
  ];

  it('evaluates each call on its resource ARN with the role behind the instance profile', () => {
    const { doc, env } = world([prop('UPLOADS_BUCKET', 'orders-uploads'), prop('ORDERS_TABLE', 'orders')], actions);
    role(doc).inlinePolicies.push({
      name: 'Elsewhere',
      document: policy([
        { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::other-bucket/*' },
        { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders` },
      ]),
    });
    const denied = evaluateEnvironment(doc, env);
    expect(denied.health).toBe('Degraded');
    expect(denied.problems.map((p) => [p.code, p.stage])).toEqual([['app-permissions', 'runtime']]);
    expect(denied.problems[0]?.events.map((e) => e.message)).toEqual([
      `Application returned HTTP 500: botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the PutObject operation: User: arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE}/${INSTANCE} is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::orders-uploads/*" because no identity-based policy allows the s3:PutObject action`,
    ]);

    role(doc).inlinePolicies.push({
      name: 'Uploads',
      document: policy([{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::orders-uploads/*' }]),
    });
    expect(evaluateEnvironment(doc, env).problems).toEqual([]);

    role(doc).inlinePolicies.push({
      name: 'Guard',
      document: policy([{ Effect: 'Deny', Action: 'dynamodb:*', Resource: '*' }]),
    });
    expect(evaluateEnvironment(doc, env).problems[0]?.events[0]?.message).toContain(
      `dynamodb:GetItem on resource: "arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders" with an explicit deny in an identity-based policy`,
    );
  });

  it('skips a call whose placeholder has no value (that is the missing-properties check)', () => {
    const { doc, env } = world([], actions);
    expect(evaluateEnvironment(doc, env).problems).toEqual([]);
  });
});

describe('environmentsecrets', () => {
  it('fails the deployment while the role may not read a parameter, then while it is missing', () => {
    const { doc, env } = world([secret('DB_HOST', SECRET_ARN)]);
    const denied = evaluateEnvironment(doc, env);
    expect(denied).toMatchObject({
      health: 'Severe',
      causes: ['Command failed on all instances.'],
      operationFailed: true,
    });
    expect(denied.problems.map((p) => [p.code, p.stage])).toEqual([['secrets', 'deploy']]);
    expect(denied.problems[0]?.events).toEqual([
      {
        severity: 'ERROR',
        message: `Instance deployment failed to get one or more secrets: AccessDeniedException: User: arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE}/${INSTANCE} is not authorized to perform: ssm:GetParameter on resource: ${SECRET_ARN} because no identity-based policy allows the ssm:GetParameter action`,
      },
    ]);

    // Scoped to another region: still denied.
    role(doc).inlinePolicies.push({
      name: 'WrongRegion',
      document: policy([
        { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: 'arn:aws:ssm:us-east-1:*:parameter/orders/*' },
      ]),
    });
    expect(evaluateEnvironment(doc, env).problems.map((p) => p.code)).toEqual(['secrets']);
    role(doc).inlinePolicies.push({
      name: 'ReadOrders',
      document: policy([
        { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: 'arn:aws:ssm:eu-west-1:*:parameter/orders/*' },
      ]),
    });
    expect(evaluateEnvironment(doc, env).problems[0]?.events[0]?.message).toBe(
      `Instance deployment failed to get one or more secrets: ParameterNotFound: ${SECRET_ARN}`,
    );
    addParameter(doc, '/orders/prod/DB_HOST', 'db.internal.example.com');
    expect(evaluateEnvironment(doc, env).problems).toEqual([]);
  });

  it('needs kms:Decrypt only for a customer managed key', () => {
    const { doc, env } = world([secret('DB_HOST', SECRET_ARN)]);
    role(doc).inlinePolicies.push({
      name: 'ReadOrders',
      document: policy([{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: SECRET_ARN }]),
    });
    addParameter(doc, '/orders/prod/DB_HOST', 'db.internal.example.com', 'alias/aws/ssm');
    expect(evaluateEnvironment(doc, env).problems).toEqual([]);
    doc.ssm.parameters[0] = {
      name: '/orders/prod/DB_HOST',
      versions: [
        {
          version: 1,
          type: 'SecureString',
          sealed: 'c2VhbGVk',
          keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
          tier: 'Standard',
          labels: [],
          lastModifiedDate: '2027-01-01T00:00:00Z',
          lastModifiedUser: `arn:aws:iam::${ACCOUNT}:root`,
        },
      ],
    };
    expect(evaluateEnvironment(doc, env).problems[0]?.events[0]?.message).toContain(
      `kms:Decrypt on resource: arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    );
  });
});

describe('runtime health without an operation', () => {
  it('records a runtime change on read, with its transition event, and writes nothing when unchanged', () => {
    const { doc, env } = world([prop('DB_HOST', DB_HOST)]);
    expect(pendingHealthRefreshes(doc, [env.id])).toHaveLength(1);
    applyHealthRefreshes(doc, pendingHealthRefreshes(doc, [env.id]), NOW);
    expect(env.lastHealth).toMatchObject({ status: 'Severe', refreshedAt: '2027-03-01T10:00:00Z' });
    expect(doc.elasticbeanstalk.events.at(-1)).toMatchObject({
      severity: 'WARN',
      message:
        'Environment health has transitioned from Ok to Severe. 100.0 % of the requests are failing with HTTP 5xx.',
    });
    expect(pendingHealthRefreshes(doc, [env.id])).toEqual([]);

    group(doc, DB_SG).ingress.push(pgIngress(6543, { groupId: WEB_SG }));
    applyHealthRefreshes(doc, pendingHealthRefreshes(doc, [env.id]), new Date('2027-03-01T10:01:00Z'));
    expect(env.lastHealth.status).toBe('Ok');
    expect(doc.elasticbeanstalk.events.at(-1)).toMatchObject({
      severity: 'INFO',
      message: 'Environment health has transitioned from Severe to Ok.',
      eventDate: '2027-03-01T10:01:00Z',
    });
  });

  it('leaves launch and deploy failures, before or after, to an operation', () => {
    const { doc, env } = world([secret('DB_HOST', SECRET_ARN)]);
    // The fresh verdict is a deploy failure: not recorded by a read.
    expect(pendingHealthRefreshes(doc, [env.id])).toEqual([]);
    env.lastHealth = {
      status: 'Severe',
      causes: ['Command failed on all instances.'],
      refreshedAt: '2027-01-01T00:00:00Z',
      operationFailed: true,
    };
    role(doc).inlinePolicies.push({
      name: 'ReadOrders',
      document: policy([{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: SECRET_ARN }]),
    });
    addParameter(doc, '/orders/prod/DB_HOST', 'db.internal.example.com');
    expect(evaluateEnvironment(doc, env).health).toBe('Ok');
    // The last verdict was a deploy failure: a fixed policy does not redeploy by itself.
    expect(pendingHealthRefreshes(doc, [env.id])).toEqual([]);
    env.status = 'Updating';
    env.lastHealth = { status: 'Severe', causes: [], refreshedAt: '2027-01-01T00:00:00Z' };
    expect(pendingHealthRefreshes(doc, [env.id])).toEqual([]);
  });
});
