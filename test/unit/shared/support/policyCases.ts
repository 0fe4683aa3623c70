/**
 * A seeded, deterministic generator of IAM authorization cases (policies,
 * request, context) for comparing the evaluator with an independent one.
 * Every case is valid for AWS: real actions on resource ARNs of their types,
 * global condition keys with values of their types, policies IAM accepts.
 * The accounts, names and ranges are made up and unlike the training lab's.
 */

export const HOME = '111122223333';
export const OTHER = '444455556666';

export type ContextValues = Record<string, string | string[]>;

export interface PolicyCase {
  readonly id: string;
  readonly principal: { readonly arn: string; readonly accountId: string; readonly roleArn?: string };
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount: string;
  readonly identity: readonly { readonly name: string; readonly policy: PolicyJson }[];
  readonly boundary?: PolicyJson;
  readonly resourcePolicy?: PolicyJson;
  readonly context: ContextValues;
}

export interface PolicyJson {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Record<string, unknown>[];
}

/** mulberry32: small, fast, and the same sequence on every machine. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const chance = (rng: Rng, p: number): boolean => rng() < p;

interface Target {
  readonly action: string;
  readonly service: string;
  readonly resource: string;
  /** Patterns that do and do not cover the resource. */
  readonly covering: readonly string[];
  readonly missing: readonly string[];
  /** An action of the same service that the request is not. */
  readonly sibling: string;
  /** Which kind of resource policy it may have, if any. */
  readonly resourcePolicy: 'none' | 'bucket' | 'queue' | 'domain' | 'trust' | 'key';
  /** Whether the resource lives in the caller's account, another, or either. */
  readonly account: 'home' | 'either';
}

const TARGETS: readonly Target[] = [
  {
    action: 's3:GetObject',
    service: 's3',
    resource: 'arn:aws:s3:::ledger-exports/2026/q1.csv',
    covering: [
      'arn:aws:s3:::ledger-exports/*',
      'arn:aws:s3:::ledger-*/2026/*',
      'arn:aws:s3:::ledger-exports/2026/q?.csv',
    ],
    missing: ['arn:aws:s3:::ledger-exports/2025/*', 'arn:aws:s3:::Ledger-Exports/*', 'arn:aws:s3:::ledger-exports'],
    sibling: 's3:PutObject',
    resourcePolicy: 'bucket',
    account: 'either',
  },
  {
    action: 's3:ListBucket',
    service: 's3',
    resource: 'arn:aws:s3:::ledger-exports',
    covering: ['arn:aws:s3:::ledger-exports', 'arn:aws:s3:::ledger-*'],
    missing: ['arn:aws:s3:::ledger-exports/*', 'arn:aws:s3:::payroll-*'],
    sibling: 's3:GetObject',
    resourcePolicy: 'bucket',
    account: 'either',
  },
  {
    action: 'sqs:SendMessage',
    service: 'sqs',
    resource: `arn:aws:sqs:eu-central-1:${HOME}:invoice-jobs`,
    covering: [`arn:aws:sqs:eu-central-1:${HOME}:invoice-*`, 'arn:aws:sqs:*:*:invoice-jobs', 'arn:aws:sqs:eu-*:*:*'],
    missing: [`arn:aws:sqs:us-east-1:${HOME}:invoice-jobs`, `arn:aws:sqs:eu-central-1:${OTHER}:invoice-jobs`],
    sibling: 'sqs:DeleteQueue',
    resourcePolicy: 'queue',
    account: 'home',
  },
  {
    action: 'dynamodb:GetItem',
    service: 'dynamodb',
    resource: `arn:aws:dynamodb:eu-central-1:${HOME}:table/Invoices`,
    covering: [`arn:aws:dynamodb:eu-central-1:${HOME}:table/*`, 'arn:aws:dynamodb:*:*:table/Inv*'],
    missing: [`arn:aws:dynamodb:eu-central-1:${HOME}:table/Invoices/index/*`, 'arn:aws:dynamodb:*:*:table/invoices'],
    sibling: 'dynamodb:DeleteTable',
    resourcePolicy: 'none',
    account: 'home',
  },
  {
    action: 'es:ESHttpGet',
    service: 'es',
    resource: `arn:aws:es:eu-central-1:${HOME}:domain/ledger-search/_search`,
    covering: [`arn:aws:es:eu-central-1:${HOME}:domain/ledger-search/*`, 'arn:aws:es:*:*:domain/ledger-*/*'],
    missing: [`arn:aws:es:eu-central-1:${HOME}:domain/ledger-search`, 'arn:aws:es:*:*:domain/audit/*'],
    sibling: 'es:ESHttpDelete',
    resourcePolicy: 'domain',
    account: 'home',
  },
  {
    action: 'ssm:GetParameter',
    service: 'ssm',
    resource: `arn:aws:ssm:eu-central-1:${HOME}:parameter/ledger/db/password`,
    covering: [`arn:aws:ssm:eu-central-1:${HOME}:parameter/ledger/*`, 'arn:aws:ssm:*:*:parameter/ledger/db/*'],
    missing: [`arn:aws:ssm:eu-central-1:${HOME}:parameter/payroll/*`, 'arn:aws:ssm:*:*:parameter/ledger'],
    sibling: 'ssm:PutParameter',
    resourcePolicy: 'none',
    account: 'home',
  },
  {
    action: 'sts:AssumeRole',
    service: 'sts',
    resource: `arn:aws:iam::${HOME}:role/ops/LedgerReader`,
    covering: [`arn:aws:iam::${HOME}:role/ops/*`, 'arn:aws:iam::*:role/*Reader'],
    missing: [`arn:aws:iam::${HOME}:role/LedgerReader`, `arn:aws:iam::${OTHER}:role/ops/*`],
    sibling: 'sts:TagSession',
    resourcePolicy: 'trust',
    account: 'home',
  },
  {
    action: 'kms:Decrypt',
    service: 'kms',
    resource: `arn:aws:kms:eu-central-1:${HOME}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`,
    covering: [`arn:aws:kms:eu-central-1:${HOME}:key/*`, 'arn:aws:kms:*:*:key/0f1e*'],
    missing: [`arn:aws:kms:eu-central-1:${HOME}:alias/*`, `arn:aws:kms:us-east-1:${HOME}:key/*`],
    sibling: 'kms:Encrypt',
    resourcePolicy: 'key',
    account: 'home',
  },
];

