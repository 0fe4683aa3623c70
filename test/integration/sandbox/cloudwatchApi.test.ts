/**
 * CloudWatch's metric operations in its wire protocols against the sandbox
 * router and a MetricSource whose every sample is known (cloudwatchHarness.ts):
 * RPC v2 CBOR (what the AWS CLI speaks), awsQuery and awsJson1_0; statistics,
 * limits, metric math, paging, authorization and fault naming.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { operationOf } from '../../../src/sandbox/faults/operations';
import type { MetricId } from '../../../src/sandbox/simulation/metrics/types';
import { CloudWatchHarness, epochMs, ERRORS, HEADERS, MINUTE, WEB } from './cloudwatchHarness';

let h: CloudWatchHarness;

beforeEach(async () => {
  h = await CloudWatchHarness.open();
});

interface Datapoint {
  Timestamp: unknown;
  Sum?: number;
  Average?: number;
  Minimum?: number;
  Maximum?: number;
  SampleCount?: number;
  Unit: string;
  ExtendedStatistics?: Record<string, number>;
}

describe('CloudWatch over RPC v2 CBOR', () => {
  it('ListMetrics filters by namespace, name and dimension, and pages 500 at a time', async () => {
    const filtered = await h.ok<{ Metrics: unknown[] }>('ListMetrics', {
      Namespace: 'Test/App',
      Dimensions: [{ Name: 'Service' }],
      MetricName: 'Errors',
    });
    expect(filtered.Metrics).toEqual([
      { Namespace: 'Test/App', MetricName: 'Errors', Dimensions: [{ Name: 'Service', Value: 'web' }] },
    ]);
    const first = await h.ok<{ Metrics: unknown[]; NextToken?: string }>('ListMetrics', { Namespace: 'Test/Many' });
    expect(first.Metrics).toHaveLength(500);
    expect(first.NextToken).toEqual(expect.any(String));
    const second = await h.ok<{ Metrics: unknown[]; NextToken?: string }>('ListMetrics', {
      Namespace: 'Test/Many',
      NextToken: first.NextToken,
    });
    expect(second.Metrics).toHaveLength(120);
    expect(second.NextToken).toBeUndefined();
    expect(await h.failure('ListMetrics', { NextToken: 'not-ours' })).toMatchObject({
      status: 400,
      code: 'InvalidParameterValue',
    });
    expect(h.actions).toContain('cloudwatch:ListMetrics');
  });

  it('GetMetricStatistics computes every statistic and percentile from the samples of each period', async () => {
    // The last 20 minutes in 10-minute periods: each holds Requests 0..9 once.
    const out = await h.ok<{ Label: string; Datapoints: Datapoint[] }>('GetMetricStatistics', {
      Namespace: 'Test/App',
      MetricName: 'Requests',
      Dimensions: [{ Name: 'Service', Value: 'web' }],
      StartTime: h.at(20),
      EndTime: h.at(0),
      Period: 600,
      Statistics: ['Sum', 'Average', 'Minimum', 'Maximum', 'SampleCount'],
      ExtendedStatistics: ['p50', 'p99.9'],
    });
    expect(out.Label).toBe('Requests');
    expect(out.Datapoints).toHaveLength(2);
    for (const point of out.Datapoints) {
      expect(point).toMatchObject({ Sum: 45, Average: 4.5, Minimum: 0, Maximum: 9, SampleCount: 10, Unit: 'Count' });
      expect(point.ExtendedStatistics).toEqual({ p50: 4, 'p99.9': 9 });
    }
    expect(out.Datapoints.map((p) => epochMs(p.Timestamp))).toEqual([h.clock - 20 * MINUTE, h.clock - 10 * MINUTE]);
  });

  it('GetMetricStatistics takes high-resolution periods within the last three hours only, as CloudWatch keeps them', async () => {
    const query = {
      Namespace: 'Test/App',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'Service', Value: 'web' }],
      Statistics: ['SampleCount'],
      Period: 30,
    };
    const recent = await h.ok<{ Datapoints: Datapoint[] }>('GetMetricStatistics', {
      ...query,
      StartTime: h.at(10),
      EndTime: h.at(0),
    });
    expect(recent.Datapoints.map((p) => p.SampleCount)).toEqual(Array.from({ length: 10 }, () => 1));
    const older = await h.ok<{ Datapoints: Datapoint[] }>('GetMetricStatistics', {
      ...query,
      StartTime: h.at(181),
      EndTime: h.at(170),
    });
    expect(older.Datapoints).toEqual([]);
    const sameRangeByMinute = await h.ok<{ Datapoints: Datapoint[] }>('GetMetricStatistics', {
      ...query,
      Period: 60,
      StartTime: h.at(181),
      EndTime: h.at(170),
    });
    expect(sameRangeByMinute.Datapoints).toHaveLength(11);
  });

  it('GetMetricStatistics refuses what AWS refuses, with its codes and messages', async () => {
    const base = {
      Namespace: 'Test/App',
      MetricName: 'Requests',
      Dimensions: [{ Name: 'Service', Value: 'web' }],
      Statistics: ['Sum'],
    };
    expect(
      await h.failure('GetMetricStatistics', { ...base, StartTime: h.at(1441), EndTime: h.at(0), Period: 60 }),
    ).toEqual({
      status: 400,
      code: 'InvalidParameterCombination',
      type: 'com.amazonaws.cloudwatch#InvalidParameterCombinationException',
      message:
        'You have requested up to 1441 datapoints, which exceeds the limit of 1440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.',
    });
    expect(
      (
        await h.ok<{ Datapoints: unknown[] }>('GetMetricStatistics', {
          ...base,
          StartTime: h.at(1440),
          EndTime: h.at(0),
          Period: 60,
        })
      ).Datapoints,
    ).toHaveLength(1440);
    expect(
      await h.failure('GetMetricStatistics', { ...base, StartTime: h.at(60), EndTime: h.at(0), Period: 90 }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message: 'The parameter Period must be a multiple of 60.',
    });
    expect(
      await h.failure('GetMetricStatistics', { ...base, StartTime: h.at(0), EndTime: h.at(60), Period: 60 }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message: 'The parameter StartTime must be less than the parameter EndTime.',
    });
    expect(
      await h.failure('GetMetricStatistics', {
        Namespace: 'Test/App',
        StartTime: h.at(60),
        EndTime: h.at(0),
        Period: 60,
        Statistics: ['Sum'],
      }),
    ).toMatchObject({ status: 400, code: 'MissingParameter', message: 'The parameter MetricName is required.' });
    expect(
      await h.failure('GetMetricStatistics', {
        ...base,
        Statistics: ['Median'],
        StartTime: h.at(60),
        EndTime: h.at(0),
        Period: 60,
      }),
    ).toMatchObject({ code: 'InvalidParameterValue' });
  });

  it('GetMetricData evaluates metric math over hidden queries and pages by MaxDatapoints', async () => {
    const stat = (id: MetricId, name: string) => ({
      Metric: { Namespace: id.namespace, MetricName: id.metricName, Dimensions: [{ Name: 'Service', Value: 'web' }] },
      Period: 300,
      Stat: name,
    });
    const queries = [
      { Id: 'req', MetricStat: stat(WEB, 'Sum'), ReturnData: false },
      { Id: 'err', MetricStat: stat(ERRORS, 'Sum'), ReturnData: false },
      { Id: 'rate', Expression: '100*(err/req)', Label: 'Error rate' },
      { Id: 'shifted', Expression: '-(req - 2) * 0.5 + 1' },
    ];
    // Each 5-minute period of Requests holds either 0..4 (sum 10) or 5..9 (sum 35); Errors sum to 5.
    const out = await h.ok<{
      MetricDataResults: Array<{
        Id: string;
        Label: string;
        Values: number[];
        Timestamps: unknown[];
        StatusCode: string;
      }>;
    }>('GetMetricData', {
      MetricDataQueries: queries,
      StartTime: h.at(30),
      EndTime: h.at(0),
      ScanBy: 'TimestampAscending',
    });
    expect(out.MetricDataResults.map((r) => [r.Id, r.Label, r.StatusCode])).toEqual([
      ['rate', 'Error rate', 'Complete'],
      ['shifted', 'shifted', 'Complete'],
    ]);
    const [rate, shifted] = out.MetricDataResults;
    const expected = [50, 100 / 7, 50, 100 / 7, 50, 100 / 7];
    expect(rate?.Values).toHaveLength(expected.length);
    rate?.Values.forEach((value, index) => expect(value).toBeCloseTo(expected[index] ?? Number.NaN, 9));
    expect(shifted?.Values).toEqual([-3, -15.5, -3, -15.5, -3, -15.5]);
    const times = rate?.Timestamps.map(epochMs) ?? [];
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const seen: number[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const next = await h.ok<{
        MetricDataResults: Array<{ Values: number[]; StatusCode: string }>;
        NextToken?: string;
      }>('GetMetricData', {
        MetricDataQueries: queries,
        StartTime: h.at(30),
        EndTime: h.at(0),
        MaxDatapoints: 4,
        ...(token ? { NextToken: token } : {}),
      });
      seen.push(...next.MetricDataResults.flatMap((r) => r.Values));
      token = next.NextToken;
      if (token === undefined) break;
    }
    expect(seen).toHaveLength(12);
    expect(token).toBeUndefined();
  });

  it('GetMetricData refuses an unknown reference, a bad id and more than 500 queries', async () => {
    const window = { StartTime: h.at(30), EndTime: h.at(0) };
    expect(
      await h.failure('GetMetricData', { ...window, MetricDataQueries: [{ Id: 'x', Expression: 'y*2' }] }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
    });
    expect(
      await h.failure('GetMetricData', {
        ...window,
        MetricDataQueries: [
          { Id: 'Upper', MetricStat: { Metric: { Namespace: 'a', MetricName: 'b' }, Period: 60, Stat: 'Sum' } },
        ],
      }),
    ).toMatchObject({ code: 'InvalidParameterValue' });
    const many = Array.from({ length: 501 }, (_, i) => ({ Id: `e${i}`, Expression: '1+1' }));
    expect(await h.failure('GetMetricData', { ...window, MetricDataQueries: many })).toMatchObject({
      code: 'InvalidParameterValue',
      message: 'The collection MetricDataQueries must not have a size greater than 500.',
    });
  });

  it('names the operation for fault injection in each protocol', () => {
    const request = (path: string, headers: Record<string, string>, body = '') => ({
      method: 'POST',
      path,
      query: new URLSearchParams(),
      headers,
      body: Buffer.from(body),
    });
    expect(
      operationOf(
        'monitoring',
        request('/service/GraniteServiceVersion20100801/operation/GetMetricData', { 'smithy-protocol': 'rpc-v2-cbor' }),
      ),
    ).toBe('GetMetricData');
    expect(
      operationOf('monitoring', request('/', { 'x-amz-target': 'GraniteServiceVersion20100801.ListMetrics' })),
    ).toBe('ListMetrics');
    expect(operationOf('monitoring', request('/', {}, 'Action=DescribeAlarms&Version=2010-08-01'))).toBe(
      'DescribeAlarms',
    );
  });

  it('a h.denied action is refused before anything is read', async () => {
    h.denied.add('cloudwatch:PutMetricAlarm');
    expect(await h.failure('PutMetricAlarm', { AlarmName: 'x' })).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(h.store.document.cloudwatch).toBeUndefined();
  });

  it('alarm writes are authorized on the alarms they name, reads on *', async () => {
    await h.callCbor('SetAlarmState', { AlarmName: 'pager', StateValue: 'OK', StateReason: 'x' });
    await h.callCbor('DeleteAlarms', { AlarmNames: ['a', 'b'] });
    await h.callCbor('DescribeAlarms', {});
    const arn = (name: string) => `arn:aws:cloudwatch:us-east-1:${h.store.document.account.id}:alarm:${name}`;
    expect(h.resources).toEqual([[arn('pager')], [arn('a'), arn('b')], undefined]);
  });
});

describe('CloudWatch over awsQuery and awsJson1_0', () => {
  it('awsQuery: ListMetrics and GetMetricStatistics answer XML with member lists and extended-statistic entries', async () => {
    const listed = await h.callQuery({ Action: 'ListMetrics', Namespace: 'Test/Other' });
    expect(listed.status).toBe(200);
    expect(listed.body).toContain(
      '<ListMetricsResult><Metrics><member><Namespace>Test/Other</Namespace><MetricName>Load</MetricName><Dimensions/></member></Metrics></ListMetricsResult>',
    );
    const stats = await h.callQuery({
      Action: 'GetMetricStatistics',
      Namespace: 'Test/App',
      MetricName: 'Requests',
      'Dimensions.member.1.Name': 'Service',
      'Dimensions.member.1.Value': 'web',
      StartTime: h.at(10).toISOString(),
      EndTime: h.at(0).toISOString(),
      Period: '600',
      'Statistics.member.1': 'Maximum',
      'ExtendedStatistics.member.1': 'p90',
    });
    expect(stats.status).toBe(200);
    expect(stats.body).toContain('<Maximum>9</Maximum>');
    expect(stats.body).toContain(
      '<ExtendedStatistics><entry><key>p90</key><value>8</value></entry></ExtendedStatistics>',
    );
    expect(stats.body).toContain(`<Timestamp>${h.at(10).toISOString().replace('.000Z', 'Z')}</Timestamp>`);
    const refused = await h.callQuery({ Action: 'GetMetricStatistics', Namespace: 'Test/App' });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('<Code>MissingParameter</Code>');
  });

  it('awsJson1_0: X-Amz-Target GraniteServiceVersion20100801.ListMetrics', async () => {
    const response = await h.router({
      method: 'POST',
      path: '/',
      query: new URLSearchParams(),
      headers: {
        ...HEADERS,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'GraniteServiceVersion20100801.ListMetrics',
      },
      body: Buffer.from(JSON.stringify({ Namespace: 'Test/Other' })),
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(String(response.body))).toEqual({
      Metrics: [{ Namespace: 'Test/Other', MetricName: 'Load', Dimensions: [] }],
    });
  });
});
