/**
 * The sandbox's alarm evaluation on a scripted metric: M of N breaching, and
 * CloudWatch's own reason when every period was missing and the alarm treats
 * missing data as breaching or not.
 */
import { describe, expect, it } from 'vitest';
import { evaluateAlarm } from '../../../src/sandbox/services/cloudwatch/alarmEvaluation';
import type { MetricSource, PeriodSamples } from '../../../src/sandbox/simulation/metrics/types';
import type { AlarmState } from '../../../src/sandbox/state/cloudwatchState';

const NOW = new Date('2026-12-06T12:00:30.000Z');

/** One value a minute for the minutes given, counted back from the last whole minute before NOW. */
function source(valuesNewestLast: readonly number[]): MetricSource {
  return {
    list: () => [],
    samples: (_id, start, end) => {
      const out: PeriodSamples[] = [];
      valuesNewestLast.forEach((value, i) => {
        const timestamp = new Date(end.getTime() - (valuesNewestLast.length - i) * 60_000);
        if (timestamp >= start) out.push({ timestamp, values: [value], unit: 'Count' });
      });
      return out;
    },
  };
}

function alarm(overrides: Partial<AlarmState>): AlarmState {
  return {
    name: 'a',
    arn: 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:a',
    namespace: 'AWS/ElasticBeanstalk',
    metricName: 'ApplicationRequests5xx',
    dimensions: [{ name: 'EnvironmentName', value: 'orders-prod' }],
    statistic: 'Sum',
    period: 60,
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    threshold: 10,
    comparisonOperator: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    actionsEnabled: true,
    alarmActions: [],
    okActions: [],
    insufficientDataActions: [],
    stateValue: 'INSUFFICIENT_DATA',
    stateReason: 'Unchecked: Initial alarm creation',
    stateUpdated: '2026-12-06T11:50:00.000Z',
    stateTransitioned: '2026-12-06T11:50:00.000Z',
    configurationUpdated: '2026-12-06T11:50:00.000Z',
    ...overrides,
  };
}

describe('alarm evaluation', () => {
  it('goes to ALARM only when M of the last N periods breach', () => {
    expect(evaluateAlarm(alarm({}), source([11, 12, 13, 14, 15]), NOW).stateValue).toBe('ALARM');
    expect(evaluateAlarm(alarm({}), source([11, 12, 3, 14, 15]), NOW).stateValue).toBe('OK');
    expect(evaluateAlarm(alarm({ datapointsToAlarm: 4 }), source([11, 12, 3, 14, 15]), NOW).stateValue).toBe('ALARM');
  });

  it('says what CloudWatch says when no period had data and missing data is treated as not breaching', () => {
    const result = evaluateAlarm(alarm({}), source([]), NOW);
    expect(result.stateValue).toBe('OK');
    expect(result.stateReason).toBe(
      'Threshold Crossed: no datapoints were received for 5 periods and 5 missing datapoints were treated as [NonBreaching].',
    );
  });

  it('and as breaching, for one period', () => {
    const result = evaluateAlarm(
      alarm({ evaluationPeriods: 1, datapointsToAlarm: 1, treatMissingData: 'breaching' }),
      source([]),
      NOW,
    );
    expect(result.stateValue).toBe('ALARM');
    expect(result.stateReason).toBe(
      'Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [Breaching].',
    );
  });

  it('is INSUFFICIENT_DATA with no data when missing data is missing', () => {
    const result = evaluateAlarm(alarm({ treatMissingData: 'missing' }), source([]), NOW);
    expect(result).toMatchObject({
      stateValue: 'INSUFFICIENT_DATA',
      stateReason: 'Insufficient Data: 5 datapoints were unknown.',
    });
  });
});
