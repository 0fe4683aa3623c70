/**
 * Metric alarms: PutMetricAlarm, DescribeAlarms, DescribeAlarmsForMetric,
 * SetAlarmState and DeleteAlarms. Alarms are stored in the state; their
 * state is evaluated from the metrics when they are read (alarmEvaluation.ts).
 */
import { AwsError } from '../../errors';
import { isoSeconds } from '../../protocols/xml';
import type { RequestContext } from '../../serviceModule';
import type { MetricSource } from '../../simulation/metrics/types';
import { partitionOfAccount } from '../../state/arns';
import { ALARM_STATES, type AlarmState, COMPARISON_OPERATORS, TREAT_MISSING_DATA } from '../../state/cloudwatchState';
import { evaluateAlarm, isDue } from './alarmEvaluation';
import {
  exactDimensions,
  type Input,
  invalidCombination,
  invalidValue,
  missing,
  optionalBoolean,
  optionalInteger,
  optionalString,
  requiredNumber,
  requiredString,
  stringList,
} from './input';
import { decodeOffset, encodeOffset } from './metrics';
import { checkPeriod, isExtendedStatistic, isStandardStatistic } from './statistics';
import type { OutputNode } from './wire';

export interface AlarmsContext {
  readonly request: RequestContext;
  readonly source: MetricSource;
  readonly now: Date;
}

const MAX_ALARM_ACTIONS = 5;

export function alarmArn(request: RequestContext, name: string): string {
  const { account } = request.store.document;
  return `arn:${partitionOfAccount(account)}:cloudwatch:${request.region}:${account.id}:alarm:${name}`;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw invalidValue(`The value ${value} for parameter ${name} is not valid. Valid values: ${allowed.join(', ')}.`);
  return value as T;
}

function actions(input: Input, name: string): string[] {
  const list = stringList(input, name);
  if (list.length > MAX_ALARM_ACTIONS)
    throw invalidValue(`The collection ${name} must not have a size greater than ${MAX_ALARM_ACTIONS}.`);
  return list;
}

function alarmNotFound(names: readonly string[]): AwsError {
  return new AwsError('ResourceNotFound', `The following alarms were not found: ${names.join(', ')}.`, 404);
}

export function putMetricAlarm(input: Input, { request, now }: AlarmsContext): OutputNode {
  const name = requiredString(input, 'AlarmName');
  if (name.length > 255) throw invalidValue('The parameter AlarmName must be at most 255 characters long.');
  if (input['Metrics'] !== undefined)
    throw invalidValue('The Trellis sandbox does not support metric math alarms; give Namespace and MetricName.');
  const statistic = optionalString(input, 'Statistic');
  const extendedStatistic = optionalString(input, 'ExtendedStatistic');
  if ((statistic === undefined) === (extendedStatistic === undefined))
    throw invalidCombination('Exactly one of the parameters Statistic and ExtendedStatistic must be specified.');
  if (statistic !== undefined && !isStandardStatistic(statistic))
    throw invalidValue(`The value ${statistic} for parameter Statistic is not valid.`);
  if (extendedStatistic !== undefined && !isExtendedStatistic(extendedStatistic))
    throw invalidValue(`The value ${extendedStatistic} for parameter ExtendedStatistic is not valid.`);
  const period = requiredNumber(input, 'Period');
  checkPeriod(period);
  if (period < 60 && period !== 10 && period !== 30)
    throw invalidValue('The parameter Period must be 10, 30 or a multiple of 60 for an alarm.');
  const evaluationPeriods = optionalInteger(input, 'EvaluationPeriods');
  if (evaluationPeriods === undefined) throw missing('EvaluationPeriods');
  if (evaluationPeriods < 1) throw invalidValue('The parameter EvaluationPeriods must be greater than 0.');
  const datapointsToAlarm = optionalInteger(input, 'DatapointsToAlarm');
  if (datapointsToAlarm !== undefined && (datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods))
    throw invalidValue('DatapointsToAlarm must be between 1 and EvaluationPeriods.');
  const comparison = oneOf(optionalString(input, 'ComparisonOperator'), COMPARISON_OPERATORS, 'ComparisonOperator');
  if (comparison === undefined) throw missing('ComparisonOperator');
  const treat = oneOf(optionalString(input, 'TreatMissingData'), TREAT_MISSING_DATA, 'TreatMissingData');
  const description = optionalString(input, 'AlarmDescription');
  const unit = optionalString(input, 'Unit');
  const at = isoSeconds(now);
  const configuration = {
    name,
    arn: alarmArn(request, name),
    ...(description === undefined ? {} : { description }),
    namespace: requiredString(input, 'Namespace'),
    metricName: requiredString(input, 'MetricName'),
    dimensions: exactDimensions(input, 'Dimensions'),
    ...(statistic === undefined ? {} : { statistic }),
    ...(extendedStatistic === undefined ? {} : { extendedStatistic }),
    period,
    evaluationPeriods,
    ...(datapointsToAlarm === undefined ? {} : { datapointsToAlarm }),
    threshold: requiredNumber(input, 'Threshold'),
    comparisonOperator: comparison,
    ...(treat === undefined ? {} : { treatMissingData: treat }),
    ...(unit === undefined ? {} : { unit }),
    actionsEnabled: optionalBoolean(input, 'ActionsEnabled') ?? true,
    alarmActions: actions(input, 'AlarmActions'),
    okActions: actions(input, 'OKActions'),
    insufficientDataActions: actions(input, 'InsufficientDataActions'),
    configurationUpdated: at,
  };
  request.store.mutate((draft) => {
    draft.cloudwatch ??= { alarms: [] };
    const alarms = draft.cloudwatch.alarms;
    const index = alarms.findIndex((alarm) => alarm.name === name);
    const existing = alarms[index];
    // An update overwrites the configuration and leaves the state as it is, as AWS does.
    if (existing) alarms[index] = { ...existing, ...configuration };
    else
      alarms.push({
        ...configuration,
        stateValue: 'INSUFFICIENT_DATA',
        stateReason: 'Unchecked: Initial alarm creation',
        stateUpdated: at,
        stateTransitioned: at,
      });
  });
  return {};
}