const USER = `arn:aws:iam::${HOME}:user/accounts/mirela`;
const ROLE = `arn:aws:iam::${HOME}:role/ops/Reconciler`;
const SESSION = `arn:aws:sts::${HOME}:assumed-role/Reconciler/nightly`;
const FOREIGN_USER = `arn:aws:iam::${OTHER}:user/auditor`;

/** Values of each context key the generator reads, present or not: matching, near misses, and other types' edges. */
const SOURCE_IPS = ['127.0.0.1', '198.51.100.23', '203.0.113.7', '2001:db8:cafe::17', '::1', '10.4.5.6'];
const CIDRS = [
  '127.0.0.0/8',
  '198.51.100.0/24',
  '203.0.113.7',
  '0.0.0.0/0',
  '2001:db8::/32',
  '::1/128',
  '::/0',
  '10.0.0.0/16',
];
const TIMES = ['2027-03-04T05:06:07Z', '2026-12-31T23:59:59Z', '2028-01-01T00:00:00Z'];
const DATE_VALUES = ['2027-01-01T00:00:00Z', '2027-03-04T05:06:07Z', '2027-06-30', '1798761600', '1803859567'];
const TEAMS = ['ledger', 'payroll', 'Ledger'];
const TAG_KEYS = [['team'], ['team', 'cost-centre'], ['env', 'team'], [], ['owner']];
const TAG_PATTERNS = ['team', 'cost-*', 'env', 'owner', 'te?m'];
const REGIONS = ['eu-central-1', 'us-east-1'];
const MFA_AGES = ['30', '600', '7200'];
const NUMBERS = ['60', '3600', '600', '0.5', '7200'];
/** Base64, as BinaryEquals compares it. */
const BLOBS = ['bGVkZ2Vy', 'cGF5cm9sbA==', 'QUJD'];

function contextFor(rng: Rng, principal: PolicyCase['principal']): ContextValues {
  const context: ContextValues = {};
  const maybe = (key: string, value: string | string[], p = 0.75) => {
    if (chance(rng, p)) context[key] = value;
  };
  maybe('aws:SourceIp', pick(rng, SOURCE_IPS), 0.85);
  maybe('aws:CurrentTime', pick(rng, TIMES), 0.85);
  maybe('aws:SecureTransport', pick(rng, ['true', 'false']));
  maybe('aws:MultiFactorAuthPresent', pick(rng, ['true', 'false']), 0.5);
  maybe('aws:MultiFactorAuthAge', pick(rng, MFA_AGES), 0.5);
  maybe('aws:PrincipalArn', principal.roleArn ?? principal.arn, 0.9);
  maybe('aws:PrincipalAccount', principal.accountId, 0.8);
  if (/:user\//.test(principal.arn))
    maybe('aws:username', principal.arn.slice(principal.arn.lastIndexOf('/') + 1), 0.8);
  maybe('aws:PrincipalTag/team', pick(rng, TEAMS), 0.6);
  maybe('aws:PrincipalTag/blob', pick(rng, BLOBS), 0.5);
  maybe('aws:RequestedRegion', pick(rng, REGIONS), 0.8);
  maybe('aws:TagKeys', [...pick(rng, TAG_KEYS)], 0.6);
  maybe('aws:SourceVpc', pick(rng, ['vpc-0a1b2c3d', 'vpc-99999999']), 0.3);
  maybe('aws:TokenIssueTime', pick(rng, DATE_VALUES), 0.3);
  return context;
}

type Condition = Record<string, Record<string, string | string[]>>;

const STRING_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
];
const NUMERIC_OPERATORS = [
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
];
const DATE_OPERATORS = [
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
];
const ARN_OPERATORS = ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'];

