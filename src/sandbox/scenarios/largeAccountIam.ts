/**
 * The large account's IAM: customer managed policies per environment plus a
 * few organisation-wide ones, roles for every kind of principal a busy
 * account collects (EC2 and ECS tasks, Lambda functions, cross-account
 * access, SSO permission sets, service-linked roles), and people and CI users
 * with keys. Each role and user has 1 to 10 managed policies attached; about
 * a third also carry inline policies.
 */
import { isoSeconds } from '../protocols/xml';
import { iamArn } from '../state/arns';
import type { InlinePolicyState, RoleState, StateDocument } from '../state/document';
import { AWS_MANAGED_POLICY_ARNS } from './awsManagedPolicies';
import type { AccountLayout, LargeAccountBuild } from './largeAccountLayout';
import type { SeededRandom } from './largeAccountRandom';

const DAY_MS = 24 * 60 * 60 * 1000;
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Policy text as the IAM console's JSON editor saves it. */
const asDocument = (value: unknown): string => JSON.stringify(value, null, 4);

function trust(principal: Record<string, string>, condition?: Record<string, unknown>): string {
  return asDocument({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: principal,
        Action: 'sts:AssumeRole',
        ...(condition === undefined ? {} : { Condition: condition }),
      },
    ],
  });
}

const TRUST = {
  ec2: trust({ Service: 'ec2.amazonaws.com' }),
  ecs: trust({ Service: 'ecs-tasks.amazonaws.com' }),
  lambda: trust({ Service: 'lambda.amazonaws.com' }),
  beanstalk: trust(
    { Service: 'elasticbeanstalk.amazonaws.com' },
    { StringEquals: { 'sts:ExternalId': 'elasticbeanstalk' } },
  ),
  sso: trust({ Federated: 'arn:aws:iam::318654207961:saml-provider/AWSSSO_5c1e9a7b3d2f4e60_DO_NOT_DELETE' }),
  crossAccount: trust({ AWS: 'arn:aws:iam::204913587642:root' }, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
};

interface RoleKind {
  readonly label: string;
  readonly trust: string;
  readonly path: string;
  readonly profile: boolean;
}

const KINDS: readonly RoleKind[] = [
  { label: 'instance', trust: TRUST.ec2, path: '/', profile: true },
  { label: 'task', trust: TRUST.ecs, path: '/ecs/', profile: false },
  { label: 'task', trust: TRUST.ecs, path: '/ecs/', profile: false },
  { label: 'lambda', trust: TRUST.lambda, path: '/service-role/', profile: false },
  { label: 'lambda', trust: TRUST.lambda, path: '/service-role/', profile: false },
  { label: 'deploy', trust: TRUST.crossAccount, path: '/ci/', profile: false },
  { label: 'readonly', trust: TRUST.sso, path: '/aws-reserved/sso.amazonaws.com/', profile: false },
];

function inlinePolicy(name: string, actions: string[], resource: string): InlinePolicyState {
  return {
    name,
    document: asDocument({
      Version: '2012-10-17',
      Statement: [{ Sid: name.replace(/[^A-Za-z0-9]/g, ''), Effect: 'Allow', Action: actions, Resource: resource }],
    }),
  };
}

function inlinePolicies(random: SeededRandom, prefix: string, accountId: string): InlinePolicyState[] {
  if (!random.chance(0.35)) return [];
  const all = [
    inlinePolicy(
      `${prefix}-read-config`,
      ['ssm:GetParameter', 'ssm:GetParametersByPath'],
      `arn:aws:ssm:us-east-1:${accountId}:parameter/${prefix.replace(/-/g, '/')}/*`,
    ),
    inlinePolicy(`${prefix}-write-objects`, ['s3:PutObject', 's3:GetObject'], `arn:aws:s3:::${prefix}-artifacts/*`),
    inlinePolicy(
      `${prefix}-queue`,
      ['sqs:SendMessage', 'sqs:ReceiveMessage'],
      `arn:aws:sqs:us-east-1:${accountId}:${prefix}-*`,
    ),
  ];
  return random.sample(all, random.int(1, 2));
}

function addCustomerPolicies(doc: StateDocument, layout: AccountLayout, random: SeededRandom): string[] {
  const accountId = doc.account.id;
  const statementFor = (name: string, sid: string): string =>
    asDocument({
      Version: '2012-10-17',
      Statement: [
        { Sid: sid, Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::${name}-*/*` },
        {
          Sid: `${sid}Params`,
          Effect: 'Allow',
          Action: 'ssm:GetParametersByPath',
          Resource: `arn:aws:ssm:us-east-1:${accountId}:parameter/${name.replace('-', '/')}/*`,
        },
      ],
    });
  const names = [
    'OrgDenyOutsideUsEast1',
    'OrgCloudWatchPublish',
    'OrgKmsDecryptShared',
    ...layout.environments.map((env) => `${env.name}-access`),
  ];
  return names.map((name) => {
    const versions = random.int(1, 3);
    const created = isoSeconds(new Date(Date.UTC(2019, 0, 1) + random.int(0, 1500) * DAY_MS));
    doc.iam.policies.push({
      name,
      id: random.iamId('ANPA'),
      path: '/',
      description: `Access for ${name.replace(/-access$/, '')}`,
      createDate: created,
      updateDate: created,
      defaultVersionId: `v${versions}`,
      versions: Array.from({ length: versions }, (_, k) => ({
        versionId: `v${k + 1}`,
        document: statementFor(name, `Rev${k + 1}`),
        createDate: created,
      })),
      tags: [],
    });
    return iamArn({ id: accountId }, 'policy', '/', name);
  });
}

export function addLargeAccountIam(build: LargeAccountBuild): void {
  const { doc, scale, layout, random, now } = build;
  const accountId = doc.account.id;
  const customer = addCustomerPolicies(doc, layout, random);
  const pool = [...AWS_MANAGED_POLICY_ARNS, ...customer];
  const recently = (days: number): string =>
    isoSeconds(new Date(now.getTime() - random.int(1, days * 24 * 60) * 60_000));
  const createdLongAgo = (): string =>
    isoSeconds(new Date(Date.UTC(2016, 3, 1) + random.int(0, 2500) * DAY_MS + random.int(0, 86_399) * 1000));

  const addRole = (name: string, kind: RoleKind, attached: string[], inline: InlinePolicyState[]): RoleState => {
    const role: RoleState = {
      name,
      id: random.iamId('AROA'),
      path: kind.path,
      createDate: createdLongAgo(),
      assumeRolePolicyDocument: kind.trust,
      maxSessionDuration: kind.path.startsWith('/aws-reserved/') ? 43200 : 3600,
      tags: random.chance(0.5)
        ? [{ key: 'owner', value: random.pick(['platform', 'payments', 'growth', 'data']) }]
        : [],
      attachedPolicyArns: attached,
      inlinePolicies: inline,
      ...(random.chance(0.7) ? { lastUsed: { date: recently(90), region: 'us-east-1' } } : {}),
    };
    doc.iam.roles.push(role);
    if (kind.profile) {
      doc.iam.instanceProfiles.push({
        name,
        id: random.iamId('AIPA'),
        path: '/',
        createDate: role.createDate,
        roleNames: [name],
        tags: [],
      });
    }
    return role;
  };

  // What every environment's option settings name (largeAccountBeanstalk.ts).
  if (scale.roles >= 2) {
    addRole(
      'aws-elasticbeanstalk-service-role',
      { label: 'eb', trust: TRUST.beanstalk, path: '/', profile: false },
      [
        'arn:aws:iam::aws:policy/service-role/AWSElasticBeanstalkEnhancedHealth',
        'arn:aws:iam::aws:policy/AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy',
      ],
      [],
    );
    addRole(
      'aws-elasticbeanstalk-ec2-role',
      { label: 'eb', trust: TRUST.ec2, path: '/', profile: true },
      [
        'arn:aws:iam::aws:policy/AWSElasticBeanstalkWebTier',
        'arn:aws:iam::aws:policy/AWSElasticBeanstalkWorkerTier',
        'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      ],
      [],
    );
  }
  const slots = layout.environments;
  for (let n = doc.iam.roles.length; n < scale.roles; n += 1) {
    const kind = KINDS[n % KINDS.length] as RoleKind;
    const slot = slots.length > 0 ? slots[n % slots.length] : undefined;
    const prefix = slot ? `${slot.name}-${random.pick(slot.services)}` : `shared-${kind.label}`;
    const name = `${prefix}-${kind.label}-${n}`;
    addRole(name, kind, random.sample(pool, random.int(1, 10)), inlinePolicies(random, prefix, accountId));
  }

  const people = ['ana', 'ben', 'chen', 'dara', 'eli', 'fatima', 'goran', 'hana', 'ivan', 'jo', 'kemal', 'lea'];
  for (let n = 0; n < scale.users; n += 1) {
    const ci = n % 5 === 4;
    const app = layout.applications.length > 0 ? layout.applications[n % layout.applications.length] : 'shared';
    const name = ci ? `ci-${app ?? 'shared'}-${n}` : `${random.pick(people)}.${random.pick(people)}${n}`;
    doc.iam.users.push({
      name,
      id: random.iamId('AIDA'),
      path: ci ? '/ci/' : '/',
      createDate: createdLongAgo(),
      ...(ci || random.chance(0.3) ? {} : { passwordLastUsed: recently(30) }),
      tags: [],
      attachedPolicyArns: random.sample(pool, random.int(1, 10)),
      inlinePolicies: inlinePolicies(random, `user-${n}`, accountId),
    });
    const keys = ci ? 1 : random.chance(0.6) ? random.int(1, 2) : 0;
    for (let k = 0; k < keys; k += 1) {
      doc.iam.accessKeys.push({
        accessKeyId: random.accessKeyId(),
        secretAccessKey: random.chars(40, SECRET_ALPHABET),
        userName: name,
        status: k === 0 ? 'Active' : 'Inactive',
        createDate: createdLongAgo(),
        ...(random.chance(0.8) ? { lastUsed: { date: recently(60), serviceName: 's3', region: 'us-east-1' } } : {}),
      });
    }
  }
}
