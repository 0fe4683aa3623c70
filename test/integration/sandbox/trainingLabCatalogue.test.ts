/**
 * The training lab exhibits the whole failure catalogue (F1–F16) at start, as
 * state a client reads through the ordinary AWS APIs, and is winnable: the
 * fixes the catalogue prescribes, applied through the SDK, leave every
 * environment Green once the sandbox clock has moved on.
 */
import {
  CreateEnvironmentCommand,
  DescribeConfigurationSettingsCommand,
  DescribeEnvironmentsCommand,
  DescribeEventsCommand,
  type EnvironmentDescription,
  RebuildEnvironmentCommand,
  RestartAppServerCommand,
  TerminateEnvironmentCommand,
  UpdateEnvironmentCommand,
  type ConfigurationOptionSetting,
} from '@aws-sdk/client-elastic-beanstalk';
import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  type Instance,
} from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  GetAccessKeyLastUsedCommand,
  GetInstanceProfileCommand,
  ListAttachedRolePoliciesCommand,
  PutRolePolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { DescribeDomainCommand } from '@aws-sdk/client-opensearch';
import { DescribeDBInstancesCommand, DescribeDBSubnetGroupsCommand } from '@aws-sdk/client-rds';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoredZip, listZipEntries } from '../../../src/shared/zip';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { sandboxClients, type SandboxClients } from '../../support/sandboxClients';
import { advanceSandboxClock } from '../../support/trainingLabFixes';

const ACCOUNT = '570589970431';
const EDX_VPC = 'vpc-0e5d4c3b2a1f09876';
const DEFAULT_VPC = 'vpc-0b7e4c1d2a3f45e61';
const RDS_LAUNCH_WIZARD = 'sg-0965722cdbe774e58';
const WEB_SERVER_SG = 'sg-0e5d4c3b2a1f00101';
const CUSTOM_EB_ASG = 'sg-0e5d4c3b2a1f00102';
const EB_BUCKET = `elasticbeanstalk-us-east-1-${ACCOUNT}`;
const EC2_ROLE = 'aws-elasticbeanstalk-ec2-role';
const PHOTOS_DB_HOST = 'edx-photos-db.ccd69a3vcffc.us-east-1.rds.amazonaws.com';
const FLASK_ENV_ARN = `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/flaskapp/flaskenv/*`;
const ENV_PROPS = 'aws:elasticbeanstalk:application:environment';
const ENV_SECRETS = 'aws:elasticbeanstalk:application:environmentsecrets';
const LAUNCH_CONFIG = 'aws:autoscaling:launchconfiguration';
const EC2_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const FLASK_SECRETS_READ = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: FLASK_ENV_ARN }],
});

let sandbox: TestSandbox;
let aws: SandboxClients;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  aws = sandboxClients(sandbox);
});

afterAll(async () => {
  aws.destroy();
  await sandbox.dispose();
});

/** Moves the sandbox clock through its admin route, as the console and e2e tests do. */
const advanceClock = (ms: number): Promise<void> => advanceSandboxClock(sandbox.endpoint, ms);

async function environment(name: string): Promise<EnvironmentDescription> {
  const out = await aws.eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: [name], IncludeDeleted: false }));
  const env = out.Environments?.[0];
  if (!env) throw new Error(`${name} not described`);
  return env;
}

async function eventTexts(name: string): Promise<string[]> {
  const out = await aws.eb.send(new DescribeEventsCommand({ EnvironmentName: name, MaxRecords: 1000 }));
  return (out.Events ?? []).map((e) => e.Message ?? '');
}

async function settings(applicationName: string, environmentName: string): Promise<ConfigurationOptionSetting[]> {
  const out = await aws.eb.send(
    new DescribeConfigurationSettingsCommand({ ApplicationName: applicationName, EnvironmentName: environmentName }),
  );
  return out.ConfigurationSettings?.[0]?.OptionSettings ?? [];
}