const values = (rng: Rng, pool: readonly string[]): string | string[] =>
  chance(rng, 0.35) ? [pick(rng, pool), pick(rng, pool)] : pick(rng, pool);

const ifExists = (rng: Rng, operator: string): string => (chance(rng, 0.25) ? `${operator}IfExists` : operator);

/** One operator on one key, drawn so that every operator family and qualifier turns up. */
function conditionEntry(rng: Rng): [string, string, string | string[]] {
  switch (Math.floor(rng() * 10)) {
    case 0:
      return [
        ifExists(rng, pick(rng, STRING_OPERATORS)),
        'aws:PrincipalTag/team',
        values(rng, ['ledger', 'LEDGER', 'pay*', 'l?dger', '${aws:username}', 'led${?}er']),
      ];
    case 1:
      return [
        ifExists(rng, pick(rng, STRING_OPERATORS)),
        pick(rng, ['aws:username', 'aws:RequestedRegion', 'aws:SourceVpc']),
        values(rng, ['mirela', 'eu-*', 'eu-central-1', 'vpc-0a1b2c3d', 'Mirela', '${aws:PrincipalTag/team}']),
      ];
    case 2:
      return [ifExists(rng, pick(rng, NUMERIC_OPERATORS)), 'aws:MultiFactorAuthAge', values(rng, NUMBERS)];
    case 3:
      return [
        ifExists(rng, pick(rng, DATE_OPERATORS)),
        pick(rng, ['aws:CurrentTime', 'aws:TokenIssueTime']),
        values(rng, DATE_VALUES),
      ];
    case 4:
      return [
        ifExists(rng, 'Bool'),
        pick(rng, ['aws:SecureTransport', 'aws:MultiFactorAuthPresent']),
        pick(rng, ['true', 'false']),
      ];
    case 5:
      return [ifExists(rng, pick(rng, ['IpAddress', 'NotIpAddress'])), 'aws:SourceIp', values(rng, CIDRS)];
    case 6:
      return [
        ifExists(rng, pick(rng, ARN_OPERATORS)),
        'aws:PrincipalArn',
        values(rng, [
          ROLE,
          USER,
          `arn:aws:iam::${HOME}:role/ops/*`,
          'arn:aws:iam::*:user/accounts/*',
          `arn:aws:iam::${OTHER}:*`,
        ]),
      ];
    case 7: {
      const qualifier = pick(rng, ['ForAnyValue', 'ForAllValues']);
      return [`${qualifier}:${ifExists(rng, pick(rng, STRING_OPERATORS))}`, 'aws:TagKeys', values(rng, TAG_PATTERNS)];
    }
    case 8:
      return [ifExists(rng, 'BinaryEquals'), 'aws:PrincipalTag/blob', values(rng, BLOBS)];
    default:
      return [
        'Null',
        pick(rng, ['aws:MultiFactorAuthAge', 'aws:PrincipalTag/team', 'aws:TagKeys', 'aws:SourceVpc', 'aws:username']),
        pick(rng, ['true', 'false']),
      ];
  }
}

function conditionFor(rng: Rng): Condition | undefined {
  const count = pick(rng, [0, 0, 1, 1, 1, 2, 3]);
  if (count === 0) return undefined;
  const condition: Condition = {};
  for (let i = 0; i < count; i += 1) {
    const [operator, key, value] = conditionEntry(rng);
    condition[operator] = { ...(condition[operator] ?? {}), [key]: value };
  }
  return condition;
}

function actionElement(rng: Rng, target: Target): Record<string, string | string[]> {
  const matching = [
    target.action,
    `${target.service}:*`,
    '*',
    `${target.service}:${target.action.split(':')[1]!.slice(0, 3)}*`,
  ];
  const other = [target.sibling, 'ec2:DescribeInstances'];
  const list = chance(rng, 0.65) ? [pick(rng, matching)] : [pick(rng, other)];
  if (chance(rng, 0.3)) list.push(pick(rng, [...matching, ...other]));
  return chance(rng, 0.15) ? { NotAction: list } : { Action: list.length === 1 ? list[0]! : list };
}