/** Brings every due alarm's state up to date with the metrics, writing only when something changed. */
function refreshAlarms({ request, source, now }: AlarmsContext): readonly AlarmState[] {
  const alarms = request.store.document.cloudwatch?.alarms ?? [];
  const changes = new Map<string, ReturnType<typeof evaluateAlarm>>();
  for (const alarm of alarms) {
    if (!isDue(alarm, now)) continue;
    changes.set(alarm.name, evaluateAlarm(alarm, source, now));
  }
  if (changes.size === 0) return alarms;
  const at = isoSeconds(now);
  request.store.mutate((draft) => {
    for (const alarm of draft.cloudwatch?.alarms ?? []) {
      const evaluation = changes.get(alarm.name);
      if (!evaluation) continue;
      if (evaluation.stateValue !== alarm.stateValue) {
        alarm.stateTransitioned = at;
        alarm.stateReason = evaluation.stateReason;
        alarm.stateReasonData = evaluation.stateReasonData;
      }
      alarm.stateValue = evaluation.stateValue;
      alarm.stateUpdated = at;
    }
  });
  return request.store.document.cloudwatch?.alarms ?? [];
}

function alarmOutput(alarm: AlarmState): OutputNode {
  return {
    AlarmName: alarm.name,
    AlarmArn: alarm.arn,
    AlarmDescription: alarm.description,
    AlarmConfigurationUpdatedTimestamp: new Date(alarm.configurationUpdated),
    ActionsEnabled: alarm.actionsEnabled,
    OKActions: alarm.okActions,
    AlarmActions: alarm.alarmActions,
    InsufficientDataActions: alarm.insufficientDataActions,
    StateValue: alarm.stateValue,
    StateReason: alarm.stateReason,
    StateReasonData: alarm.stateReasonData,
    StateUpdatedTimestamp: new Date(alarm.stateUpdated),
    MetricName: alarm.metricName,
    Namespace: alarm.namespace,
    Statistic: alarm.statistic,
    ExtendedStatistic: alarm.extendedStatistic,
    Dimensions: alarm.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
    Period: alarm.period,
    Unit: alarm.unit,
    EvaluationPeriods: alarm.evaluationPeriods,
    DatapointsToAlarm: alarm.datapointsToAlarm,
    Threshold: alarm.threshold,
    ComparisonOperator: alarm.comparisonOperator,
    TreatMissingData: alarm.treatMissingData,
    StateTransitionedTimestamp: new Date(alarm.stateTransitioned),
  };
}

function page(
  alarms: readonly AlarmState[],
  input: Input,
  defaultSize: number,
): { items: AlarmState[]; next: string | undefined } {
  const size = optionalInteger(input, 'MaxRecords') ?? defaultSize;
  if (size < 1 || size > 100) throw invalidValue('The parameter MaxRecords must be between 1 and 100.');
  const offset = decodeOffset(optionalString(input, 'NextToken'), 'NextToken');
  const sorted = [...alarms].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    items: sorted.slice(offset, offset + size),
    next: offset + size < sorted.length ? encodeOffset(offset + size) : undefined,
  };
}

