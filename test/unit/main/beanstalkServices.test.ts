import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { listEnvironments, mapBounded } from '../../../src/main/services/beanstalkEnvironments';
import { describeEvents } from '../../../src/main/services/beanstalkEvents';
import { health } from '../../../src/main/services/beanstalkHealth';
import { configuration, revealProperty } from '../../../src/main/services/beanstalkConfiguration';
import { resources } from '../../../src/main/services/beanstalkResources';
import { applicationVersion, MAX_BUNDLE_BYTES } from '../../../src/main/services/sourceBundles';
import { createStoredZip } from '../../../src/shared/zip';
import { awsError, scriptedFactory } from './beanstalkFakes';

const target = { profile: 'ops', region: 'eu-west-1' };
const day = new Date('2026-03-01T10:00:00Z');
const env = (name: string, extra: Record<string, unknown> = {}) => ({
  EnvironmentName: name,
  EnvironmentId: `e-${name}`,
  ApplicationName: 'shop',
  Status: 'Ready',
  Health: 'Green',
  SolutionStackName: '64bit Amazon Linux 2023 v4.0.1 running Python 3.11',
  DateCreated: day,
  DateUpdated: day,
  Tier: { Name: 'WebServer', Type: 'Standard', Version: '1.0' },
  ...extra,
});

describe('listEnvironments', () => {
  it('pages, drops Terminated, and marks rows whose health cannot be read', async () => {
    const { aws, calls } = scriptedFactory({
      DescribeEnvironmentsCommand: (input) =>
        input.NextToken
          ? {
              Environments: [
                env('shop-basic'),
                env('shop-ok', { HealthStatus: 'Ok' }),
                env('shop-old', { Status: 'Terminated' }),
              ],
            }
          : { Environments: [env('shop-web', { HealthStatus: 'Degraded', Health: 'Yellow' })], NextToken: 'p2' },
      DescribeEnvironmentHealthCommand: (input) => {
        if (input.EnvironmentName === 'shop-web') {
          return { Causes: ['3 of 4 instances are failing health checks.'], Color: 'Red', HealthStatus: 'Severe' };
        }
        throw awsError('AccessDenied', 'not allowed');
      },
    });
    const rows = await listEnvironments(aws, target);
    expect(rows.map((r) => r.name)).toEqual(['shop-basic', 'shop-ok', 'shop-web']);
    expect(rows[2]).toMatchObject({
      health: 'Red',
      healthStatus: 'Severe',
      causes: ['3 of 4 instances are failing health checks.'],
    });
    expect(rows[0]).toMatchObject({
      health: 'Green',
      causes: [],
      causesProblem: { code: 'validation', message: expect.stringContaining('basic health reporting') },
    });
    expect(rows[1]).toMatchObject({ health: 'Green', healthStatus: 'Ok', causes: [] });
    expect(rows[1]?.causesProblem).toBeUndefined();
    // Only the environment that can have causes costs a health call.
    expect(
      calls
        .filter((c) => c.command === 'DescribeEnvironmentHealthCommand')
        .map((c) => [c.input.EnvironmentName, c.input.AttributeNames]),
    ).toEqual([['shop-web', ['Causes', 'HealthStatus', 'Color']]]);
  });

  it('marks the row, not the list, when a health call is refused', async () => {
    const { aws } = scriptedFactory({
      DescribeEnvironmentsCommand: () => ({ Environments: [env('shop-web', { HealthStatus: 'Warning' })] }),
      DescribeEnvironmentHealthCommand: () => {
        throw awsError('AccessDenied', 'User is not authorized to perform elasticbeanstalk:DescribeEnvironmentHealth');
      },
    });
    const [row] = await listEnvironments(aws, target);
    expect(row).toMatchObject({ name: 'shop-web', causes: [], causesProblem: { awsCode: 'AccessDenied' } });
  });
});

describe('mapBounded', () => {
  it('keeps at most the limit in flight and the results in input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapBounded([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, n));
      inFlight -= 1;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(peak).toBe(3);
    expect(await mapBounded([], 3, async () => 1)).toEqual([]);
  });
});

