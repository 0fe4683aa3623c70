/**
 * Elastic Beanstalk operations through the real SDK on an empty account:
 * applications, versions, environments built from scratch, the operations
 * that take time on the sandbox clock, and AWS's errors.
 */
import {
  CreateApplicationCommand,
  CreateApplicationVersionCommand,
  CreateEnvironmentCommand,
  type CreateEnvironmentCommandInput,
  DescribeApplicationsCommand,
  DescribeApplicationVersionsCommand,
  DescribeEnvironmentHealthCommand,
  DescribeEnvironmentResourcesCommand,
  DescribeEnvironmentsCommand,
  DescribeEventsCommand,
  ElasticBeanstalkClient,
  RebuildEnvironmentCommand,
  RestartAppServerCommand,
  TerminateEnvironmentCommand,
  UpdateEnvironmentCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStoredZip } from '../../../src/shared/zip';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';

const AL2023 = '64bit Amazon Linux 2023 v4.3.0 running Python 3.11';
const BUCKET = 'bundles-570589970431';

let sandbox: TestSandbox;
let eb: ElasticBeanstalkClient;
let ec2: EC2Client;
let s3: S3Client;

beforeEach(async () => {
  sandbox = await startTestSandbox({ scenario: 'empty' });
  eb = new ElasticBeanstalkClient(sandbox.clientConfig());
  ec2 = new EC2Client(sandbox.clientConfig());
  s3 = new S3Client({ ...sandbox.clientConfig(), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterEach(async () => {
  eb.destroy();
  ec2.destroy();
  s3.destroy();
  await sandbox.dispose();
});

async function appWithBundle(files: Array<{ path: string; content: string }>, label = 'v1'): Promise<void> {
  await eb.send(new CreateApplicationCommand({ ApplicationName: 'demo' })).catch(() => undefined);
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${label}.zip`, Body: createStoredZip(files) }));
  await eb.send(
    new CreateApplicationVersionCommand({
      ApplicationName: 'demo',
      VersionLabel: label,
      SourceBundle: { S3Bucket: BUCKET, S3Key: `${label}.zip` },
    }),
  );
}

const GOOD_APP = [
  { path: 'application.py', content: 'def create_app():\n    pass\n' },
  { path: 'requirements.txt', content: 'flask\n' },
];

const profile = {
  Namespace: 'aws:autoscaling:launchconfiguration',
  OptionName: 'IamInstanceProfile',
  Value: 'web-profile',
};

async function create(input: Partial<CreateEnvironmentCommandInput> = {}): Promise<string> {
  const out = await eb.send(
    new CreateEnvironmentCommand({
      ApplicationName: 'demo',
      EnvironmentName: 'demo-env',
      VersionLabel: 'v1',
      SolutionStackName: AL2023,
      ...input,
    }),
  );
  return out.EnvironmentId ?? '';
}

async function state(): Promise<{ Status?: string; Health?: string; HealthStatus?: string }> {
  return (await eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: ['demo-env'] }))).Environments?.[0] ?? {};
}

async function messages(): Promise<string[]> {
  return ((await eb.send(new DescribeEventsCommand({ EnvironmentName: 'demo-env' }))).Events ?? []).map(
    (e) => e.Message ?? '',
  );
}

describe('Elastic Beanstalk lifecycle', () => {
  it('creates applications and versions and rejects duplicates and missing bundles with AWS wording', async () => {
    await appWithBundle(GOOD_APP);
    const apps = await eb.send(new DescribeApplicationsCommand({ ApplicationNames: ['demo'] }));
    expect(apps.Applications?.[0]).toMatchObject({ ApplicationName: 'demo', Versions: ['v1'] });
    const versions = await eb.send(new DescribeApplicationVersionsCommand({ ApplicationName: 'demo' }));
    expect(versions.ApplicationVersions?.[0]?.SourceBundle).toEqual({ S3Bucket: BUCKET, S3Key: 'v1.zip' });
    await expect(eb.send(new CreateApplicationCommand({ ApplicationName: 'demo' }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: 'Application demo already exists.',
    });
    await expect(
      eb.send(
        new CreateApplicationVersionCommand({
          ApplicationName: 'demo',
          VersionLabel: 'v2',
          SourceBundle: { S3Bucket: BUCKET, S3Key: 'missing.zip' },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterCombination',
      message: expect.stringContaining('Unable to download from S3 location'),
    });
    await expect(
      eb.send(new DescribeEnvironmentHealthCommand({ EnvironmentName: 'nope-env', AttributeNames: ['All'] })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: "No Environment found for EnvironmentName = 'nope-env'.",
    });
  });

  it('launches instances in the default VPC with a managed security group; a missing instance profile leaves it Red with none', async () => {
    await appWithBundle(GOOD_APP);
    const id = await create({
      OptionSettings: [
        {
          Namespace: 'aws:elasticbeanstalk:container:python',
          OptionName: 'WSGIPath',
          Value: 'application:create_app()',
        },
        profile,
        { Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: '2' },
      ],
    });
    expect(await state()).toMatchObject({ Status: 'Launching', Health: 'Grey' });
    const instances =
      (
        await ec2.send(
          new DescribeInstancesCommand({ Filters: [{ Name: 'tag:elasticbeanstalk:environment-id', Values: [id] }] }),
        )
      ).Reservations?.flatMap((r) => r.Instances ?? []) ?? [];
    expect(instances).toHaveLength(2);
    expect(instances.map((i) => i.State?.Name)).toEqual(['pending', 'pending']);
    expect(instances.every((i) => /^172\.31\.\d+\.\d+$/.test(i.PrivateIpAddress ?? ''))).toBe(true);
    expect(new Set(instances.map((i) => i.SubnetId)).size).toBe(2);
    const groups = await ec2.send(
      new DescribeSecurityGroupsCommand({ GroupIds: [instances[0]?.SecurityGroups?.[0]?.GroupId ?? ''] }),
    );
    expect(groups.SecurityGroups?.[0]?.GroupName).toMatch(
      new RegExp(`^awseb-${id}-stack-AWSEBSecurityGroup-[A-Z0-9]{12}$`),
    );

    sandbox.advanceClock(30_000);
    expect(await state()).toMatchObject({ Status: 'Ready', Health: 'Red', HealthStatus: 'Severe' });
    const events = await messages();
    expect(events).toContain('The instance profile web-profile associated with the environment does not exist.');
    expect(events).toContain(
      'Unable to assume role "arn:aws:iam::570589970431:role/web-profile". Verify that the role exists and is configured correctly.',
    );
    expect(events).toContain(
      'Create environment operation is complete, but with errors. For more information, see troubleshooting documentation.',
    );

    // EC2 refuses to launch with a profile that does not exist, so the failed launch leaves no instance running.
    const resources = await eb.send(new DescribeEnvironmentResourcesCommand({ EnvironmentId: id }));
    expect(resources.EnvironmentResources?.Instances).toEqual([]);
    const after = await ec2.send(
      new DescribeInstancesCommand({ InstanceIds: instances.map((i) => i.InstanceId ?? '') }),
    );
    expect(after.Reservations?.flatMap((r) => r.Instances ?? []).map((i) => i.State?.Name)).toEqual([
      'terminated',
      'terminated',
    ]);
    expect(resources.EnvironmentResources?.AutoScalingGroups?.[0]?.Name).toMatch(
      new RegExp(`^awseb-${id}-stack-AWSEBAutoScalingGroup-`),
    );
  });

  it('reports a gunicorn WSGIPath that names no module as "Following services are not running: web."', async () => {
    await sandbox.reset('training-lab');
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await appWithBundle(GOOD_APP);
    await create({
      OptionSettings: [
        { Namespace: 'aws:elasticbeanstalk:container:python', OptionName: 'WSGIPath', Value: 'app:create_app()' },
        { ...profile, Value: 'aws-elasticbeanstalk-ec2-role' },
      ],
    });
    sandbox.advanceClock(30_000);
    const health = await eb.send(
      new DescribeEnvironmentHealthCommand({ EnvironmentName: 'demo-env', AttributeNames: ['All'] }),
    );
    expect(health).toMatchObject({
      Color: 'Red',
      HealthStatus: 'Severe',
      Causes: ['Following services are not running: web.'],
    });

    const update = await eb.send(
      new UpdateEnvironmentCommand({
        EnvironmentName: 'demo-env',
        OptionSettings: [
          {
            Namespace: 'aws:elasticbeanstalk:container:python',
            OptionName: 'WSGIPath',
            Value: 'application:create_app()',
          },
        ],
      }),
    );
    expect(update.Status).toBe('Updating');
    sandbox.advanceClock(15_000);
    expect(await state()).toMatchObject({ Status: 'Ready', Health: 'Green', HealthStatus: 'Ok' });
    expect((await messages())[0]).toBe('Environment health has transitioned from Severe to Ok.');
  });

  it('rebuilds, restarts and terminates on the clock, with AWS events and IncludeDeleted', async () => {
    await sandbox.reset('training-lab');
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await appWithBundle(GOOD_APP);
    const id = await create({
      OptionSettings: [
        { ...profile, Value: 'aws-elasticbeanstalk-ec2-role' },
        {
          Namespace: 'aws:elasticbeanstalk:container:python',
          OptionName: 'WSGIPath',
          Value: 'application:create_app()',
        },
      ],
    });
    await expect(eb.send(new RestartAppServerCommand({ EnvironmentName: 'demo-env' }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    sandbox.advanceClock(30_000);
    expect(await state()).toMatchObject({ Status: 'Ready', Health: 'Green' });
    const before = (
      await eb.send(new DescribeEnvironmentResourcesCommand({ EnvironmentId: id }))
    ).EnvironmentResources?.Instances?.map((i) => i.Id);

    await eb.send(new RebuildEnvironmentCommand({ EnvironmentId: id }));
    expect(await state()).toMatchObject({ Status: 'Updating', Health: 'Grey' });
    sandbox.advanceClock(30_000);
    expect(await state()).toMatchObject({ Status: 'Ready', Health: 'Green' });
    const after = (
      await eb.send(new DescribeEnvironmentResourcesCommand({ EnvironmentId: id }))
    ).EnvironmentResources?.Instances?.map((i) => i.Id);
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);

    await eb.send(new RestartAppServerCommand({ EnvironmentName: 'demo-env' }));
    sandbox.advanceClock(15_000);
    const events = await messages();
    expect(events.slice(0, 2)).toEqual(['restartAppServer completed successfully.', 'restartAppServer is starting.']);
    expect(events).toContain('rebuildEnvironment completed successfully.');

    const terminated = await eb.send(new TerminateEnvironmentCommand({ EnvironmentName: 'demo-env' }));
    expect(terminated.Status).toBe('Terminating');
    sandbox.advanceClock(15_000);
    const all = await eb.send(new DescribeEnvironmentsCommand({ ApplicationName: 'demo' }));
    expect(all.Environments?.map((e) => e.Status)).toEqual(['Terminated']);
    const live = await eb.send(new DescribeEnvironmentsCommand({ ApplicationName: 'demo', IncludeDeleted: false }));
    expect(live.Environments).toEqual([]);
    const running = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'tag:elasticbeanstalk:environment-id', Values: [id] },
          { Name: 'instance-state-name', Values: ['running', 'pending'] },
        ],
      }),
    );
    expect(running.Reservations).toEqual([]);
  });

  it('pages DescribeEnvironments and validates create parameters', async () => {
    await sandbox.reset('training-lab');
    const first = await eb.send(new DescribeEnvironmentsCommand({ MaxRecords: 3 }));
    expect(first.Environments).toHaveLength(3);
    expect(first.NextToken).toBeDefined();
    const second = await eb.send(new DescribeEnvironmentsCommand({ MaxRecords: 3, NextToken: first.NextToken }));
    expect(second.Environments).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
    const names = [...(first.Environments ?? []), ...(second.Environments ?? [])].map((e) => e.EnvironmentName);
    expect(new Set(names).size).toBe(4);
    await expect(
      eb.send(
        new CreateEnvironmentCommand({
          ApplicationName: 'bbruceeb2',
          EnvironmentName: 'Bbruceeb2-env',
          SolutionStackName: AL2023,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue', message: 'Environment Bbruceeb2-env already exists.' });
    await expect(
      eb.send(
        new CreateEnvironmentCommand({
          ApplicationName: 'nope',
          EnvironmentName: 'nope-env',
          SolutionStackName: AL2023,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue', message: "No Application named 'nope' found." });
    await expect(
      eb.send(
        new CreateEnvironmentCommand({
          ApplicationName: 'bbruceeb2',
          EnvironmentName: 'vpc-env',
          SolutionStackName: AL2023,
          OptionSettings: [{ Namespace: 'aws:ec2:vpc', OptionName: 'VPCId', Value: 'vpc-0000000000000000f' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ConfigurationValidationException' });
  });

  it('flags security groups given by name inside a VPC (F12) as a launch failure', async () => {
    await sandbox.reset('training-lab');
    await eb.send(
      new CreateEnvironmentCommand({
        ApplicationName: 'bbruceeb2',
        EnvironmentName: 'vpc-env',
        SolutionStackName: AL2023,
        OptionSettings: [
          { Namespace: 'aws:ec2:vpc', OptionName: 'VPCId', Value: 'vpc-0e5d4c3b2a1f09876' },
          { Namespace: 'aws:autoscaling:launchconfiguration', OptionName: 'SecurityGroups', Value: 'web-server-sg' },
          {
            Namespace: 'aws:autoscaling:launchconfiguration',
            OptionName: 'IamInstanceProfile',
            Value: 'aws-elasticbeanstalk-ec2-role',
          },
        ],
      }),
    );
    const placedInstances = async (): Promise<
      Array<{ VpcId?: string; PrivateIpAddress?: string; State?: { Name?: string } }>
    > =>
      (
        await ec2.send(
          new DescribeInstancesCommand({
            Filters: [{ Name: 'tag:elasticbeanstalk:environment-name', Values: ['vpc-env'] }],
          }),
        )
      ).Reservations?.flatMap((r) => r.Instances ?? []) ?? [];
    // While launching, the instances are placed in the environment's VPC.
    const placed = await placedInstances();
    expect(placed[0]?.VpcId).toBe('vpc-0e5d4c3b2a1f09876');
    expect(placed[0]?.PrivateIpAddress).toMatch(/^10\.1\.[1-4]\.\d+$/);

    sandbox.advanceClock(30_000);
    const events = (
      (await eb.send(new DescribeEventsCommand({ EnvironmentName: 'vpc-env', Severity: 'ERROR' }))).Events ?? []
    ).map((e) => e.Message);
    expect(events).toContain(
      "Creating Auto Scaling launch configuration failed Reason: The security group 'web-server-sg' does not exist in VPC 'vpc-0e5d4c3b2a1f09876'",
    );
    // No launch configuration, so the Auto Scaling group keeps no instance.
    expect((await placedInstances()).filter((i) => i.State?.Name !== 'terminated')).toEqual([]);
  });
});
