/**
 * Only EnvironmentHealth is published free: every other AWS/ElasticBeanstalk
 * metric needs the health reporting ConfigDocument, from the minute the
 * update that lists it completes. ListMetrics agrees with the data; AWS/EC2
 * and AWS/RDS are not affected; a ConfigDocument EB would refuse is refused.
 */
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateEnvironmentCommand,
  DescribeConfigurationOptionsCommand,
  DescribeConfigurationSettingsCommand,
  ElasticBeanstalkClient,
  UpdateEnvironmentCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildScenario } from '../../../src/sandbox/scenarios';
import { metricSourceFor } from '../../../src/sandbox/simulation/metrics/source';
import type { StateDocument } from '../../../src/sandbox/state/document';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';

const NOW = new Date('2026-12-06T12:00:30Z');
const MINUTE = 60_000;
const NS = 'aws:elasticbeanstalk:healthreporting:system';
const ENV = 'photos-plain';

function ebNames(doc: StateDocument, environmentName: string, level: 'env' | 'instance'): string[] {
  return metricSourceFor(doc, NOW)
    .list(NOW, 'AWS/ElasticBeanstalk')
    .filter((m) => m.dimensions.some((d) => d.name === 'EnvironmentName' && d.value === environmentName))
    .filter((m) => m.dimensions.some((d) => d.name === 'InstanceId') === (level === 'instance'))
    .map((m) => m.metricName)
    .sort();
}

function withOption(doc: StateDocument, environmentName: string, optionName: string, value: string | undefined) {
  const copy = structuredClone(doc);
  const env = copy.elasticbeanstalk.environments.find((e) => e.name === environmentName);
  if (!env) throw new Error(`no ${environmentName}`);
  env.optionSettings = env.optionSettings.filter((o) => !(o.namespace === NS && o.optionName === optionName));
  if (value !== undefined) env.optionSettings.push({ namespace: NS, optionName, value });
  return copy;
}

describe('ConfigDocument gates the published metrics', () => {
  const lab = buildScenario('training-lab', NOW);

  it('publishes what the lab ConfigDocument lists, per environment and per instance', () => {
    const env = ebNames(lab, 'flask-ssm-demo-prod', 'env');
    expect(env).toContain('EnvironmentHealth');
    expect(env).toContain('ApplicationRequestsTotal');
    expect(env).toContain('ApplicationLatencyP99');
    const instance = ebNames(lab, 'flask-ssm-demo-prod', 'instance');
    expect(instance).toContain('CPUUser');
    expect(instance).toContain('LoadAverage1min');
  });

  it('publishes only EnvironmentHealth without one, and leaves AWS/EC2 alone', () => {
    const plain = withOption(lab, 'flask-ssm-demo-prod', 'ConfigDocument', undefined);
    expect(ebNames(plain, 'flask-ssm-demo-prod', 'env')).toEqual(['EnvironmentHealth']);
    expect(ebNames(plain, 'flask-ssm-demo-prod', 'instance')).toEqual([]);
    const ec2 = metricSourceFor(plain, NOW).list(NOW, 'AWS/EC2');
    expect(ec2.some((m) => m.metricName === 'CPUUtilization')).toBe(true);
    const requests = metricSourceFor(plain, NOW).samples(
      {
        namespace: 'AWS/ElasticBeanstalk',
        metricName: 'ApplicationRequestsTotal',
        dimensions: [{ name: 'EnvironmentName', value: 'flask-ssm-demo-prod' }],
      },
      new Date(NOW.getTime() - 60 * MINUTE),
      NOW,
      60,
      NOW,
    );
    expect(requests).toEqual([]);
  });

  it('publishes nothing of Elastic Beanstalk under basic health', () => {
    const basic = withOption(lab, 'flask-ssm-demo-prod', 'SystemType', 'basic');
    expect(ebNames(basic, 'flask-ssm-demo-prod', 'env')).toEqual([]);
    expect(ebNames(basic, 'flask-ssm-demo-prod', 'instance')).toEqual([]);
  });

  it('publishes exactly the listed subset', () => {
    const doc = JSON.stringify({
      Version: 1,
      CloudWatchMetrics: { Environment: { ApplicationRequests5xx: 60, ApplicationRequests2xx: null }, Instance: {} },
    });
    const some = withOption(lab, 'flask-ssm-demo-prod', 'ConfigDocument', doc);
    expect(ebNames(some, 'flask-ssm-demo-prod', 'env')).toEqual(['ApplicationRequests5xx', 'EnvironmentHealth']);
  });
});