describe('health', () => {
  it('returns the instances when the environment half is denied', async () => {
    const { aws } = scriptedFactory({
      DescribeEnvironmentHealthCommand: () => {
        throw awsError('AccessDenied', 'not authorized to perform: elasticbeanstalk:DescribeEnvironmentHealth', 403);
      },
      DescribeInstancesHealthCommand: (input) =>
        input.NextToken
          ? { InstanceHealthList: [{ InstanceId: 'i-0b', Color: 'Green', HealthStatus: 'Ok' }] }
          : {
              InstanceHealthList: [
                { InstanceId: 'i-0a', Color: 'Red', Causes: ['HTTP 5xx'], Deployment: { DeploymentId: 3 } },
              ],
              NextToken: 'n',
            },
    });
    const h = await health(aws, target, 'shop-web');
    expect(h.problem).toMatchObject({ code: 'access-denied', awsCode: 'AccessDenied' });
    expect(h.instancesProblem).toBeUndefined();
    expect(h.instances.map((i) => i.instanceId)).toEqual(['i-0a', 'i-0b']);
    expect(h.instances[0]).toMatchObject({ color: 'Red', causes: ['HTTP 5xx'], deployment: { deploymentId: 3 } });
  });

  it('returns the environment half when instances cannot be read', async () => {
    const { aws } = scriptedFactory({
      DescribeEnvironmentHealthCommand: () => ({
        Color: 'Yellow',
        Causes: ['x'],
        InstancesHealth: { Ok: 1, Warning: 1 },
      }),
      DescribeInstancesHealthCommand: () => {
        throw awsError('InvalidRequestException', 'basic health');
      },
    });
    const h = await health(aws, target, 'shop-web');
    expect(h).toMatchObject({ color: 'Yellow', causes: ['x'], instanceCounts: { Ok: 1, Warning: 1 }, instances: [] });
    expect(h.instancesProblem?.awsCode).toBe('InvalidRequestException');
  });
});

describe('describeEvents', () => {
  it('passes the filters through and returns one page', async () => {
    const { aws, calls } = scriptedFactory({
      DescribeEventsCommand: () => ({
        Events: [{ EventDate: day, Message: 'm', Severity: 'WARN' }],
        NextToken: 'more',
      }),
    });
    const page = await describeEvents(aws, target, {
      environmentName: 'shop-web',
      severity: 'WARN',
      since: '2026-03-01T09:00:00.000Z',
      maxRecords: 5,
      nextToken: 'abc',
    });
    expect(page).toEqual({
      events: [{ date: day.toISOString(), severity: 'WARN', message: 'm' }],
      nextToken: 'more',
      apiCalls: 1,
    });
    expect(calls[0]!.input).toEqual({
      EnvironmentName: 'shop-web',
      MaxRecords: 5,
      Severity: 'WARN',
      StartTime: new Date('2026-03-01T09:00:00.000Z'),
      NextToken: 'abc',
    });
    await expect(
      describeEvents(aws, target, { environmentName: 'shop-web', since: 'yesterday', maxRecords: 5 }),
    ).rejects.toThrow(/since must be an ISO date/);
  });
});

describe('configuration', () => {
  const settings = (status: string, wsgi: string) => ({
    DeploymentStatus: status,
    SolutionStackName: '64bit Amazon Linux 2 v3.5.0 running Python 3.8',
    OptionSettings: [
      { Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: '1' },
      { Namespace: 'aws:elasticbeanstalk:container:python', OptionName: 'WSGIPath', Value: wsgi },
      { Namespace: 'aws:elasticbeanstalk:application:environment', OptionName: 'SMTP_PASSWORD', Value: 'mail-pw-42' },
    ],
  });
  const { aws, calls } = scriptedFactory({
    DescribeEnvironmentsCommand: () => ({ Environments: [env('shop-web', { ApplicationName: 'shop-app' })] }),
    DescribeConfigurationSettingsCommand: () => ({
      ConfigurationSettings: [settings('deployed', 'app:old'), settings('pending', 'app:new')],
    }),
  });

  it('names the application, orders options, masks secrets and shows a draft during an update', async () => {
    const config = await configuration(aws, target, 'shop-web');
    expect(calls.find((c) => c.command === 'DescribeConfigurationSettingsCommand')?.input).toEqual({
      ApplicationName: 'shop-app',
      EnvironmentName: 'shop-web',
    });
    expect(config.options.map((o) => o.optionName)).toEqual(['WSGIPath', 'MinSize']);
    expect(config.options[0]!.value).toBe('app:old');
    expect(config.properties).toEqual([{ name: 'SMTP_PASSWORD', masked: true }]);
    expect(config.draft?.find((o) => o.optionName === 'WSGIPath')?.value).toBe('app:new');
    expect(JSON.stringify(config)).not.toContain('mail-pw-42');
    expect(await revealProperty(aws, target, 'shop-web', 'SMTP_PASSWORD')).toEqual({ value: 'mail-pw-42' });
    await expect(revealProperty(aws, target, 'shop-web', 'NOPE')).rejects.toThrow(/no environment property named NOPE/);
  });
});

