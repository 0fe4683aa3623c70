/**
 * The real AWS CLI (botocore, which speaks CloudWatch in RPC v2 CBOR) against
 * the sandbox's CloudWatch: the training lab's metrics as the simulation
 * publishes them, statistics and metric math, the datapoint limit, and alarms.
 */
import { describe, expect, it } from 'vitest';
import { sandboxCli } from '../support/awsCli';
import { TRAINING_LAB } from '../support/sandbox';
import { advanceSandboxClock, fixLearnerOutsideBeanstalk } from '../support/trainingLabFixes';

const cli = sandboxCli('[default]\n');
const { aws, awsJson } = cli;
const LEARNER = TRAINING_LAB.learnerEnvironment;

interface Metric {
  Namespace: string;
  MetricName: string;
  Dimensions: Array<{ Name: string; Value: string }>;
}
interface Datapoint {
  Timestamp: string | number;
  Average?: number;
  Minimum?: number;
  Maximum?: number;
  Sum?: number;
  SampleCount?: number;
  ExtendedStatistics?: Record<string, number>;
  Unit: string;
}
interface MetricDataResult {
  Id: string;
  Label: string;
  Timestamps: Array<string | number>;
  Values: number[];
  StatusCode: string;
}

/** The sandbox clock as the sandbox reads it (moved on by 1 ms, the least the route takes), so ranges follow it. */
async function sandboxNow(): Promise<Date> {
  const response = await fetch(`${cli.sandbox.endpoint}/_trellis/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs: 1 }),
  });
  const body = (await response.json()) as { now: string };
  return new Date(body.now);
}

const iso = (date: Date): string => date.toISOString();
/** AWS CLI v1 prints timestamps as the wire sent them: CBOR sends epoch seconds. */
const millis = (time: string | number): number => (typeof time === 'number' ? time * 1000 : Date.parse(time));

/** `get-metric-statistics` over the last `minutes` of the sandbox clock; `extra` adds statistics and options. */
async function statistics(
  namespace: string,
  metricName: string,
  dimensions: readonly string[],
  minutes: number,
  period: number,
  extra: readonly string[],
): Promise<{ Label: string; Datapoints: Datapoint[] }> {
  const now = await sandboxNow();
  return awsJson([
    'cloudwatch',
    'get-metric-statistics',
    '--namespace',
    namespace,
    '--metric-name',
    metricName,
    ...(dimensions.length === 0 ? [] : ['--dimensions', ...dimensions]),
    '--start-time',
    iso(new Date(now.getTime() - minutes * 60_000)),
    '--end-time',
    iso(now),
    '--period',
    String(period),
    ...extra,
  ]);
}

const LEARNER_DIMENSION = `Name=EnvironmentName,Value=${LEARNER.environmentName}`;

async function newestHealth(): Promise<Datapoint | undefined> {
  const out = await statistics('AWS/ElasticBeanstalk', 'EnvironmentHealth', [LEARNER_DIMENSION], 30, 60, [
    '--statistics',
    'Maximum',
  ]);
  return [...out.Datapoints].sort((a, b) => millis(b.Timestamp) - millis(a.Timestamp))[0];
}

describe('AWS CLI: CloudWatch metrics against the sandbox', () => {
  it('list-metrics shows the lab environment EnvironmentHealth, and its newest value is Degraded or Severe while it is Red', async () => {
    const listed = await awsJson<{ Metrics: Metric[] }>([
      'cloudwatch',
      'list-metrics',
      '--namespace',
      'AWS/ElasticBeanstalk',
      '--metric-name',
      'EnvironmentHealth',
    ]);
    expect(listed.Metrics).toContainEqual({
      Namespace: 'AWS/ElasticBeanstalk',
      MetricName: 'EnvironmentHealth',
      Dimensions: [{ Name: 'EnvironmentName', Value: LEARNER.environmentName }],
    });
    const newest = await newestHealth();
    expect([20, 25]).toContain(newest?.Maximum);
  });

  it('after the WSGIPath fix and a few minutes, health drops below 20 and ApplicationRequestsTotal is above 0', async () => {
    await fixLearnerOutsideBeanstalk(cli.sandbox.clientConfig());
    await awsJson([
      'elasticbeanstalk',
      'update-environment',
      '--environment-name',
      LEARNER.environmentName,
      '--option-settings',
      'Namespace=aws:elasticbeanstalk:container:python,OptionName=WSGIPath,Value=FlaskApp/application.py',
      'Namespace=aws:elasticbeanstalk:application:environment,OptionName=AWS_DEFAULT_REGION,Value=us-east-1',
      'Namespace=aws:elasticbeanstalk:application:environment,OptionName=FLASK_SECRET,Value=s3cr3t',
    ]);
    await advanceSandboxClock(cli.sandbox.endpoint, 15_000);
    const envs = await awsJson<{ Environments: Array<{ Health: string }> }>([
      'elasticbeanstalk',
      'describe-environments',
      '--environment-names',
      LEARNER.environmentName,
    ]);
    expect(envs.Environments[0]?.Health).toBe('Green');
    await advanceSandboxClock(cli.sandbox.endpoint, 10 * 60_000);
    const newest = await newestHealth();
    expect(newest?.Maximum).toBeLessThan(20);
    const requests = await statistics('AWS/ElasticBeanstalk', 'ApplicationRequestsTotal', [LEARNER_DIMENSION], 5, 300, [
      '--statistics',
      'Sum',
    ]);
    expect(requests.Datapoints.reduce((sum, d) => sum + (d.Sum ?? 0), 0)).toBeGreaterThan(0);
  });

  it('RDS CPUUtilization has datapoints, with extended statistics ordered as percentiles are', async () => {
    const listed = await awsJson<{ Metrics: Metric[] }>([
      'cloudwatch',
      'list-metrics',
      '--namespace',
      'AWS/RDS',
      '--metric-name',
      'CPUUtilization',
    ]);
    const database = listed.Metrics.find((m) => m.Dimensions.some((d) => d.Name === 'DBInstanceIdentifier'));
    expect(database).toBeDefined();
    const dimensions = database!.Dimensions.map((d) => `Name=${d.Name},Value=${d.Value}`);
    const out = await statistics('AWS/RDS', 'CPUUtilization', dimensions, 60, 600, [
      '--statistics',
      'SampleCount',
      'Minimum',
      'Maximum',
      '--extended-statistics',
      'p10',
      'p90',
    ]);
    expect(out.Label).toBe('CPUUtilization');
    expect(out.Datapoints.length).toBeGreaterThanOrEqual(5);
    for (const point of out.Datapoints) {
      expect(point.Unit).toBe('Percent');
      expect(point.SampleCount).toBeGreaterThan(0);
      const p10 = point.ExtendedStatistics?.['p10'] ?? Number.NaN;
      const p90 = point.ExtendedStatistics?.['p90'] ?? Number.NaN;
      expect(p10).toBeGreaterThanOrEqual(point.Minimum ?? Number.NaN);
      expect(p90).toBeGreaterThanOrEqual(p10);
      expect(point.Maximum).toBeGreaterThanOrEqual(p90);
    }
  });

  it('get-metric-statistics refuses more than 1,440 datapoints with AWS code and message', async () => {
    const now = await sandboxNow();
    const result = await aws([
      'cloudwatch',
      'get-metric-statistics',
      '--namespace',
      'AWS/ElasticBeanstalk',
      '--metric-name',
      'EnvironmentHealth',
      '--start-time',
      iso(new Date(now.getTime() - 2 * 24 * 60 * 60_000)),
      '--end-time',
      iso(now),
      '--period',
      '60',
      '--statistics',
      'Average',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('(InvalidParameterCombination)');
    expect(result.stderr).toContain(
      'You have requested up to 2880 datapoints, which exceeds the limit of 1440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.',
    );
  });

  it('get-metric-data answers a MetricStat and the math over it, newest first', async () => {
    const now = await sandboxNow();
    const health = {
      Namespace: 'AWS/ElasticBeanstalk',
      MetricName: 'EnvironmentHealth',
      Dimensions: [{ Name: 'EnvironmentName', Value: LEARNER.environmentName }],
    };
    const out = await awsJson<{ MetricDataResults: MetricDataResult[] }>([
      'cloudwatch',
      'get-metric-data',
      '--start-time',
      iso(new Date(now.getTime() - 10 * 60_000)),
      '--end-time',
      iso(now),
      '--metric-data-queries',
      JSON.stringify([
        { Id: 'health', MetricStat: { Metric: health, Period: 60, Stat: 'Maximum' }, ReturnData: false },
        { Id: 'doubled', Expression: '2*health+1', Label: 'Twice health plus one' },
      ]),
    ]);
    expect(out.MetricDataResults).toHaveLength(1);
    const [result] = out.MetricDataResults;
    expect(result).toMatchObject({ Id: 'doubled', Label: 'Twice health plus one', StatusCode: 'Complete' });
    expect(result!.Values.length).toBeGreaterThanOrEqual(9);
    for (const value of result!.Values) expect([41, 51]).toContain(value);
    const times = result!.Timestamps.map(millis);
    expect(times.every(Number.isFinite)).toBe(true);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('put-metric-alarm, then describe-alarms shows it and its state; set-alarm-state and delete-alarms', async () => {
    const put = await aws([
      'cloudwatch',
      'put-metric-alarm',
      '--alarm-name',
      'lab-health-severe',
      '--namespace',
      'AWS/ElasticBeanstalk',
      '--metric-name',
      'EnvironmentHealth',
      '--dimensions',
      `Name=EnvironmentName,Value=${LEARNER.environmentName}`,
      '--statistic',
      'Maximum',
      '--period',
      '60',
      '--evaluation-periods',
      '1',
      '--threshold',
      '25',
      '--comparison-operator',
      'GreaterThanOrEqualToThreshold',
    ]);
    expect(put).toMatchObject({ code: 0, stderr: '' });
    interface Alarms {
      MetricAlarms: Array<{ AlarmName: string; AlarmArn: string; StateValue: string; Threshold: number }>;
    }
    const created = await awsJson<Alarms>(['cloudwatch', 'describe-alarms', '--alarm-names', 'lab-health-severe']);
    expect(created.MetricAlarms).toEqual([
      expect.objectContaining({
        AlarmName: 'lab-health-severe',
        AlarmArn: `arn:aws:cloudwatch:us-east-1:${TRAINING_LAB.accountId}:alarm:lab-health-severe`,
        StateValue: 'INSUFFICIENT_DATA',
        Threshold: 25,
      }),
    ]);
    await advanceSandboxClock(cli.sandbox.endpoint, 2 * 60_000);
    const evaluated = await awsJson<Alarms>(['cloudwatch', 'describe-alarms', '--alarm-name-prefix', 'lab-']);
    expect(evaluated.MetricAlarms.map((a) => a.StateValue)).toEqual(['ALARM']);
    const set = await aws([
      'cloudwatch',
      'set-alarm-state',
      '--alarm-name',
      'lab-health-severe',
      '--state-value',
      'OK',
      '--state-reason',
      'testing the pager',
    ]);
    expect(set.code).toBe(0);
    const ok = await awsJson<Alarms>(['cloudwatch', 'describe-alarms', '--state-value', 'OK']);
    expect(ok.MetricAlarms.map((a) => a.AlarmName)).toEqual(['lab-health-severe']);
    expect((await aws(['cloudwatch', 'delete-alarms', '--alarm-names', 'lab-health-severe'])).code).toBe(0);
    const gone = await awsJson<Alarms>(['cloudwatch', 'describe-alarms']);
    expect(gone.MetricAlarms).toEqual([]);
    const missing = await aws(['cloudwatch', 'delete-alarms', '--alarm-names', 'lab-health-severe']);
    expect(missing.stderr).toContain('(ResourceNotFound)');
  });
});
