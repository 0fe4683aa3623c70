/**
 * The CloudWatch alarms on an environment's metrics (AWS/ElasticBeanstalk,
 * EnvironmentName) and on its database's (AWS/RDS, DBInstanceIdentifier).
 * One paged DescribeAlarms reads them all: DescribeAlarmsForMetric would take
 * a call per metric name, and CloudWatch has no dimension filter. Only when
 * an RDS alarm exists is the environment's database looked for, as the
 * Monitoring tab finds it (monitoringTargets.ts: a property or an SSM secret
 * naming the DB). That costs up to five reads (DescribeEnvironments,
 * DescribeConfigurationSettings, GetParameters, DescribeDBInstances and the
 * tab's DescribeEnvironmentResources), none when the tab found them in the
 * last two minutes.
 */
import { DescribeAlarmsCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import {
  type AlarmDefinition,
  type AlarmStateValue,
  type AlarmSummary,
  alarmStateValues,
  comparisonOperators,
  conditionInWords,
  type EnvironmentAlarms,
  isTrellisAlarm,
  presetAlarmName,
  type Target,
} from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { monitoringTargets } from './monitoringTargets';

/** 100 alarms a page (DescribeAlarms' most): ten pages are a thousand alarms in the region before the list says it was cut. */
const PAGE_SIZE = 100;
const MAX_PAGES = 10;

export const BEANSTALK_NAMESPACE = 'AWS/ElasticBeanstalk';
const RDS_NAMESPACE = 'AWS/RDS';

/** Every metric alarm of the region, up to the page bound. */
async function describeAllAlarms(
  aws: ClientFactory,
  target: Target,
): Promise<{ alarms: MetricAlarm[]; calls: number; truncated: boolean }> {
  return aws.call(target, 'cloudwatch', 'DescribeAlarms', async (client) => {
    const alarms: MetricAlarm[] = [];
    let token: string | undefined;
    let calls = 0;
    do {
      calls++;
      const page = await client.send(
        new DescribeAlarmsCommand({
          AlarmTypes: ['MetricAlarm'],
          MaxRecords: PAGE_SIZE,
          ...(token ? { NextToken: token } : {}),
        }),
      );
      alarms.push(...(page.MetricAlarms ?? []));
      token = page.NextToken;
    } while (token && calls < MAX_PAGES);
    return { alarms, calls, truncated: token !== undefined };
  });
}

/** One alarm by exact name, or undefined when there is none. */
export async function readAlarm(
  aws: ClientFactory,
  target: Target,
  alarmName: string,
): Promise<MetricAlarm | undefined> {
  return aws.call(target, 'cloudwatch', 'DescribeAlarms', async (client) => {
    const out = await client.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName], AlarmTypes: ['MetricAlarm'] }));
    return (out.MetricAlarms ?? []).find((a) => a.AlarmName === alarmName);
  });
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : undefined;
}

const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
const TREATMENTS = ['breaching', 'notBreaching', 'ignore', 'missing'] as const;

/**
 * What PutMetricAlarm needs to put this alarm back as it is; undefined for a
 * metric-math alarm or one whose operator Trellis cannot write back, so such
 * an alarm is never deleted with an undo that would lose it.
 */
export function definitionOf(alarm: MetricAlarm): AlarmDefinition | undefined {
  const comparisonOperator = oneOf(alarm.ComparisonOperator, comparisonOperators);
  if (
    !alarm.AlarmName ||
    !alarm.Namespace ||
    !alarm.MetricName ||
    !comparisonOperator ||
    alarm.Period === undefined ||
    alarm.EvaluationPeriods === undefined ||
    alarm.Threshold === undefined
  ) {
    return undefined;
  }
  const statistic = oneOf(alarm.Statistic, STATISTICS);
  const treatMissingData = oneOf(alarm.TreatMissingData, TREATMENTS);
  return {
    alarmName: alarm.AlarmName,
    ...(alarm.AlarmDescription ? { description: alarm.AlarmDescription } : {}),
    namespace: alarm.Namespace,
    metricName: alarm.MetricName,
    dimensions: (alarm.Dimensions ?? []).map((d) => ({ name: d.Name ?? '', value: d.Value ?? '' })),
    ...(statistic ? { statistic } : {}),
    ...(alarm.ExtendedStatistic ? { extendedStatistic: alarm.ExtendedStatistic } : {}),
    ...(alarm.Unit ? { unit: alarm.Unit } : {}),
    period: alarm.Period,
    evaluationPeriods: alarm.EvaluationPeriods,
    ...(alarm.DatapointsToAlarm !== undefined ? { datapointsToAlarm: alarm.DatapointsToAlarm } : {}),
    threshold: alarm.Threshold,
    comparisonOperator,
    ...(treatMissingData ? { treatMissingData } : {}),
    actionsEnabled: alarm.ActionsEnabled ?? true,
    alarmActions: alarm.AlarmActions ?? [],
    okActions: alarm.OKActions ?? [],
    insufficientDataActions: alarm.InsufficientDataActions ?? [],
  };
}

