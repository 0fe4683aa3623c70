/**
 * The AWS SDK v3's CloudWatch client, which speaks awsJson1_0 (with
 * query-compatible error codes), against the sandbox's CloudWatch: the lab's
 * metrics listed and read, metric math, an alarm round trip, and AWS's codes
 * for a request that breaks a limit.
 */
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION, startSandbox, type RunningSandbox } from '../../../src/sandbox';
import { TRAINING_LAB } from '../../support/sandbox';

let sandbox: RunningSandbox;
let cw: CloudWatchClient;
const ENV = TRAINING_LAB.learnerEnvironment.environmentName;
const HOUR = 3_600_000;

beforeAll(async () => {
  sandbox = await startSandbox();
  cw = new CloudWatchClient({
    endpoint: sandbox.endpoint,
    region: SANDBOX_REGION,
    credentials: SANDBOX_ADMIN_CREDENTIALS,
    maxAttempts: 1,
  });
});

afterAll(async () => {
  cw?.destroy();
  await sandbox?.close();
});

describe('CloudWatch through the SDK', () => {
  it("lists the lab environment's EnvironmentHealth and reads it as Severe while the environment is Red", async () => {
    const listed = await cw.send(
      new ListMetricsCommand({ Namespace: 'AWS/ElasticBeanstalk', MetricName: 'EnvironmentHealth' }),
    );
    const dims = (listed.Metrics ?? []).map((m) => m.Dimensions?.map((d) => `${d.Name}=${d.Value}`).join(','));
    expect(dims).toContain(`EnvironmentName=${ENV}`);

    const end = new Date();
    const stats = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/ElasticBeanstalk',
        MetricName: 'EnvironmentHealth',
        Dimensions: [{ Name: 'EnvironmentName', Value: ENV }],
        StartTime: new Date(end.getTime() - HOUR),
        EndTime: end,
        Period: 300,
        Statistics: ['Maximum'],
      }),
    );
    const newest = [...(stats.Datapoints ?? [])].sort((a, b) => b.Timestamp!.getTime() - a.Timestamp!.getTime())[0];
    expect(newest?.Maximum).toBeGreaterThanOrEqual(20);
  });

  it('answers metric math over hidden queries, newest first', async () => {
    const end = new Date();
    const out = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(end.getTime() - HOUR),
        EndTime: end,
        MetricDataQueries: [
          {
            Id: 'h',
            ReturnData: false,
            MetricStat: {
              Metric: {
                Namespace: 'AWS/ElasticBeanstalk',
                MetricName: 'EnvironmentHealth',
                Dimensions: [{ Name: 'EnvironmentName', Value: ENV }],
              },
              Period: 300,
              Stat: 'Maximum',
            },
          },
          { Id: 'twice', Expression: '2*h', Label: 'double' },
        ],
      }),
    );
    expect(out.MetricDataResults).toHaveLength(1);
    const [result] = out.MetricDataResults ?? [];
    expect(result).toMatchObject({ Id: 'twice', Label: 'double', StatusCode: 'Complete' });
    const times = (result?.Timestamps ?? []).map((t) => t.getTime());
    expect(times.length).toBeGreaterThan(0);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(result?.Values?.[0]).toBeGreaterThanOrEqual(40);
  });

  it('creates, describes and deletes an alarm, and refuses an unknown one with ResourceNotFound', async () => {
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: 'sdk-health-severe',
        Namespace: 'AWS/ElasticBeanstalk',
        MetricName: 'EnvironmentHealth',
        Dimensions: [{ Name: 'EnvironmentName', Value: ENV }],
        Statistic: 'Maximum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 25,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    );
    const described = await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['sdk-health-severe'] }));
    expect(described.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['sdk-health-severe']);
    expect(['INSUFFICIENT_DATA', 'ALARM', 'OK']).toContain(described.MetricAlarms?.[0]?.StateValue);
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: ['sdk-health-severe'] }));
    await expect(cw.send(new DeleteAlarmsCommand({ AlarmNames: ['sdk-health-severe'] }))).rejects.toMatchObject({
      name: 'ResourceNotFound',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('refuses more than 1,440 datapoints in one GetMetricStatistics with AWS code and words', async () => {
    const end = new Date();
    await expect(
      cw.send(
        new GetMetricStatisticsCommand({
          Namespace: 'AWS/ElasticBeanstalk',
          MetricName: 'EnvironmentHealth',
          Dimensions: [{ Name: 'EnvironmentName', Value: ENV }],
          StartTime: new Date(end.getTime() - 48 * HOUR),
          EndTime: end,
          Period: 60,
          Statistics: ['Average'],
        }),
      ),
    ).rejects.toMatchObject({
      // The JSON protocol names the modelled exception; its query-compatible code rides in x-amzn-query-error.
      name: 'InvalidParameterCombinationException',
      Code: 'InvalidParameterCombination',
      message: expect.stringMatching(/^You have requested up to 2,?880 datapoints, which exceeds the limit of 1440\./),
    });
  });
});
