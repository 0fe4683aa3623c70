/**
 * Elastic Beanstalk through the real SDK: the training lab's environments,
 * health derived from state, and the WSGIPath fix taking Bbruceeb2-env from
 * Red through Updating to Green on the sandbox clock.
 */
import {
  CreateApplicationVersionCommand,
  DescribeConfigurationOptionsCommand,
  DescribeConfigurationSettingsCommand,
  DescribeEnvironmentHealthCommand,
  DescribeEnvironmentsCommand,
  DescribeEventsCommand,
  DescribeInstancesHealthCommand,
  ElasticBeanstalkClient,
  type EventDescription,
  UpdateEnvironmentCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStoredZip } from '../../../src/shared/zip';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { fixLearnerOutsideBeanstalk } from '../../support/trainingLabFixes';

let sandbox: TestSandbox;
let eb: ElasticBeanstalkClient;

beforeEach(async () => {
  sandbox = await startTestSandbox();
  eb = new ElasticBeanstalkClient(sandbox.clientConfig());
});

afterEach(async () => {
  eb.destroy();
  await sandbox.dispose();
});

async function environment(name: string): Promise<{ Status?: string; Health?: string; HealthStatus?: string }> {
  const out = await eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: [name] }));
  expect(out.Environments).toHaveLength(1);
  return out.Environments?.[0] ?? {};
}

async function allEvents(
  environmentName: string,
  maxRecords: number,
): Promise<{ events: EventDescription[]; pages: number; lastToken: string | undefined }> {
  const events: EventDescription[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await eb.send(
      new DescribeEventsCommand({ EnvironmentName: environmentName, MaxRecords: maxRecords, NextToken: token }),
    );
    events.push(...(page.Events ?? []));
    token = page.NextToken;
    pages += 1;
  } while (token !== undefined && pages < 50);
  return { events, pages, lastToken: token };
}

