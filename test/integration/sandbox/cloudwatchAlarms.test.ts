/**
 * CloudWatch alarms in the sandbox: stored in the state, INSUFFICIENT_DATA at
 * creation, evaluated from the metrics (cloudwatchHarness.ts) once a period
 * has passed, SetAlarmState, deletes, AWS's errors, and old state files.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { stateDocumentSchema } from '../../../src/sandbox/state/document';
import { CloudWatchHarness, MINUTE } from './cloudwatchHarness';

let h: CloudWatchHarness;

beforeEach(async () => {
  h = await CloudWatchHarness.open();
});

describe('CloudWatch alarms', () => {
  const alarm = (name: string, threshold: number) => ({
    AlarmName: name,
    Namespace: 'Test/App',
    MetricName: 'Errors',
    Dimensions: [{ Name: 'Service', Value: 'web' }],
    Statistic: 'Sum',
    Period: 300,
    EvaluationPeriods: 2,
    Threshold: threshold,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  });
  interface Alarms {
    MetricAlarms: Array<{ AlarmName: string; StateValue: string; StateReason: string }>;
  }

  it('start INSUFFICIENT_DATA, are evaluated from the metrics a period later, and keep the state SetAlarmState gives', async () => {
    await h.ok('PutMetricAlarm', alarm('errors-high', 5));
    await h.ok('PutMetricAlarm', alarm('errors-extreme', 6));
    const created = await h.ok<Alarms>('DescribeAlarms', {});
    expect(created.MetricAlarms.map((a) => [a.AlarmName, a.StateValue])).toEqual([
      ['errors-extreme', 'INSUFFICIENT_DATA'],
      ['errors-high', 'INSUFFICIENT_DATA'],
    ]);
    h.clock += 5 * MINUTE;
    const evaluated = await h.ok<Alarms>('DescribeAlarms', {});
    expect(evaluated.MetricAlarms.map((a) => [a.AlarmName, a.StateValue])).toEqual([
      ['errors-extreme', 'OK'],
      ['errors-high', 'ALARM'],
    ]);
    expect(evaluated.MetricAlarms[1]?.StateReason).toMatch(/^Threshold Crossed: 2 out of the last 2 datapoints/);
    await h.ok('SetAlarmState', { AlarmName: 'errors-high', StateValue: 'OK', StateReason: 'manual test' });
    const set = await h.ok<Alarms>('DescribeAlarms', { StateValue: 'OK' });
    expect(set.MetricAlarms.map((a) => [a.AlarmName, a.StateReason])).toEqual([
      ['errors-extreme', expect.stringContaining('Threshold Crossed')],
      ['errors-high', 'manual test'],
    ]);
    const forMetric = await h.ok<Alarms>('DescribeAlarmsForMetric', {
      Namespace: 'Test/App',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'Service', Value: 'web' }],
    });
    expect(forMetric.MetricAlarms).toHaveLength(2);
    // The state file still validates with the alarms in it.
    expect(stateDocumentSchema.safeParse(h.store.document).success).toBe(true);
  });

  it('refuses bad requests and unknown names with AWS codes, and deletes nothing from a batch with a typo', async () => {
    expect(await h.failure('PutMetricAlarm', { ...alarm('a', 1), ComparisonOperator: 'Bigger' })).toMatchObject({
      code: 'InvalidParameterValue',
    });
    expect(await h.failure('PutMetricAlarm', { ...alarm('a', 1), Statistic: null })).toMatchObject({
      code: 'InvalidParameterCombination',
    });
    await h.ok('PutMetricAlarm', alarm('keep-me', 5));
    expect(await h.failure('DescribeAlarms', { AlarmNames: ['keep-me'], AlarmNamePrefix: 'k' })).toMatchObject({
      code: 'InvalidParameterCombination',
    });
    expect(await h.failure('SetAlarmState', { AlarmName: 'nope', StateValue: 'OK', StateReason: 'x' })).toMatchObject({
      status: 404,
      code: 'ResourceNotFound',
    });
    expect(await h.failure('DeleteAlarms', { AlarmNames: ['keep-me', 'nope'] })).toMatchObject({
      status: 404,
      code: 'ResourceNotFound',
    });
    expect(h.store.document.cloudwatch?.alarms.map((a) => a.name)).toEqual(['keep-me']);
    const deleted = await h.callQuery({ Action: 'DeleteAlarms', 'AlarmNames.member.1': 'keep-me' });
    expect(deleted.status).toBe(200);
    expect(h.store.document.cloudwatch?.alarms).toEqual([]);
  });

  it('a state document written before CloudWatch existed still loads', () => {
    const { cloudwatch: _absent, ...older } = JSON.parse(JSON.stringify(h.store.document)) as Record<string, unknown>;
    expect(stateDocumentSchema.safeParse(older).success).toBe(true);
  });
});
