/**
 * CloudWatch metric alarms: the two one-click alarms an operator needs on an
 * environment ("5xx above N for 5 minutes", "health Severe"), deleting an
 * alarm, and putting a deleted one back (the undo of a delete). A create is
 * refused while an alarm of that name exists, so a plan never silently
 * replaces someone's alarm and its undo never deletes one it did not make.
 */
import {
  DeleteAlarmsCommand,
  ListMetricsCommand,
  PutMetricAlarmCommand,
  type MetricAlarm,
  type PutMetricAlarmInput,
} from '@aws-sdk/client-cloudwatch';
import {
  type AlarmDefinition,
  type ChangeIntent,
  conditionInWords,
  presetAlarmName,
  type Target,
  type Verification,
} from '../../../shared/contract';
import { BEANSTALK_NAMESPACE, definitionOf, readAlarm } from '../../services/alarms';
import { cliCommand, type CliArgs, type CliTarget } from '../cliCommand';
import type { BuiltPlan, ExecutableStep, PlannerContext } from '../types';

type CreateIntent = Extract<ChangeIntent, { kind: 'cloudwatch.createAlarm' }>;
type DeleteIntent = Extract<ChangeIntent, { kind: 'cloudwatch.deleteAlarm' }>;
type RestoreIntent = Extract<ChangeIntent, { kind: 'cloudwatch.restoreAlarm' }>;

/** The alarm a preset stands for, fully spelt out so the preview shows exactly what is sent. */
export function presetDefinition(intent: CreateIntent): AlarmDefinition {
  const { environmentName } = intent;
  const dimensions = [{ name: 'EnvironmentName', value: environmentName }];
  const common = {
    namespace: BEANSTALK_NAMESPACE,
    dimensions,
    period: 60,
    actionsEnabled: true,
    alarmActions: [],
    okActions: [],
    insufficientDataActions: [],
  };
  if (intent.preset === 'errors5xx') {
    const threshold = intent.threshold ?? 0;
    return {
      ...common,
      alarmName: presetAlarmName(environmentName, 'errors5xx', threshold),
      description: `Made by Trellis: fires when ${environmentName} serves more than ${threshold} 5xx responses a minute, 5 minutes in a row.`,
      metricName: 'ApplicationRequests5xx',
      statistic: 'Sum',
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      threshold,
      comparisonOperator: 'GreaterThanThreshold',
      // No requests in a minute is no errors in it, not a reason to page.
      treatMissingData: 'notBreaching',
    };
  }
  return {
    ...common,
    alarmName: presetAlarmName(environmentName, 'healthSevere'),
    description: `Made by Trellis: fires when ${environmentName} reports Severe health 3 minutes in a row.`,
    metricName: 'EnvironmentHealth',
    statistic: 'Maximum',
    // 3 of 3 minutes rather than 1 of 1: a deploy or an instance replacement can show Severe for a
    // single minute and recover by itself, and an alarm that fires on every deploy gets ignored;
    // three minutes still tells the operator within minutes of a real outage.
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    threshold: 25,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    // EnvironmentHealth is published every minute for free; its absence means the environment stopped
    // reporting, which should show as INSUFFICIENT_DATA rather than pass for healthy.
    treatMissingData: 'missing',
  };
}