function valueOf(options: readonly ConfigurationOptionSetting[], namespace: string, name: string): string | undefined {
  return options.find((o) => o.Namespace === namespace && o.OptionName === name)?.Value;
}

async function instancesTagged(key: string, value: string): Promise<Instance[]> {
  const out = await aws.ec2.send(
    new DescribeInstancesCommand({
      Filters: [
        { Name: `tag:${key}`, Values: [value] },
        { Name: 'instance-state-name', Values: ['pending', 'running'] },
      ],
    }),
  );
  return out.Reservations?.flatMap((r) => r.Instances ?? []) ?? [];
}

async function simulate(role: string, actions: string[], resource?: string): Promise<Record<string, string>> {
  const out = await aws.iam.send(
    new SimulatePrincipalPolicyCommand({
      PolicySourceArn: `arn:aws:iam::${ACCOUNT}:role/${role}`,
      ActionNames: actions,
      ...(resource === undefined ? {} : { ResourceArns: [resource] }),
    }),
  );
  return Object.fromEntries((out.EvaluationResults ?? []).map((r) => [r.EvalActionName ?? '', r.EvalDecision ?? '']));
}

describe('the training lab at start: every catalogue entry is visible through the APIs', () => {
  it('F1: the jumpbox runs as EC2_Can_Use_Services, which cannot create or pass EB roles', async () => {
    const [jumpbox] = await instancesTagged('Name', 'edx-jumpbox');
    expect(jumpbox).toMatchObject({
      VpcId: EDX_VPC,
      IamInstanceProfile: { Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/EC2_Can_Use_Services` },
    });
    expect(jumpbox?.Tags?.some((t) => t.Key?.startsWith('elasticbeanstalk:'))).toBe(false);
    const profile = await aws.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'EC2_Can_Use_Services' }));
    expect(profile.InstanceProfile?.Roles?.map((r) => r.RoleName)).toEqual(['EC2_Can_Use_Services']);
    const attached = await aws.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'EC2_Can_Use_Services' }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(['ElasticsearchDomainAccess']);
    expect(
      await simulate('EC2_Can_Use_Services', [
        'iam:CreateRole',
        'iam:PassRole',
        'iam:CreateInstanceProfile',
        'elasticbeanstalk:CreateApplication',
      ]),
    ).toEqual({
      'iam:CreateRole': 'implicitDeny',
      'iam:PassRole': 'implicitDeny',
      'iam:CreateInstanceProfile': 'implicitDeny',
      'elasticbeanstalk:CreateApplication': 'implicitDeny',
    });
  });

  it('F2: Bbruceeb2-env keeps the Auto Scaling denial of its first create', async () => {
    expect(await eventTexts('Bbruceeb2-env')).toContain(
      `Creating Auto Scaling launch configuration failed Reason: API: autoscaling:CreateLaunchConfiguration User: arn:aws:iam::${ACCOUNT}:user/edXProjectUser3 is not authorized to perform: autoscaling:CreateLaunchConfiguration`,
    );
  });

  it('F3, F15: Bbruceeb2-env deploys a bundle with the app and requirements.txt under FlaskApp/', async () => {
    expect(await environment('Bbruceeb2-env')).toMatchObject({
      Status: 'Ready',
      Health: 'Red',
      VersionLabel: 'deploy-app-v1',
    });
    expect(await eventTexts('Bbruceeb2-env')).toContain('Your WSGIPath refers to a file that does not exist.');
    expect(
      valueOf(await settings('bbruceeb2', 'Bbruceeb2-env'), 'aws:elasticbeanstalk:container:python', 'WSGIPath'),
    ).toBe('application.py');
    const object = await aws.s3.send(new GetObjectCommand({ Bucket: EB_BUCKET, Key: 'bbruceeb2/deploy-app.zip' }));
    const files = listZipEntries(await object.Body!.transformToByteArray()).map((e) => e.path);
    expect(files).toContain('FlaskApp/application.py');
    expect(files).toContain('FlaskApp/requirements.txt');
    expect(files).not.toContain('application.py');
    expect(files).not.toContain('requirements.txt');
  });

  it('F4: Bbruceeb1-env is outside the database VPC and its app times out on MySQL', async () => {
    const options = await settings('bbruceeb2', 'Bbruceeb1-env');
    expect(valueOf(options, 'aws:ec2:vpc', 'VPCId')).toBeUndefined();
    const [instance] = await instancesTagged('elasticbeanstalk:environment-name', 'Bbruceeb1-env');
    expect(instance?.VpcId).toBe(DEFAULT_VPC);
    const db = (await aws.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'edx-photos-db' })))
      .DBInstances?.[0];
    expect(db?.Endpoint).toMatchObject({ Address: PHOTOS_DB_HOST, Port: 3306 });
    expect(db?.DBSubnetGroup?.VpcId).toBe(EDX_VPC);
    const groups = await aws.rds.send(
      new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: db?.DBSubnetGroup?.DBSubnetGroupName }),
    );
    expect(groups.DBSubnetGroups?.[0]?.VpcId).toBe(EDX_VPC);
    expect(valueOf(options, ENV_PROPS, 'DATABASE_HOST')).toBe(PHOTOS_DB_HOST);
    expect(await environment('Bbruceeb1-env')).toMatchObject({
      Status: 'Ready',
      Health: 'Red',
      HealthStatus: 'Severe',
    });
    expect(await eventTexts('Bbruceeb1-env')).toContain(
      `Application returned HTTP 500: mysql.connector.errors.InterfaceError: 2003: Can't connect to MySQL server on '${PHOTOS_DB_HOST}:3306' (110 Connection timed out)`,
    );
  });

  it('F5: rds-launch-wizard does not admit Bbruceeb2-env, which is in the database VPC', async () => {
    const [instance] = await instancesTagged('elasticbeanstalk:environment-name', 'Bbruceeb2-env');
    expect(instance?.VpcId).toBe(EDX_VPC);
    expect(instance?.PublicIpAddress).toBeDefined();
    const instanceGroups = instance?.SecurityGroups?.flatMap((g) => (g.GroupId === undefined ? [] : [g.GroupId])) ?? [];
    expect(instanceGroups).toHaveLength(1);
    const wizard = (await aws.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [RDS_LAUNCH_WIZARD] })))
      .SecurityGroups?.[0];
    const sources = wizard?.IpPermissions?.flatMap((p) => p.UserIdGroupPairs ?? []).map((p) => p.GroupId) ?? [];
    expect(sources).toContain(WEB_SERVER_SG);
    expect(sources.some((id) => id !== undefined && instanceGroups.includes(id))).toBe(false);
    const [managed] =
      (await aws.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: instanceGroups }))).SecurityGroups ?? [];
    expect(managed?.VpcId).toBe(EDX_VPC);
  });

  it('F6: the app permissions sit on the service role; the instance role is denied S3 and Rekognition', async () => {
    const service = await aws.iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: 'aws-elasticbeanstalk-service-role' }),
    );
    expect(service.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(
      expect.arrayContaining(['AmazonS3FullAccess', 'AmazonRekognitionReadOnlyAccess']),
    );
    const instance = await aws.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: EC2_ROLE }));
    expect(instance.AttachedPolicies?.map((p) => p.PolicyName)).not.toContain('AmazonS3FullAccess');
    const events = await eventTexts('Bbruceeb1-env');
    expect(
      events.some(
        (e) =>
          e.includes('(AccessDenied) when calling the GetObject operation') && e.includes(`assumed-role/${EC2_ROLE}/`),
      ),
    ).toBe(true);
    expect(events.some((e) => e.includes('rekognition:DetectLabels'))).toBe(true);
  });

  it('F7, F8, F9, F11: Bbruceeb2-env has no region, no FLASK_SECRET and a plain password with & and %', async () => {
    const options = await settings('bbruceeb2', 'Bbruceeb2-env');
    expect(valueOf(options, ENV_PROPS, 'AWS_DEFAULT_REGION')).toBeUndefined();
    expect(valueOf(options, ENV_PROPS, 'AWS_REGION')).toBeUndefined();
    expect(valueOf(options, ENV_PROPS, 'FLASK_SECRET')).toBeUndefined();
    expect(valueOf(options, ENV_SECRETS, 'FLASK_SECRET')).toBeUndefined();
    expect(valueOf(options, ENV_PROPS, 'DATABASE_PASSWORD')).toBe('1W4&IK%oDoKQpKGQ');
    expect(valueOf(options, ENV_PROPS, 'DATABASE_HOST')).toBe(PHOTOS_DB_HOST);
  });

  it('F10: flask-ssm-demo-prod cannot read its secrets with the instance role', async () => {
    expect(await environment('flask-ssm-demo-prod')).toMatchObject({
      Status: 'Ready',
      Health: 'Red',
      HealthStatus: 'Severe',
    });
    const events = await eventTexts('flask-ssm-demo-prod');
    expect(
      events.some(
        (e) =>
          e.startsWith(
            `Instance deployment failed to get one or more secrets: AccessDeniedException: User: arn:aws:sts::${ACCOUNT}:assumed-role/${EC2_ROLE}/i-`,
          ) &&
          e.includes(
            `ssm:GetParameter on resource: arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/flaskapp/flaskenv/RDS_PASSWORD`,
          ),
      ),
    ).toBe(true);
    const flask = `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/flaskapp/flaskenv/RDS_PASSWORD`;
    const photos = `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/photos/dev/FLASK_SECRET`;
    expect(await simulate(EC2_ROLE, ['ssm:GetParameter'], flask)).toEqual({ 'ssm:GetParameter': 'implicitDeny' });
    expect(await simulate(EC2_ROLE, ['ssm:GetParameter'], photos)).toEqual({ 'ssm:GetParameter': 'allowed' });
    // The host secret names the Aurora writer's real endpoint, so fixing access is enough to go Green.
    const host = await aws.ssm.send(
      new GetParameterCommand({ Name: '/flaskapp/flaskenv/RDS_HOSTNAME', WithDecryption: true }),
    );
    const db = (await aws.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'flask-db-instance-1' })))
      .DBInstances?.[0];
    expect(host.Parameter?.Value).toBe(db?.Endpoint?.Address);
  });

  it('F12, F16: flask-ssm-demo-staging names its group by name in a VPC and uses a profile that does not exist', async () => {
    const options = await settings('flask-ssm-demo', 'flask-ssm-demo-staging');
    expect(valueOf(options, LAUNCH_CONFIG, 'SecurityGroups')).toBe('custom_eb_asg');
    expect(valueOf(options, LAUNCH_CONFIG, 'DisableDefaultEC2SecurityGroup')).toBe('true');
    expect(valueOf(options, LAUNCH_CONFIG, 'IamInstanceProfile')).toBe('flask-staging-ec2-profile');
    expect(valueOf(options, 'aws:ec2:vpc', 'VPCId')).toBe(EDX_VPC);
    await expect(
      aws.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'flask-staging-ec2-profile' })),
    ).rejects.toMatchObject({
      name: 'NoSuchEntityException',
    });
    const events = await eventTexts('flask-ssm-demo-staging');
    expect(events).toContain(
      `Creating Auto Scaling launch configuration failed Reason: The security group 'custom_eb_asg' does not exist in VPC '${EDX_VPC}'`,
    );
    expect(events).toContain(
      'The instance profile flask-staging-ec2-profile associated with the environment does not exist.',
    );
    expect(await environment('flask-ssm-demo-staging')).toMatchObject({ Status: 'Ready', Health: 'Red' });
    expect(await instancesTagged('elasticbeanstalk:environment-name', 'flask-ssm-demo-staging')).toEqual([]);
  });

  it('F13: the elastic domain is open to any principal; F14: an access key unused since 2018', async () => {
    const elastic = (await aws.os.send(new DescribeDomainCommand({ DomainName: 'elastic' }))).DomainStatus;
    const statements = (JSON.parse(elastic?.AccessPolicies ?? '{}') as { Statement: Array<{ Principal?: unknown }> })
      .Statement;
    expect(statements.some((s) => JSON.stringify(s.Principal).includes('"*"'))).toBe(true);
    await expect(aws.os.send(new DescribeDomainCommand({ DomainName: 'test-domain' }))).resolves.toBeDefined();
    const used = await aws.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAYLQ4JS7XBWP3RE5M' }));
    expect(used.AccessKeyLastUsed?.LastUsedDate?.getUTCFullYear()).toBe(2018);
  });
});

