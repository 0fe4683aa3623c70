/**
 * Alarm state from the metrics, evaluated lazily when alarms are read: an
 * alarm is judged again once a whole period has passed since its state was
 * last set (by creation, SetAlarmState or an earlier evaluation), over its
 * last EvaluationPeriods periods, M of N breaching making it ALARM.
 */
import type { AlarmState } from '../../state/cloudwatchState';
import type { MetricSource } from '../../simulation/metrics/types';
import { statistic } from './statistics';

export interface Evaluation {
  readonly stateValue: AlarmState['stateValue'];
  readonly stateReason: string;
  readonly stateReasonData: string;
}

const WORDS: Readonly<Record<AlarmState['comparisonOperator'], string>> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

function breaches(alarm: AlarmState, value: number): boolean {
  switch (alarm.comparisonOperator) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= alarm.threshold;
    case 'GreaterThanThreshold':
      return value > alarm.threshold;
    case 'LessThanThreshold':
      return value < alarm.threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= alarm.threshold;
  }
}

/** `dd/MM/yy HH:mm:ss`, as CloudWatch prints datapoints in a state reason. */
function reasonTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCFullYear() % 100)} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/** Whether the alarm is due a new evaluation at `now`. */
export function isDue(alarm: AlarmState, now: Date): boolean {
  return now.getTime() - Date.parse(alarm.stateUpdated) >= alarm.period * 1000;
}

export function evaluateAlarm(alarm: AlarmState, source: MetricSource, now: Date): Evaluation {
  const periodMs = alarm.period * 1000;
  // Only whole periods count: the one in progress is not yet complete.
  const end = new Date(Math.floor(now.getTime() / periodMs) * periodMs);
  const start = new Date(end.getTime() - alarm.evaluationPeriods * periodMs);
  const id = {
    namespace: alarm.namespace,
    metricName: alarm.metricName,
    dimensions: alarm.dimensions.map((d) => ({ name: d.name, value: d.value })),
  };
  const stat = alarm.statistic ?? alarm.extendedStatistic ?? 'Average';
  const points = source
    .samples(id, start, end, alarm.period, now)
    .filter((p) => alarm.unit === undefined || p.unit === alarm.unit)
    .map((p) => ({ time: p.timestamp, value: statistic(stat, p.values) }))
    .sort((a, b) => b.time.getTime() - a.time.getTime());
  const needed = alarm.datapointsToAlarm ?? alarm.evaluationPeriods;
  const missing = alarm.evaluationPeriods - points.length;
  const treat = alarm.treatMissingData ?? 'missing';
  const breaching = points.filter((p) => breaches(alarm, p.value)).length + (treat === 'breaching' ? missing : 0);
  const data = JSON.stringify({
    version: '1.0',
    queryDate: now.toISOString(),
    startDate: start.toISOString(),
    statistic: stat,
    period: alarm.period,
    recentDatapoints: points.map((p) => p.value),
    threshold: alarm.threshold,
  });
  const listed = `[${points.map((p) => `${p.value} (${reasonTime(p.time)})`).join(', ')}]`;
  if (points.length === 0 && (treat === 'missing' || treat === 'ignore'))
    return {
      stateValue: treat === 'ignore' ? alarm.stateValue : 'INSUFFICIENT_DATA',
      stateReason: `Insufficient Data: ${alarm.evaluationPeriods} datapoint${alarm.evaluationPeriods === 1 ? ' was' : 's were'} unknown.`,
      stateReasonData: data,
    };
  if (points.length === 0) {
    // CloudWatch's own wording when every period was missing and the alarm says how to treat that.
    const n = alarm.evaluationPeriods;
    return {
      stateValue: breaching >= needed ? 'ALARM' : 'OK',
      stateReason: `Threshold Crossed: no datapoints were received for ${n} period${n === 1 ? '' : 's'} and ${n} missing datapoint${n === 1 ? ' was' : 's were'} treated as [${treat === 'breaching' ? 'Breaching' : 'NonBreaching'}].`,
      stateReasonData: data,
    };
  }
  const count = treat === 'missing' || treat === 'ignore' ? points.length : alarm.evaluationPeriods;
  const words = WORDS[alarm.comparisonOperator];
  if (breaching >= needed)
    return {
      stateValue: 'ALARM',
      stateReason: `Threshold Crossed: ${breaching} out of the last ${count} datapoints ${listed} ${breaching === 1 ? 'was' : 'were'} ${words} the threshold (${alarm.threshold}).`,
      stateReasonData: data,
    };
  return {
    stateValue: 'OK',
    stateReason: `Threshold Crossed: ${count - breaching} out of the last ${count} datapoints ${listed} ${count - breaching === 1 ? 'was' : 'were'} not ${words} the threshold (${alarm.threshold}).`,
    stateReasonData: data,
  };
}