/** PutMetricAlarm's request for a definition: what runs, what the preview shows and what is journalled. */
export function putRequest(d: AlarmDefinition): PutMetricAlarmInput {
  return {
    AlarmName: d.alarmName,
    ...(d.description ? { AlarmDescription: d.description } : {}),
    Namespace: d.namespace,
    MetricName: d.metricName,
    Dimensions: d.dimensions.map((x) => ({ Name: x.name, Value: x.value })),
    ...(d.statistic ? { Statistic: d.statistic } : {}),
    ...(d.extendedStatistic ? { ExtendedStatistic: d.extendedStatistic } : {}),
    ...(d.unit ? { Unit: d.unit as PutMetricAlarmInput['Unit'] } : {}),
    Period: d.period,
    EvaluationPeriods: d.evaluationPeriods,
    ...(d.datapointsToAlarm !== undefined ? { DatapointsToAlarm: d.datapointsToAlarm } : {}),
    Threshold: d.threshold,
    ComparisonOperator: d.comparisonOperator,
    ...(d.treatMissingData ? { TreatMissingData: d.treatMissingData } : {}),
    ActionsEnabled: d.actionsEnabled,
    ...(d.alarmActions.length ? { AlarmActions: d.alarmActions } : {}),
    ...(d.okActions.length ? { OKActions: d.okActions } : {}),
    ...(d.insufficientDataActions.length ? { InsufficientDataActions: d.insufficientDataActions } : {}),
  };
}

/** The CLI's shorthand when it is unambiguous, JSON otherwise (several dimensions, or commas and spaces in a value). */
function dimensionsArg(d: AlarmDefinition): string | undefined {
  if (d.dimensions.length === 0) return undefined;
  const plain = d.dimensions.every((x) => /^[^,= ]+$/.test(x.name) && /^[^,= ]+$/.test(x.value));
  if (plain && d.dimensions.length === 1) return `Name=${d.dimensions[0]!.name},Value=${d.dimensions[0]!.value}`;
  return JSON.stringify(d.dimensions.map((x) => ({ Name: x.name, Value: x.value })));
}

const listArg = (list: readonly string[]): string | undefined => (list.length ? JSON.stringify(list) : undefined);

export function putCli(cli: CliTarget, d: AlarmDefinition): string {
  const args: CliArgs = {
    'alarm-name': d.alarmName,
    'alarm-description': d.description,
    namespace: d.namespace,
    'metric-name': d.metricName,
    dimensions: dimensionsArg(d),
    statistic: d.statistic,
    'extended-statistic': d.extendedStatistic,
    unit: d.unit,
    period: d.period,
    'evaluation-periods': d.evaluationPeriods,
    'datapoints-to-alarm': d.datapointsToAlarm,
    threshold: d.threshold,
    'comparison-operator': d.comparisonOperator,
    'treat-missing-data': d.treatMissingData,
    'no-actions-enabled': !d.actionsEnabled,
    'alarm-actions': listArg(d.alarmActions),
    'ok-actions': listArg(d.okActions),
    'insufficient-data-actions': listArg(d.insufficientDataActions),
  };
  return cliCommand(cli, 'cloudwatch', 'put-metric-alarm', args);
}

const deleteCli = (cli: CliTarget, name: string): string =>
  cliCommand(cli, 'cloudwatch', 'delete-alarms', { 'alarm-names': name });

/** The parts of an alarm that decide when it fires and whom it tells; its state and timestamps are not. */
function sameDefinition(a: AlarmDefinition, b: AlarmDefinition): boolean {
  const { description: _a, ...left } = a;
  const { description: _b, ...right } = b;
  return JSON.stringify(sorted(left)) === JSON.stringify(sorted(right));
}

