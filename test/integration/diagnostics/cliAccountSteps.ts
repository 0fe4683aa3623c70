/**
 * The AWS CLI commands an operator types to stand up an Elastic Beanstalk app
 * of their own, as argument lists for the CLI batch: roles with their own
 * names, a bucket in the account's region, a version and an environment with
 * option settings. What an account spec describes is what it does differently.
 */
import type { Finding, FindingSeverity } from '../../../src/shared/contract';
import type { CliStep } from './cliBatch';

export const STACKS = {
  legacy: '64bit Amazon Linux 2018.03 v2.9.21 running Python 3.6',
  al2: '64bit Amazon Linux 2 v3.6.0 running Python 3.8',
  al2023: '64bit Amazon Linux 2023 v4.3.0 running Python 3.11',
} as const;

export const NS = {
  python: 'aws:elasticbeanstalk:container:python',
  properties: 'aws:elasticbeanstalk:application:environment',
  launch: 'aws:autoscaling:launchconfiguration',
  environment: 'aws:elasticbeanstalk:environment',
  vpc: 'aws:ec2:vpc',
} as const;

export type Option = readonly [namespace: string, name: string, value: string];

export const FLASK_APP =
  'from flask import Flask\n\napplication = Flask(__name__)\n\n\n@application.route("/")\ndef index():\n    return "ok"\n';
export const REQUIREMENTS = 'flask==3.0.3\n';

const cli = (...args: string[]): CliStep => ({ args });

export function trustPolicy(service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
}

/** `<prefix>-app` in instance profile `<prefix>-profile`, and service role `<prefix>-eb`. */
export function roles(prefix: string): CliStep[] {
  return [
    cli(
      'iam',
      'create-role',
      '--role-name',
      `${prefix}-app`,
      '--assume-role-policy-document',
      trustPolicy('ec2.amazonaws.com'),
    ),
    cli('iam', 'create-instance-profile', '--instance-profile-name', `${prefix}-profile`),
    cli(
      'iam',
      'add-role-to-instance-profile',
      '--instance-profile-name',
      `${prefix}-profile`,
      '--role-name',
      `${prefix}-app`,
    ),
    cli(
      'iam',
      'create-role',
      '--role-name',
      `${prefix}-eb`,
      '--assume-role-policy-document',
      trustPolicy('elasticbeanstalk.amazonaws.com'),
    ),
  ];
}

export function roleOptions(prefix: string): Option[] {
  return [
    [NS.launch, 'IamInstanceProfile', `${prefix}-profile`],
    [NS.environment, 'ServiceRole', `${prefix}-eb`],
  ];
}

/** The bucket (outside us-east-1 S3 wants the region as its LocationConstraint) and one object in it. */
export function upload(bucket: string, region: string, key: string, file: string): CliStep[] {
  return [
    cli(
      's3api',
      'create-bucket',
      '--bucket',
      bucket,
      ...(region === 'us-east-1' ? [] : ['--create-bucket-configuration', `LocationConstraint=${region}`]),
    ),
    cli('s3api', 'put-object', '--bucket', bucket, '--key', key, '--body', file),
  ];
}

export function application(app: string, label: string, bucket: string, key: string): CliStep[] {
  return [
    cli('elasticbeanstalk', 'create-application', '--application-name', app),
    cli(
      'elasticbeanstalk',
      'create-application-version',
      '--application-name',
      app,
      '--version-label',
      label,
      '--source-bundle',
      `S3Bucket=${bucket},S3Key=${key}`,
    ),
  ];
}

export function environment(
  app: string,
  name: string,
  label: string,
  stack: string,
  options: readonly Option[],
): CliStep {
  const settings = options.map(([Namespace, OptionName, Value]) => ({ Namespace, OptionName, Value }));
  return cli(
    'elasticbeanstalk',
    'create-environment',
    '--application-name',
    app,
    '--environment-name',
    name,
    '--version-label',
    label,
    '--solution-stack-name',
    stack,
    '--option-settings',
    JSON.stringify(settings),
  );
}

/** Roles, bundle, application, version and one environment per entry of `environments`. */
export function beanstalkApp(input: {
  prefix: string;
  region: string;
  zip: string;
  stack: string;
  environments: Record<string, readonly Option[]>;
}): CliStep[] {
  const bucket = `${input.prefix}-builds-${input.region}`;
  const key = `${input.prefix}/v1.zip`;
  return [
    ...roles(input.prefix),
    ...upload(bucket, input.region, key, input.zip),
    ...application(input.prefix, 'v1', bucket, key),
    ...Object.entries(input.environments).map(([name, options]) => {
      // An environment that names its own roles keeps them; the others run as the app's.
      const defaults = roleOptions(input.prefix).filter(
        ([ns, option]) => !options.some(([n, o]) => n === ns && o === option),
      );
      return environment(input.prefix, name, 'v1', input.stack, [...defaults, ...options]);
    }),
  ];
}

export function domain(name: string, policy: unknown, extra: string[] = []): CliStep {
  return {
    args: [
      'opensearch',
      'create-domain',
      '--domain-name',
      name,
      '--engine-version',
      'OpenSearch_2.11',
      '--access-policies',
      JSON.stringify(policy),
      ...extra,
    ],
    save: { name: `${name}Endpoint`, path: 'DomainStatus.Endpoint' },
  };
}

/** An Allow for anyone on the domain, narrowed by `condition` when given. */
export function anyone(domainArn: string, condition?: Record<string, unknown>, effect = 'Allow'): unknown {
  return {
    Effect: effect,
    Principal: { AWS: '*' },
    Action: 'es:*',
    Resource: `${domainArn}/*`,
    ...(condition ? { Condition: condition } : {}),
  };
}

export const policy = (...statements: unknown[]): unknown => ({ Version: '2012-10-17', Statement: statements });

export interface Expected {
  id: string;
  severity?: FindingSeverity;
  /** Text the summary must contain. */
  summary?: string;
  /** The fixes offered, in order: a WSGIPath value for a WSGIPath fix, else the fix id. */
  fixes?: string[];
  check?: (finding: Finding) => void;
}

export interface AccountSpec {
  /** The profile the console scans it through. */
  profile: string;
  region: string;
  about: string;
  /** Zips written before the CLI runs: file name → entries. */
  bundles: Record<string, Record<string, string>>;
  steps(at: { zip: (name: string) => string; account: string }): CliStep[];
  /** Environments to wait for before scanning. */
  environments: string[];
  mustRaise: Expected[];
  /** Finding ids, or id prefixes ending in `:` or `@` (`F15:` is every F15), that must not be raised. */
  mustNotRaise: string[];
  /** Check ids that must be judged and pass. */
  mustPass?: string[];
}