describe('the training lab is winnable through the APIs', () => {
  const green = { Status: 'Ready', Health: 'Green', HealthStatus: 'Ok' };

  it('F1: IAMFullAccess and AdministratorAccess-AWSElasticBeanstalk let the jumpbox role deploy', async () => {
    for (const policy of ['IAMFullAccess', 'AdministratorAccess-AWSElasticBeanstalk']) {
      await aws.iam.send(
        new AttachRolePolicyCommand({
          RoleName: 'EC2_Can_Use_Services',
          PolicyArn: `arn:aws:iam::aws:policy/${policy}`,
        }),
      );
    }
    const decisions = await simulate('EC2_Can_Use_Services', [
      'iam:CreateRole',
      'iam:PassRole',
      'iam:CreateInstanceProfile',
      'elasticbeanstalk:CreateApplication',
    ]);
    expect(Object.values(decisions)).toEqual(['allowed', 'allowed', 'allowed', 'allowed']);
  });

  it('runtime fixes (F5, F6) alone clear neither a deploy failure nor a VPC mismatch', async () => {
    for (const policy of ['AmazonS3FullAccess', 'AmazonRekognitionReadOnlyAccess']) {
      await aws.iam.send(
        new AttachRolePolicyCommand({ RoleName: EC2_ROLE, PolicyArn: `arn:aws:iam::aws:policy/${policy}` }),
      );
    }
    const [learnerInstance] = await instancesTagged('elasticbeanstalk:environment-name', 'Bbruceeb2-env');
    await aws.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: RDS_LAUNCH_WIZARD,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 3306,
            ToPort: 3306,
            UserIdGroupPairs: [
              { GroupId: learnerInstance?.SecurityGroups?.[0]?.GroupId, Description: 'Bbruceeb2-env instances' },
            ],
          },
        ],
      }),
    );
    // Bbruceeb2-env's failure is a deploy failure: only an operation retries it.
    expect(await environment('Bbruceeb2-env')).toMatchObject({ Health: 'Red' });
    // Bbruceeb1-env still cannot reach its database from the default VPC (F4): no rule can fix that.
    expect(await environment('Bbruceeb1-env')).toMatchObject({ Health: 'Red', HealthStatus: 'Severe' });
    expect(await simulate(EC2_ROLE, ['s3:GetObject'], 'arn:aws:s3:::ex8bucketbrbruce/photo.jpg')).toEqual({
      's3:GetObject': 'allowed',
    });
  });

  it('F3, F7, F8, F9, F11, F15: re-bundle Bbruceeb2-env, add region and secrets from SSM, rebuild', async () => {
    const rebundled = createStoredZip([
      { path: 'application.py', content: 'from flask import Flask\napplication = Flask(__name__)\n' },
      { path: 'config.py', content: "import os\nFLASK_SECRET = os.environ['FLASK_SECRET']\n" },
      { path: 'requirements.txt', content: 'Flask==1.0.2\nboto3==1.7.55\nmysql-connector==2.1.6\nrequests<2.19\n' },
      { path: 'templates/index.html', content: '<!doctype html><title>Photos</title>\n' },
    ]);
    // Seed 004: "Just replaced the old zip with new zip in S3, and rebuilt the EB environment."
    await aws.s3.send(new PutObjectCommand({ Bucket: EB_BUCKET, Key: 'bbruceeb2/deploy-app.zip', Body: rebundled }));
    await aws.eb.send(
      new UpdateEnvironmentCommand({
        EnvironmentName: 'Bbruceeb2-env',
        OptionSettings: [
          { Namespace: ENV_PROPS, OptionName: 'AWS_DEFAULT_REGION', Value: 'us-east-1' },
          {
            Namespace: ENV_SECRETS,
            OptionName: 'FLASK_SECRET',
            Value: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/photos/dev/FLASK_SECRET`,
          },
          {
            Namespace: ENV_SECRETS,
            OptionName: 'DATABASE_PASSWORD',
            Value: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/photos/dev/DATABASE_PASSWORD`,
          },
        ],
        OptionsToRemove: [{ Namespace: ENV_PROPS, OptionName: 'DATABASE_PASSWORD' }],
      }),
    );
    await advanceClock(15_000);
    await aws.eb.send(new RebuildEnvironmentCommand({ EnvironmentName: 'Bbruceeb2-env' }));
    expect(await environment('Bbruceeb2-env')).toMatchObject({ Status: 'Updating' });
    await advanceClock(30_000);
    expect(await environment('Bbruceeb2-env')).toMatchObject(green);
    const options = await settings('bbruceeb2', 'Bbruceeb2-env');
    expect(valueOf(options, ENV_PROPS, 'DATABASE_PASSWORD')).toBeUndefined();
  });

  it('F4: a replacement of Bbruceeb1-env in the database VPC goes Green; the old one is terminated', async () => {
    const old = await settings('bbruceeb2', 'Bbruceeb1-env');
    const copied = old
      .filter(
        (o) =>
          o.Namespace === ENV_PROPS ||
          o.Namespace === ENV_SECRETS ||
          o.Namespace === 'aws:elasticbeanstalk:container:python',
      )
      .concat(old.filter((o) => o.Namespace === LAUNCH_CONFIG && o.OptionName === 'IamInstanceProfile'))
      .map((o) => ({ Namespace: o.Namespace, OptionName: o.OptionName, Value: o.Value }));
    const created = await aws.eb.send(
      new CreateEnvironmentCommand({
        ApplicationName: 'bbruceeb2',
        EnvironmentName: 'Bbruceeb1-vpc-env',
        VersionLabel: 'deploy-app-v2',
        SolutionStackName: (await environment('Bbruceeb1-env')).SolutionStackName,
        OptionSettings: [
          ...copied,
          { Namespace: 'aws:ec2:vpc', OptionName: 'VPCId', Value: EDX_VPC },
          {
            Namespace: 'aws:ec2:vpc',
            OptionName: 'Subnets',
            Value: 'subnet-0e5d4c3b2a1f00011,subnet-0e5d4c3b2a1f00012',
          },
          { Namespace: 'aws:ec2:vpc', OptionName: 'AssociatePublicIpAddress', Value: 'true' },
          { Namespace: LAUNCH_CONFIG, OptionName: 'SecurityGroups', Value: WEB_SERVER_SG },
        ],
      }),
    );
    const [placed] = await instancesTagged('elasticbeanstalk:environment-id', created.EnvironmentId ?? '');
    expect(placed?.VpcId).toBe(EDX_VPC);
    expect(placed?.SecurityGroups?.map((g) => g.GroupId)).toContain(WEB_SERVER_SG);
    expect(placed?.SecurityGroups).toHaveLength(2);
    await aws.eb.send(new TerminateEnvironmentCommand({ EnvironmentName: 'Bbruceeb1-env' }));
    await advanceClock(30_000);
    expect(await environment('Bbruceeb1-vpc-env')).toMatchObject(green);
    const gone = await aws.eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: ['Bbruceeb1-env'] }));
    expect(gone.Environments?.[0]?.Status).toBe('Terminated');
    expect(await instancesTagged('elasticbeanstalk:environment-name', 'Bbruceeb1-env')).toEqual([]);
  });

  it('F10: an inline FetchSSMParameters policy and a restart turn flask-ssm-demo-prod Green', async () => {
    await aws.iam.send(
      new PutRolePolicyCommand({
        RoleName: EC2_ROLE,
        PolicyName: 'FetchSSMParameters',
        PolicyDocument: FLASK_SECRETS_READ,
      }),
    );
    // A deploy failure needs an operation to retry the deployment.
    expect(await environment('flask-ssm-demo-prod')).toMatchObject({ Health: 'Red' });
    await aws.eb.send(new RestartAppServerCommand({ EnvironmentName: 'flask-ssm-demo-prod' }));
    await advanceClock(15_000);
    expect(await environment('flask-ssm-demo-prod')).toMatchObject(green);
  });

  it('F12, F16: group ids, a new instance profile and a rebuild turn flask-ssm-demo-staging Green', async () => {
    await aws.eb.send(
      new UpdateEnvironmentCommand({
        EnvironmentName: 'flask-ssm-demo-staging',
        OptionSettings: [{ Namespace: LAUNCH_CONFIG, OptionName: 'SecurityGroups', Value: CUSTOM_EB_ASG }],
      }),
    );
    await advanceClock(15_000);
    // The profile is still missing, so the environment stays Red with no instances.
    expect(await environment('flask-ssm-demo-staging')).toMatchObject({ Status: 'Ready', Health: 'Red' });
    await aws.iam.send(
      new CreateRoleCommand({ RoleName: 'flask-staging-ec2-role', AssumeRolePolicyDocument: EC2_TRUST }),
    );
    await aws.iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'flask-staging-ec2-role',
        PolicyArn: 'arn:aws:iam::aws:policy/AWSElasticBeanstalkWebTier',
      }),
    );
    await aws.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'flask-staging-ec2-role',
        PolicyName: 'FetchSSMParameters',
        PolicyDocument: FLASK_SECRETS_READ,
      }),
    );
    await aws.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'flask-staging-ec2-profile' }));
    await aws.iam.send(
      new AddRoleToInstanceProfileCommand({
        InstanceProfileName: 'flask-staging-ec2-profile',
        RoleName: 'flask-staging-ec2-role',
      }),
    );
    await aws.eb.send(new RebuildEnvironmentCommand({ EnvironmentName: 'flask-ssm-demo-staging' }));
    await advanceClock(30_000);
    expect(await environment('flask-ssm-demo-staging')).toMatchObject(green);
    const [instance] = await instancesTagged('elasticbeanstalk:environment-name', 'flask-ssm-demo-staging');
    expect(instance?.SecurityGroups?.map((g) => g.GroupId)).toEqual([CUSTOM_EB_ASG]);
    expect(instance?.IamInstanceProfile?.Arn).toBe(
      `arn:aws:iam::${ACCOUNT}:instance-profile/flask-staging-ec2-profile`,
    );
  });

  it('every live environment ends Green', async () => {
    const all = await aws.eb.send(new DescribeEnvironmentsCommand({ IncludeDeleted: false }));
    const live = all.Environments ?? [];
    expect(live.map((e) => e.EnvironmentName).sort()).toEqual([
      'Bbruceeb1-vpc-env',
      'Bbruceeb2-env',
      'flask-ssm-demo-prod',
      'flask-ssm-demo-staging',
    ]);
    for (const env of live) expect(env).toMatchObject(green);
  });
});