describe('training-lab Elastic Beanstalk health', () => {
  it('derives Red/Severe for Bbruceeb2-env and for flask-ssm-demo-prod, whose secrets are unreadable (F10)', async () => {
    expect(await environment('Bbruceeb2-env')).toMatchObject({
      Status: 'Ready',
      Health: 'Red',
      HealthStatus: 'Severe',
    });
    expect(await environment('flask-ssm-demo-prod')).toMatchObject({
      Status: 'Ready',
      Health: 'Red',
      HealthStatus: 'Severe',
    });
    const health = await eb.send(
      new DescribeEnvironmentHealthCommand({ EnvironmentName: 'Bbruceeb2-env', AttributeNames: ['All'] }),
    );
    expect(health).toMatchObject({ Status: 'Ready', Color: 'Red', HealthStatus: 'Severe' });
    expect(health.Causes).toContain('Command failed on all instances.');
    expect(health.InstancesHealth?.Severe).toBe(1);
    const onlyColor = await eb.send(
      new DescribeEnvironmentHealthCommand({ EnvironmentName: 'Bbruceeb2-env', AttributeNames: ['Color'] }),
    );
    expect(onlyColor.Color).toBe('Red');
    expect(onlyColor.Causes).toBeUndefined();
  });

  it('pages DescribeEvents newest first, with no NextToken on the last page', async () => {
    const whole = await eb.send(new DescribeEventsCommand({ EnvironmentName: 'Bbruceeb2-env' }));
    expect(whole.NextToken).toBeUndefined();
    const all = whole.Events ?? [];
    expect(all.length).toBeGreaterThan(5);
    const paged = await allEvents('Bbruceeb2-env', 2);
    expect(paged.pages).toBe(Math.ceil(all.length / 2));
    expect(paged.lastToken).toBeUndefined();
    expect(paged.events.map((e) => e.Message)).toEqual(all.map((e) => e.Message));
    const dates = all.map((e) => e.EventDate?.getTime() ?? 0);
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    expect(
      all.filter((e) => e.Message === 'Your WSGIPath refers to a file that does not exist.').length,
    ).toBeGreaterThan(1);
    const errors = await eb.send(new DescribeEventsCommand({ EnvironmentName: 'Bbruceeb2-env', Severity: 'ERROR' }));
    expect(errors.Events?.every((e) => e.Severity === 'ERROR' || e.Severity === 'FATAL')).toBe(true);
    expect(errors.Events?.length).toBeLessThan(all.length);
  });

  it('turns Bbruceeb2-env from Red to Green through Updating when WSGIPath, region and FLASK_SECRET are fixed', async () => {
    // The database ingress (F5) and the instance role's app permissions (F6) are fixed first, outside EB.
    await fixLearnerOutsideBeanstalk(sandbox.clientConfig());
    const update = await eb.send(
      new UpdateEnvironmentCommand({
        EnvironmentName: 'Bbruceeb2-env',
        OptionSettings: [
          {
            Namespace: 'aws:elasticbeanstalk:container:python',
            OptionName: 'WSGIPath',
            Value: 'FlaskApp/application.py',
          },
          {
            Namespace: 'aws:elasticbeanstalk:application:environment',
            OptionName: 'AWS_DEFAULT_REGION',
            Value: 'us-east-1',
          },
          {
            Namespace: 'aws:elasticbeanstalk:application:environment',
            OptionName: 'FLASK_SECRET',
            Value: 'dev-secret',
          },
        ],
      }),
    );
    expect(update).toMatchObject({ Status: 'Updating', Health: 'Grey' });
    expect(await environment('Bbruceeb2-env')).toMatchObject({ Status: 'Updating', Health: 'Grey' });

    const settings = await eb.send(
      new DescribeConfigurationSettingsCommand({ ApplicationName: 'bbruceeb2', EnvironmentName: 'Bbruceeb2-env' }),
    );
    const statuses = settings.ConfigurationSettings?.map((c) => c.DeploymentStatus);
    expect(statuses).toEqual(['deployed', 'pending']);
    const wsgi = (index: number): string | undefined =>
      settings.ConfigurationSettings?.[index]?.OptionSettings?.find((o) => o.OptionName === 'WSGIPath')?.Value;
    expect(wsgi(0)).toBe('application.py');
    expect(wsgi(1)).toBe('FlaskApp/application.py');

    await expect(
      eb.send(
        new UpdateEnvironmentCommand({
          EnvironmentName: 'Bbruceeb2-env',
          OptionSettings: [{ Namespace: 'aws:elasticbeanstalk:application:environment', OptionName: 'X', Value: '1' }],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: 'Environment named Bbruceeb2-env is in an invalid state for this operation. Must be Ready.',
    });

    sandbox.advanceClock(10_000);
    expect(await environment('Bbruceeb2-env')).toMatchObject({ Status: 'Updating' });
    sandbox.advanceClock(6_000);
    expect(await environment('Bbruceeb2-env')).toMatchObject({ Status: 'Ready', Health: 'Green', HealthStatus: 'Ok' });

    const recent =
      (
        await eb.send(
          new DescribeEventsCommand({
            EnvironmentName: 'Bbruceeb2-env',
            RequestId: update.$metadata.requestId,
            MaxRecords: 10,
          }),
        )
      ).Events ?? [];
    expect(recent.map((e) => e.Message)).toEqual([
      'Environment health has transitioned from Severe to Ok.',
      'Environment update completed successfully.',
      'Successfully deployed new configuration to environment.',
      "Updating environment Bbruceeb2-env's configuration settings.",
      'Environment update is starting.',
    ]);
    const after = await eb.send(
      new DescribeConfigurationSettingsCommand({ ApplicationName: 'bbruceeb2', EnvironmentName: 'Bbruceeb2-env' }),
    );
    expect(after.ConfigurationSettings?.map((c) => c.DeploymentStatus)).toEqual(['deployed']);
    const instances = await eb.send(
      new DescribeInstancesHealthCommand({ EnvironmentName: 'Bbruceeb2-env', AttributeNames: ['All'] }),
    );
    expect(instances.InstanceHealthList?.[0]).toMatchObject({
      HealthStatus: 'Ok',
      Color: 'Green',
      InstanceType: 't2.micro',
      AvailabilityZone: 'us-east-1a',
    });
    expect(instances.NextToken).toBeUndefined();
  });

  it('a partial fix leaves the remaining problem visible: WSGIPath alone still fails with HTTP 5xx', async () => {
    await eb.send(
      new UpdateEnvironmentCommand({
        EnvironmentName: 'Bbruceeb2-env',
        OptionSettings: [
          {
            Namespace: 'aws:elasticbeanstalk:container:python',
            OptionName: 'WSGIPath',
            Value: 'FlaskApp/application.py',
          },
        ],
      }),
    );
    sandbox.advanceClock(15_000);
    const health = await eb.send(
      new DescribeEnvironmentHealthCommand({ EnvironmentName: 'Bbruceeb2-env', AttributeNames: ['All'] }),
    );
    expect(health).toMatchObject({ Status: 'Ready', Color: 'Red', HealthStatus: 'Severe' });
    expect(health.Causes).toEqual(['100.0 % of the requests are failing with HTTP 5xx.']);
    expect(health.ApplicationMetrics?.StatusCodes?.Status5xx).toBeGreaterThan(0);
    const warnings =
      (await eb.send(new DescribeEventsCommand({ EnvironmentName: 'Bbruceeb2-env', Severity: 'WARN', MaxRecords: 5 })))
        .Events ?? [];
    expect(
      warnings.some((e) => e.Message?.includes('botocore.exceptions.NoRegionError: You must specify a region.')),
    ).toBe(true);
    expect(warnings.some((e) => e.Message?.includes('FLASK_SECRET'))).toBe(true);
  });

  it('filters events by time window and environments by id', async () => {
    const all = (await eb.send(new DescribeEventsCommand({ EnvironmentName: 'Bbruceeb2-env' }))).Events ?? [];
    const oldest = all[all.length - 1]?.EventDate;
    const newest = all[0]?.EventDate;
    if (!oldest || !newest) throw new Error('no events');
    const recent =
      (
        await eb.send(
          new DescribeEventsCommand({
            EnvironmentName: 'Bbruceeb2-env',
            StartTime: new Date(newest.getTime() - 60 * 60 * 1000),
          }),
        )
      ).Events ?? [];
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.length).toBeLessThan(all.length);
    expect(recent.every((e) => (e.EventDate?.getTime() ?? 0) >= newest.getTime() - 60 * 60 * 1000)).toBe(true);
    const beforeNewest =
      (await eb.send(new DescribeEventsCommand({ EnvironmentName: 'Bbruceeb2-env', EndTime: newest }))).Events ?? [];
    expect(beforeNewest.every((e) => (e.EventDate?.getTime() ?? 0) < newest.getTime())).toBe(true);
    expect(beforeNewest.length).toBeLessThan(all.length);
    const byId = await eb.send(new DescribeEnvironmentsCommand({ EnvironmentIds: ['e-fk7sn2qdpa'] }));
    expect(byId.Environments?.map((e) => e.EnvironmentName)).toEqual(['flask-ssm-demo-prod']);
    const byApp = await eb.send(new DescribeEnvironmentsCommand({ ApplicationName: 'bbruceeb2' }));
    expect(byApp.Environments?.map((e) => e.EnvironmentId)).toEqual(['e-cz35wnbsmc', 'e-mp3bcgh2vq']);
  });

  it('deploys a re-bundled version (app at the zip root): the WSGIPath error clears, the missing properties remain', async () => {
    const s3 = new S3Client({ ...sandbox.clientConfig(), forcePathStyle: true });
    try {
      const bundle = createStoredZip([
        { path: 'application.py', content: 'application = None\n' },
        { path: 'requirements.txt', content: 'Flask\n' },
      ]);
      await s3.send(
        new PutObjectCommand({
          Bucket: 'elasticbeanstalk-us-east-1-570589970431',
          Key: 'bbruceeb2/deploy-app-v3.zip',
          Body: bundle,
        }),
      );
    } finally {
      s3.destroy();
    }
    await eb.send(
      new CreateApplicationVersionCommand({
        ApplicationName: 'bbruceeb2',
        VersionLabel: 'deploy-app-v3',
        SourceBundle: { S3Bucket: 'elasticbeanstalk-us-east-1-570589970431', S3Key: 'bbruceeb2/deploy-app-v3.zip' },
      }),
    );
    const update = await eb.send(
      new UpdateEnvironmentCommand({ EnvironmentName: 'Bbruceeb2-env', VersionLabel: 'deploy-app-v3' }),
    );
    expect(update.Status).toBe('Updating');
    const during = await eb.send(
      new DescribeInstancesHealthCommand({ EnvironmentName: 'Bbruceeb2-env', AttributeNames: ['Deployment'] }),
    );
    expect(during.InstanceHealthList?.[0]?.Deployment?.Status).toBe('InProgress');
    sandbox.advanceClock(15_000);
    const env = await eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: ['Bbruceeb2-env'] }));
    expect(env.Environments?.[0]).toMatchObject({ Status: 'Ready', VersionLabel: 'deploy-app-v3', Health: 'Red' });
    const events =
      (
        await eb.send(
          new DescribeEventsCommand({ EnvironmentName: 'Bbruceeb2-env', RequestId: update.$metadata.requestId }),
        )
      ).Events ?? [];
    const texts = events.map((e) => e.Message);
    expect(texts).toContain('New application version was deployed to running EC2 instances.');
    expect(texts).not.toContain('Your WSGIPath refers to a file that does not exist.');
    const health = await eb.send(
      new DescribeEnvironmentHealthCommand({ EnvironmentName: 'Bbruceeb2-env', AttributeNames: ['Causes'] }),
    );
    expect(health.Causes).toEqual(['100.0 % of the requests are failing with HTTP 5xx.']);
    const after = await eb.send(
      new DescribeInstancesHealthCommand({ EnvironmentName: 'Bbruceeb2-env', AttributeNames: ['Deployment'] }),
    );
    expect(after.InstanceHealthList?.[0]?.Deployment).toMatchObject({
      VersionLabel: 'deploy-app-v3',
      DeploymentId: 3,
      Status: 'Deployed',
    });
  });

  it('describes configuration options with the platform default WSGIPath', async () => {
    const legacy = await eb.send(
      new DescribeConfigurationOptionsCommand({ ApplicationName: 'bbruceeb2', EnvironmentName: 'Bbruceeb2-env' }),
    );
    expect(legacy.Options?.find((o) => o.Name === 'WSGIPath')?.DefaultValue).toBe('application.py');
    const al2023 = await eb.send(
      new DescribeConfigurationOptionsCommand({
        SolutionStackName: '64bit Amazon Linux 2023 v4.3.0 running Python 3.11',
      }),
    );
    expect(al2023.Options?.find((o) => o.Name === 'WSGIPath')?.DefaultValue).toBe('application');
    expect(
      al2023.Options?.find((o) => o.Namespace === 'aws:elasticbeanstalk:application:environment')?.UserDefined,
    ).toBe(true);
  });

  it('rejects VersionLabel together with OptionSettings', async () => {
    await expect(
      eb.send(
        new UpdateEnvironmentCommand({
          EnvironmentName: 'Bbruceeb2-env',
          VersionLabel: 'deploy-app-v1',
          OptionSettings: [{ Namespace: 'aws:elasticbeanstalk:application:environment', OptionName: 'A', Value: 'b' }],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterCombination',
      message: 'You cannot update the application version and make configuration updates at the same time',
    });
  });
});