export function describeAlarms(input: Input, context: AlarmsContext): OutputNode {
  const names = stringList(input, 'AlarmNames');
  if (names.length > 100) throw invalidValue('The collection AlarmNames must not have a size greater than 100.');
  const prefix = optionalString(input, 'AlarmNamePrefix');
  if (prefix !== undefined && names.length > 0)
    throw invalidCombination('AlarmNamePrefix and AlarmNames cannot be specified together.');
  const state = oneOf(optionalString(input, 'StateValue'), ALARM_STATES, 'StateValue');
  const types = stringList(input, 'AlarmTypes');
  const wantsMetric = types.length === 0 || types.includes('MetricAlarm');
  const selected = refreshAlarms(context).filter(
    (alarm) =>
      wantsMetric &&
      (names.length === 0 || names.includes(alarm.name)) &&
      (prefix === undefined || alarm.name.startsWith(prefix)) &&
      (state === undefined || alarm.stateValue === state),
  );
  const { items, next } = page(selected, input, 50);
  return { MetricAlarms: items.map(alarmOutput), CompositeAlarms: [], NextToken: next };
}

export function describeAlarmsForMetric(input: Input, context: AlarmsContext): OutputNode {
  const namespace = requiredString(input, 'Namespace');
  const metricName = requiredString(input, 'MetricName');
  const dimensions = exactDimensions(input, 'Dimensions');
  const statistic = optionalString(input, 'Statistic');
  const extended = optionalString(input, 'ExtendedStatistic');
  const period = optionalInteger(input, 'Period');
  const unit = optionalString(input, 'Unit');
  const key = (list: ReadonlyArray<{ name: string; value: string }>): string =>
    JSON.stringify(list.map((d) => [d.name, d.value]));
  const selected = refreshAlarms(context).filter(
    (alarm) =>
      alarm.namespace === namespace &&
      alarm.metricName === metricName &&
      key(alarm.dimensions) === key(dimensions) &&
      (statistic === undefined || alarm.statistic === statistic) &&
      (extended === undefined || alarm.extendedStatistic === extended) &&
      (period === undefined || alarm.period === period) &&
      (unit === undefined || alarm.unit === unit),
  );
  return { MetricAlarms: selected.map(alarmOutput) };
}

export function setAlarmState(input: Input, { request, now }: AlarmsContext): OutputNode {
  const name = requiredString(input, 'AlarmName');
  const state = oneOf(optionalString(input, 'StateValue'), ALARM_STATES, 'StateValue');
  if (state === undefined) throw missing('StateValue');
  const reason = requiredString(input, 'StateReason');
  const reasonData = optionalString(input, 'StateReasonData');
  if (reasonData !== undefined) {
    try {
      JSON.parse(reasonData);
    } catch {
      throw new AwsError('InvalidFormat', 'The parameter StateReasonData is not valid JSON.', 400);
    }
  }
  if (!(request.store.document.cloudwatch?.alarms ?? []).some((alarm) => alarm.name === name))
    throw alarmNotFound([name]);
  const at = isoSeconds(now);
  request.store.mutate((draft) => {
    const alarm = draft.cloudwatch?.alarms.find((candidate) => candidate.name === name);
    if (!alarm) return;
    if (alarm.stateValue !== state) alarm.stateTransitioned = at;
    alarm.stateValue = state;
    alarm.stateReason = reason;
    if (reasonData === undefined) delete alarm.stateReasonData;
    else alarm.stateReasonData = reasonData;
    alarm.stateUpdated = at;
  });
  return {};
}

export function deleteAlarms(input: Input, { request }: AlarmsContext): OutputNode {
  const names = stringList(input, 'AlarmNames');
  if (names.length === 0) throw missing('AlarmNames');
  if (names.length > 100) throw invalidValue('The collection AlarmNames must not have a size greater than 100.');
  const known = new Set((request.store.document.cloudwatch?.alarms ?? []).map((alarm) => alarm.name));
  const absent = names.filter((name) => !known.has(name));
  // Nothing is deleted when any name is unknown, so a typo cannot half-apply a batch.
  if (absent.length > 0) throw alarmNotFound(absent);
  request.store.mutate((draft) => {
    if (draft.cloudwatch) draft.cloudwatch.alarms = draft.cloudwatch.alarms.filter((a) => !names.includes(a.name));
  });
  return {};
}