describe('the ConfigDocument through the Elastic Beanstalk API', () => {
  let sandbox: TestSandbox;
  let eb: ElasticBeanstalkClient;
  let cw: CloudWatchClient;
  beforeEach(async () => {
    sandbox = await startTestSandbox({ now: () => NOW });
    eb = new ElasticBeanstalkClient(sandbox.clientConfig());
    cw = new CloudWatchClient(sandbox.clientConfig());
  });
  afterEach(async () => {
    eb.destroy();
    cw.destroy();
    await sandbox.dispose();
  });

  const listed = async (metricName: string) =>
    (
      await cw.send(
        new ListMetricsCommand({
          Namespace: 'AWS/ElasticBeanstalk',
          MetricName: metricName,
          Dimensions: [{ Name: 'EnvironmentName', Value: ENV }],
        }),
      )
    ).Metrics ?? [];

  const requestValues = async (start: Date, end: Date) => {
    const out = await cw.send(
      new GetMetricDataCommand({
        StartTime: start,
        EndTime: end,
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [
          {
            Id: 'total',
            MetricStat: {
              Metric: {
                Namespace: 'AWS/ElasticBeanstalk',
                MetricName: 'ApplicationRequestsTotal',
                Dimensions: [{ Name: 'EnvironmentName', Value: ENV }],
              },
              Period: 60,
              Stat: 'Sum',
            },
          },
        ],
      }),
    );
    return out.MetricDataResults?.[0]?.Timestamps ?? [];
  };

  it('starts publishing when the update that lists a metric completes, and round-trips the option', async () => {
    await eb.send(
      new CreateEnvironmentCommand({
        ApplicationName: 'bbruceeb2',
        EnvironmentName: ENV,
        VersionLabel: 'deploy-app-v2',
        SolutionStackName: '64bit Amazon Linux 2023 v4.3.0 running Python 3.11',
      }),
    );
    sandbox.advanceClock(30_000 + 5 * MINUTE);
    expect(await listed('EnvironmentHealth')).toHaveLength(1);
    expect(await listed('ApplicationRequestsTotal')).toEqual([]);

    const document = JSON.stringify({
      Version: 1,
      CloudWatchMetrics: { Environment: { ApplicationRequestsTotal: 60 }, Instance: { CPUUser: 60 } },
    });
    await eb.send(
      new UpdateEnvironmentCommand({
        EnvironmentName: ENV,
        OptionSettings: [{ Namespace: NS, OptionName: 'ConfigDocument', Value: document }],
      }),
    );
    // UpdateEnvironment takes 15 s on the sandbox clock.
    const updatedAt = NOW.getTime() + 30_000 + 5 * MINUTE + 15_000;
    sandbox.advanceClock(15_000 + 3 * MINUTE);
    expect(await listed('ApplicationRequestsTotal')).toHaveLength(1);
    const cpu = await cw.send(
      new ListMetricsCommand({
        Namespace: 'AWS/ElasticBeanstalk',
        MetricName: 'CPUUser',
        Dimensions: [{ Name: 'EnvironmentName', Value: ENV }],
      }),
    );
    expect(cpu.Metrics?.[0]?.Dimensions?.map((d) => d.Name).sort()).toEqual(['EnvironmentName', 'InstanceId']);
    // Nothing is back-filled: the first datapoint is the first whole minute after the update completed.
    const points = await requestValues(new Date(NOW.getTime()), new Date(NOW.getTime() + 20 * MINUTE));
    expect(points.length).toBeGreaterThan(0);
    expect(points.every((t) => t.getTime() >= updatedAt)).toBe(true);

    const settings = await eb.send(
      new DescribeConfigurationSettingsCommand({ ApplicationName: 'bbruceeb2', EnvironmentName: ENV }),
    );
    const stored = settings.ConfigurationSettings?.[0]?.OptionSettings?.find(
      (o) => o.Namespace === NS && o.OptionName === 'ConfigDocument',
    );
    expect(stored?.Value).toBe(document);

    const options = await eb.send(
      new DescribeConfigurationOptionsCommand({ ApplicationName: 'bbruceeb2', EnvironmentName: ENV }),
    );
    const described = options.Options?.filter((o) => o.Namespace === NS).map((o) => o.Name);
    expect(described).toEqual(['SystemType', 'ConfigDocument']);
  });

  it('refuses a ConfigDocument that is not JSON, or names a metric EB does not know, and changes nothing', async () => {
    const update = (value: string) =>
      eb.send(
        new UpdateEnvironmentCommand({
          EnvironmentName: 'flask-ssm-demo-prod',
          OptionSettings: [{ Namespace: NS, OptionName: 'ConfigDocument', Value: value }],
        }),
      );
    await expect(update('{"Version":1,')).rejects.toMatchObject({
      name: 'ConfigurationValidationException',
      message: expect.stringContaining(
        "(Namespace: 'aws:elasticbeanstalk:healthreporting:system', OptionName: 'ConfigDocument'): ConfigDocument is not a valid JSON document",
      ),
    });
    await expect(
      update('{"Version":1,"CloudWatchMetrics":{"Environment":{"CPUUtilization":60}}}'),
    ).rejects.toMatchObject({
      name: 'ConfigurationValidationException',
      message: expect.stringContaining('CPUUtilization is not a valid Environment metric'),
    });
    const settings = await eb.send(
      new DescribeConfigurationSettingsCommand({
        ApplicationName: 'flask-ssm-demo',
        EnvironmentName: 'flask-ssm-demo-prod',
      }),
    );
    expect(settings.ConfigurationSettings).toHaveLength(1);
    const stored = settings.ConfigurationSettings?.[0]?.OptionSettings?.find(
      (o) => o.Namespace === NS && o.OptionName === 'ConfigDocument',
    );
    expect(stored?.Value).toContain('"ApplicationRequestsTotal":60');
  });
});