function resourceElement(rng: Rng, target: Target): Record<string, string | string[]> {
  const variable = target.resource.replace(
    /[^/:]+$/,
    chance(rng, 0.5) ? '${aws:username}*' : '${aws:PrincipalTag/team}*',
  );
  const pool = chance(rng, 0.7)
    ? [...target.covering, '*']
    : [...target.missing, variable, target.resource.replace(/[^/:]+$/, '${*}')];
  const list = [pick(rng, pool)];
  if (chance(rng, 0.3)) list.push(pick(rng, [...target.covering, ...target.missing]));
  return chance(rng, 0.15) ? { NotResource: list } : { Resource: list.length === 1 ? list[0]! : list };
}

function statement(rng: Rng, target: Target, allowBias: number): Record<string, unknown> {
  const condition = conditionFor(rng);
  return {
    ...(chance(rng, 0.4) ? { Sid: `S${Math.floor(rng() * 1000)}` } : {}),
    Effect: chance(rng, allowBias) ? 'Allow' : 'Deny',
    ...actionElement(rng, target),
    ...resourceElement(rng, target),
    ...(condition ? { Condition: condition } : {}),
  };
}

const policy = (statements: Record<string, unknown>[]): PolicyJson => ({
  Version: '2012-10-17',
  Statement: statements,
});

function principalElement(rng: Rng, principal: PolicyCase['principal']): unknown {
  const named = [
    principal.arn,
    principal.roleArn ?? principal.arn,
    principal.accountId,
    `arn:aws:iam::${principal.accountId}:root`,
  ];
  const others = [`arn:aws:iam::${HOME}:user/accounts/someone-else`, `arn:aws:iam::${OTHER}:root`, FOREIGN_USER];
  const value = chance(rng, 0.75) ? pick(rng, named) : pick(rng, others);
  if (chance(rng, 0.1)) return '*';
  return { AWS: chance(rng, 0.2) ? [value, pick(rng, others)] : value };
}

function resourcePolicyFor(rng: Rng, target: Target, principal: PolicyCase['principal']): PolicyJson | undefined {
  if (target.resourcePolicy === 'none') return undefined;
  const mustHave = target.resourcePolicy === 'trust' || target.resourcePolicy === 'key';
  if (!mustHave && chance(rng, 0.5)) return undefined;
  const count = pick(rng, [1, 1, 2]);
  return policy(
    Array.from({ length: count }, () => {
      const base = statement(rng, target, 0.8);
      const who = principalElement(rng, principal);
      const notPrincipal = chance(rng, 0.1) && base['Effect'] === 'Deny';
      const trimmed = { ...base };
      // A trust policy names no Resource: the role itself is the resource.
      if (target.resourcePolicy === 'trust') {
        delete trimmed['Resource'];
        delete trimmed['NotResource'];
      }
      return notPrincipal ? { ...trimmed, NotPrincipal: { AWS: principal.arn } } : { ...trimmed, Principal: who };
    }),
  );
}

export function generateCases(seed: number, count: number): PolicyCase[] {
  const rng = random(seed);
  return Array.from({ length: count }, (_, index): PolicyCase => {
    const target = TARGETS[index % TARGETS.length]!;
    const principal = pick(rng, [
      { arn: USER, accountId: HOME },
      { arn: SESSION, accountId: HOME, roleArn: ROLE },
      ...(target.account === 'either' ? [{ arn: FOREIGN_USER, accountId: OTHER }] : []),
    ]);
    const identityCount = pick(rng, [0, 1, 1, 2, 2, 3]);
    const identity = Array.from({ length: identityCount }, (_, i) => ({
      name: `policy-${i + 1}`,
      policy: policy(Array.from({ length: pick(rng, [1, 1, 2, 3]) }, () => statement(rng, target, 0.75))),
    }));
    const boundary = chance(rng, 0.2) ? policy([statement(rng, target, 0.9)]) : undefined;
    const resourcePolicy = resourcePolicyFor(rng, target, principal);
    return {
      id: `case-${String(index + 1).padStart(3, '0')}`,
      principal,
      action: target.action,
      resource: target.resource,
      resourceAccount: target.account === 'either' && chance(rng, 0.3) ? OTHER : HOME,
      identity,
      ...(boundary ? { boundary } : {}),
      ...(resourcePolicy ? { resourcePolicy } : {}),
      context: contextFor(rng, principal),
    };
  });
}