function dimension(alarm: MetricAlarm, name: string): string | undefined {
  return alarm.Dimensions?.find((d) => d.Name === name)?.Value;
}

/** The alarm's metric in words; a metric-math alarm is named by its expression, which is what it compares. */
function conditionOf(alarm: MetricAlarm): string {
  const definition = definitionOf(alarm);
  if (definition) return conditionInWords(definition);
  const expression = alarm.Metrics?.find((m) => m.ReturnData !== false)?.Expression;
  const operator = alarm.ComparisonOperator ?? 'compared with';
  return `${expression ?? alarm.MetricName ?? 'metric'} ${operator} ${alarm.Threshold ?? '?'}`;
}

function summaryOf(alarm: MetricAlarm, scope: AlarmSummary['scope'], resource: string, env: string): AlarmSummary {
  const name = alarm.AlarmName ?? '';
  return {
    name,
    ...(alarm.AlarmArn ? { arn: alarm.AlarmArn } : {}),
    ...(alarm.AlarmDescription ? { description: alarm.AlarmDescription } : {}),
    scope,
    resource,
    namespace: alarm.Namespace ?? '',
    metricName: alarm.MetricName ?? '',
    condition: conditionOf(alarm),
    state: oneOf<AlarmStateValue>(alarm.StateValue, alarmStateValues) ?? 'INSUFFICIENT_DATA',
    stateReason: alarm.StateReason ?? '',
    ...(alarm.StateUpdatedTimestamp ? { stateUpdated: alarm.StateUpdatedTimestamp.toISOString() } : {}),
    madeByTrellis: isTrellisAlarm(name, env),
  };
}

export async function environmentAlarms(
  aws: ClientFactory,
  target: Target,
  environmentName: string,
  /** The endpoint's clock, as the Monitoring tab's look-ups are remembered by it (handlers.ts: awsNow). */
  nowMs: number = Date.now(),
): Promise<EnvironmentAlarms> {
  const { alarms, calls, truncated } = await describeAllAlarms(aws, target);
  const onEnvironment = alarms.filter(
    (a) => a.Namespace === BEANSTALK_NAMESPACE && dimension(a, 'EnvironmentName') === environmentName,
  );
  let databases: string[] = [];
  let databasesProblem: EnvironmentAlarms['databasesProblem'];
  if (alarms.some((a) => a.Namespace === RDS_NAMESPACE)) {
    const { database, databaseProblem } = await monitoringTargets(aws, target, environmentName, nowMs);
    if (database) databases = [database.id];
    // A problem beside a database found (a secret unreadable, a property naming it) hides no alarm.
    else if (databaseProblem) databasesProblem = databaseProblem;
  }
  const onDatabases = alarms.flatMap((a) => {
    const id = a.Namespace === RDS_NAMESPACE ? dimension(a, 'DBInstanceIdentifier') : undefined;
    return id && databases.includes(id) ? [{ alarm: a, id }] : [];
  });
  const healthName = presetAlarmName(environmentName, 'healthSevere');
  return {
    environmentName,
    databases,
    ...(databasesProblem ? { databasesProblem } : {}),
    alarms: [
      ...onEnvironment.map((a) => summaryOf(a, 'environment', environmentName, environmentName)),
      ...onDatabases.map(({ alarm, id }) => summaryOf(alarm, 'database', id, environmentName)),
    ],
    presets: {
      healthSevere: { alarmName: healthName, exists: alarms.some((a) => a.AlarmName === healthName) },
      errors5xxPrefix: `trellis-${environmentName}-5xx-above-`,
    },
    calls,
    truncated,
    readAt: new Date().toISOString(),
  };
}