function sorted(value: object): unknown[] {
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

function definitionRows(d: AlarmDefinition, change: 'add' | 'remove'): BuiltPlan['diff'] {
  const side = (text: string) => (change === 'add' ? { after: text } : { before: text });
  const actions = [...d.alarmActions, ...d.okActions, ...d.insufficientDataActions];
  return [
    { change, label: 'Alarm', ...side(d.alarmName) },
    {
      change,
      label: 'Metric',
      ...side(`${d.namespace} ${d.metricName} (${d.dimensions.map((x) => `${x.name}=${x.value}`).join(', ')})`),
    },
    { change, label: 'Condition', ...side(conditionInWords(d)) },
    { change, label: 'Missing data', ...side(d.treatMissingData ?? 'missing') },
    { change, label: 'Actions', ...side(actions.length ? actions.join(', ') : 'none (state only)') },
  ];
}

function stateOf(alarm: MetricAlarm): string {
  return `${alarm.StateValue ?? 'unknown'}${alarm.StateReason ? ` (${alarm.StateReason})` : ''}`;
}

async function verifyPresent(ctx: PlannerContext, target: Target, d: AlarmDefinition): Promise<Verification> {
  const found = await readAlarm(ctx.aws, target, d.alarmName);
  if (!found) return { verified: false, detail: `DescribeAlarms does not list ${d.alarmName} after the write.` };
  const now = definitionOf(found);
  if (!now || !sameDefinition(now, d)) {
    return { verified: false, detail: `${d.alarmName} exists but its definition differs from what was sent.` };
  }
  return { verified: true, detail: `DescribeAlarms lists ${d.alarmName}, state ${stateOf(found)}.` };
}

async function verifyGone(ctx: PlannerContext, target: Target, name: string): Promise<Verification> {
  const found = await readAlarm(ctx.aws, target, name);
  return found
    ? { verified: false, detail: `DescribeAlarms still lists ${name}.` }
    : { verified: true, detail: `DescribeAlarms no longer lists ${name}.` };
}

/** Whether CloudWatch has the alarm's metric at all: a 5xx alarm on an unpublished metric would sit at OK for ever. */
async function metricListed(ctx: PlannerContext, target: Target, d: AlarmDefinition): Promise<boolean> {
  return ctx.aws.call(target, 'cloudwatch', 'ListMetrics', async (client) => {
    const out = await client.send(
      new ListMetricsCommand({
        Namespace: d.namespace,
        MetricName: d.metricName,
        Dimensions: d.dimensions.map((x) => ({ Name: x.name, Value: x.value })),
      }),
    );
    return (out.Metrics ?? []).length > 0;
  });
}

interface PutOptions {
  title: string;
  /** Said in the risk note, e.g. that the metric has no data. */
  note?: string;
}

function putStep(ctx: PlannerContext, target: Target, d: AlarmDefinition): ExecutableStep {
  const request = putRequest(d);
  return {
    service: 'cloudwatch',
    operation: 'PutMetricAlarm',
    input: { ...request },
    summary: `Create alarm ${d.alarmName}: ${conditionInWords(d)}`,
    run: () =>
      ctx.aws.call(target, 'cloudwatch', 'PutMetricAlarm', async (client) => {
        const out = await client.send(new PutMetricAlarmCommand(request));
        return { requestId: out.$metadata.requestId };
      }),
    rollback: async () => {
      await ctx.aws.call(target, 'cloudwatch', 'DeleteAlarms', (client) =>
        client.send(new DeleteAlarmsCommand({ AlarmNames: [d.alarmName] })),
      );
    },
  };
}

/** Creating an alarm from a definition; refused while one of that name exists. */
async function planPut(
  ctx: PlannerContext,
  target: Target,
  d: AlarmDefinition,
  options: PutOptions,
): Promise<BuiltPlan> {
  const existing = await readAlarm(ctx.aws, target, d.alarmName);
  const existingDefinition = existing ? definitionOf(existing) : undefined;
  const identical = existingDefinition !== undefined && sameDefinition(existingDefinition, d);
  const cli = ctx.cliTarget(target, 'cloudwatch');
  let blocked: string | undefined;
  if (identical) {
    blocked = `Alarm ${d.alarmName} already exists with this definition (state ${existing?.StateValue ?? 'unknown'}); nothing to create.`;
  } else if (existing) {
    const what = existingDefinition ? conditionInWords(existingDefinition) : 'a metric-math condition';
    blocked = `An alarm named ${d.alarmName} already exists with a different definition (${what}). Trellis will not replace it; delete it first if it should go.`;
  }
  const actionNote = d.alarmActions.length
    ? ''
    : ' It has no actions, so it records its state and notifies nobody; add an SNS action in CloudWatch to be paged.';
  return {
    title: options.title,
    resource: { service: 'cloudwatch', type: 'alarm', name: d.alarmName },
    diff: existing ? [] : definitionRows(d, 'add'),
    steps: [putStep(ctx, target, d)],
    cli: [putCli(cli, d)],
    permissions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DescribeAlarms'],
    risk: { level: 'low', note: `Creates a new alarm; nothing else changes.${actionNote}${options.note ?? ''}` },
    undo: {
      intent: { kind: 'cloudwatch.deleteAlarm', alarmName: d.alarmName },
      summary: `Delete alarm ${d.alarmName}`,
      cli: [deleteCli(cli, d.alarmName)],
    },
    ...(blocked ? { blocked, unchanged: identical } : {}),
    verify: () => verifyPresent(ctx, target, d),
  };
}

export async function planCreateAlarm(ctx: PlannerContext, target: Target, intent: CreateIntent): Promise<BuiltPlan> {
  const d = presetDefinition(intent);
  const listed = await metricListed(ctx, target, d);
  const note = listed
    ? undefined
    : ` CloudWatch lists no ${d.metricName} for ${intent.environmentName} yet, so the alarm will have no data until` +
      ` the environment publishes it (enhanced health reporting publishes ${d.metricName} only when its` +
      ` ConfigDocument asks for it).`;
  const title =
    intent.preset === 'errors5xx'
      ? `Alarm when ${intent.environmentName} serves more than ${d.threshold} 5xx a minute for 5 minutes`
      : `Alarm when ${intent.environmentName} is Severe for 3 minutes`;
  return planPut(ctx, target, d, { title, ...(note ? { note } : {}) });
}

export async function planRestoreAlarm(ctx: PlannerContext, target: Target, intent: RestoreIntent): Promise<BuiltPlan> {
  return planPut(ctx, target, intent.definition, { title: `Put back alarm ${intent.definition.alarmName}` });
}

export async function planDeleteAlarm(ctx: PlannerContext, target: Target, intent: DeleteIntent): Promise<BuiltPlan> {
  const name = intent.alarmName;
  const existing = await readAlarm(ctx.aws, target, name);
  const definition = existing ? definitionOf(existing) : undefined;
  const cli = ctx.cliTarget(target, 'cloudwatch');
  const blocked = !existing
    ? `There is no alarm named ${name}; nothing to delete.`
    : !definition
      ? `Alarm ${name} uses metric math, which Trellis cannot put back; it will not delete what it cannot undo. Delete it in CloudWatch if it should go.`
      : undefined;
  const step: ExecutableStep = {
    service: 'cloudwatch',
    operation: 'DeleteAlarms',
    input: { AlarmNames: [name] },
    summary: `Delete alarm ${name}`,
    run: () =>
      ctx.aws.call(target, 'cloudwatch', 'DeleteAlarms', async (client) => {
        const out = await client.send(new DeleteAlarmsCommand({ AlarmNames: [name] }));
        return { requestId: out.$metadata.requestId };
      }),
    ...(definition
      ? {
          rollback: async () => {
            await ctx.aws.call(target, 'cloudwatch', 'PutMetricAlarm', (client) =>
              client.send(new PutMetricAlarmCommand(putRequest(definition))),
            );
          },
        }
      : {}),
  };
  return {
    title: `Delete alarm ${name}`,
    resource: { service: 'cloudwatch', type: 'alarm', name },
    diff: definition ? definitionRows(definition, 'remove') : [],
    steps: [step],
    cli: [deleteCli(cli, name)],
    permissions: ['cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms'],
    risk: {
      level: 'low',
      note: `Nothing watches ${existing?.MetricName ?? 'this metric'} with this alarm any more; its state history goes with it.`,
    },
    undo: definition
      ? {
          intent: { kind: 'cloudwatch.restoreAlarm', definition },
          summary: `Put back alarm ${name} as it was`,
          cli: [putCli(cli, definition)],
        }
      : null,
    ...(blocked ? { blocked, unchanged: !existing } : {}),
    verify: () => verifyGone(ctx, target, name),
  };
}