describe('resources', () => {
  it('keeps the EB half when EC2 is denied', async () => {
    const { aws } = scriptedFactory({
      DescribeEnvironmentResourcesCommand: () => ({
        EnvironmentResources: { Instances: [{ Id: 'i-1' }], AutoScalingGroups: [{ Name: 'asg-1' }], LoadBalancers: [] },
      }),
      DescribeInstancesCommand: () => {
        throw awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
      },
    });
    const res = await resources(aws, target, 'shop-web');
    expect(res).toMatchObject({
      instances: [{ instanceId: 'i-1', securityGroups: [] }],
      autoScalingGroups: ['asg-1'],
      instancesProblem: { code: 'access-denied' },
    });
  });

  it('adds the network facts from EC2', async () => {
    const { aws } = scriptedFactory({
      DescribeEnvironmentResourcesCommand: () => ({ EnvironmentResources: { Instances: [{ Id: 'i-1' }] } }),
      DescribeInstancesCommand: () => ({
        Reservations: [
          {
            Instances: [
              {
                InstanceId: 'i-1',
                PrivateIpAddress: '10.1.2.3',
                VpcId: 'vpc-9',
                SubnetId: 'subnet-9',
                Placement: { AvailabilityZone: 'eu-west-1b' },
                SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'web' }],
                IamInstanceProfile: { Arn: 'arn:aws:iam::111122223333:instance-profile/web' },
                State: { Name: 'running' },
              },
            ],
          },
        ],
      }),
    });
    const res = await resources(aws, target, 'shop-web');
    expect(res.instances).toEqual([
      {
        instanceId: 'i-1',
        state: 'running',
        privateIp: '10.1.2.3',
        vpcId: 'vpc-9',
        subnetId: 'subnet-9',
        availabilityZone: 'eu-west-1b',
        securityGroups: [{ id: 'sg-1', name: 'web' }],
        instanceProfileArn: 'arn:aws:iam::111122223333:instance-profile/web',
      },
    ]);
  });
});

describe('applicationVersion', () => {
  const version = {
    ApplicationVersions: [
      {
        ApplicationName: 'shop',
        VersionLabel: 'v7',
        SourceBundle: { S3Bucket: 'b', S3Key: 'k.zip' },
        Status: 'PROCESSED',
      },
    ],
  };
  const body = (bytes: Uint8Array) => Readable.from([Buffer.from(bytes)]);

  it('lists the bundle', async () => {
    const zip = createStoredZip([
      { path: 'site/application.py', content: 'app = 1' },
      { path: 'site/requirements.txt', content: 'flask' },
    ]);
    const { aws } = scriptedFactory({
      DescribeApplicationVersionsCommand: () => version,
      GetObjectCommand: () => ({ Body: body(zip), ContentLength: zip.byteLength }),
    });
    const v = await applicationVersion(aws, target, 'shop', 'v7');
    expect(v.sourceBundle).toEqual({ bucket: 'b', key: 'k.zip' });
    expect(v.bundle).toMatchObject({
      rootFolders: ['site'],
      hasApplicationPy: false,
      nestedApplicationPy: ['site/application.py'],
      nestedRequirementsTxt: ['site/requirements.txt'],
    });
  });

  it('reports a missing object, a bad zip and an oversized bundle as bundleProblem', async () => {
    const missing = scriptedFactory({
      DescribeApplicationVersionsCommand: () => version,
      GetObjectCommand: () => {
        throw awsError('NoSuchKey', 'The specified key does not exist.', 404);
      },
    });
    expect((await applicationVersion(missing.aws, target, 'shop', 'v7')).bundleProblem).toMatchObject({
      code: 'not-found',
      awsCode: 'NoSuchKey',
    });

    const garbage = scriptedFactory({
      DescribeApplicationVersionsCommand: () => version,
      GetObjectCommand: () => ({ Body: body(new TextEncoder().encode('not a zip at all, just text')) }),
    });
    const bad = await applicationVersion(garbage.aws, target, 'shop', 'v7');
    expect(bad.bundle).toBeUndefined();
    expect(bad.bundleProblem?.message).toMatch(/^s3:\/\/b\/k\.zip is not a readable zip/);

    let streamed = false;
    const huge = scriptedFactory({
      DescribeApplicationVersionsCommand: () => version,
      GetObjectCommand: () => ({
        ContentLength: MAX_BUNDLE_BYTES + 1,
        Body: Readable.from(
          (function* () {
            streamed = true;
            yield Buffer.alloc(1);
          })(),
        ),
      }),
    });
    const big = await applicationVersion(huge.aws, target, 'shop', 'v7');
    expect(big.bundleProblem?.message).toMatch(/reads bundles up to 50 MiB/);
    expect(streamed).toBe(false);
  });

  it('stops reading a body that grows past the cap without a length', async () => {
    const chunk = Buffer.alloc(8 * 1024 * 1024);
    let chunks = 0;
    const { aws } = scriptedFactory({
      DescribeApplicationVersionsCommand: () => version,
      GetObjectCommand: () => ({
        Body: Readable.from(
          (function* () {
            for (;;) {
              chunks += 1;
              yield chunk;
            }
          })(),
        ),
      }),
    });
    const v = await applicationVersion(aws, target, 'shop', 'v7');
    expect(v.bundleProblem?.message).toMatch(/over 50 MiB/);
    expect(chunks).toBeLessThan(10);
  });

  it('fails the call when the version does not exist', async () => {
    const { aws } = scriptedFactory({ DescribeApplicationVersionsCommand: () => ({ ApplicationVersions: [] }) });
    await expect(applicationVersion(aws, target, 'shop', 'v8')).rejects.toThrow(/has no version labelled v8/);
  });
});
