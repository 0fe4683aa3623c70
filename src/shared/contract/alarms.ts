/**
 * The Monitoring tab's alarms: the CloudWatch alarms on an environment's
 * metrics and on its database's, and the change intents for the two alarms
 * an operator needs ("5xx above N for 5 minutes", "health Severe").
 */
import { z } from 'zod';
import { environmentNameSchema, panelProblemSchema } from './beanstalk';
import { isoDateSchema, targetSchema } from './common';

export const alarmStateValues = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;
export const alarmStateSchema = z.enum(alarmStateValues);
export type AlarmStateValue = z.infer<typeof alarmStateSchema>;

export const comparisonOperators = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
] as const;

const alarmNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => !/[\p{Cc}]/u.test(name), { message: 'alarm names cannot contain control characters' });

const dimensionSchema = z.object({ name: z.string().min(1).max(255), value: z.string().min(1).max(1024) });

/**
 * A metric alarm's whole definition, as PutMetricAlarm takes it: what the undo
 * of a delete puts back, so every field that PutMetricAlarm would otherwise
 * reset (actions included) is here.
 */
export const alarmDefinitionSchema = z.object({
  alarmName: alarmNameSchema,
  description: z.string().max(1024).optional(),
  namespace: z.string().min(1).max(255),
  metricName: z.string().min(1).max(255),
  dimensions: z.array(dimensionSchema).max(30),
  statistic: z.enum(['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum']).optional(),
  extendedStatistic: z.string().max(64).optional(),
  unit: z.string().max(64).optional(),
  period: z.number().int().min(1).max(86_400),
  evaluationPeriods: z.number().int().min(1).max(10_000),
  datapointsToAlarm: z.number().int().min(1).max(10_000).optional(),
  threshold: z.number().finite(),
  comparisonOperator: z.enum(comparisonOperators),
  treatMissingData: z.enum(['breaching', 'notBreaching', 'ignore', 'missing']).optional(),
  actionsEnabled: z.boolean().default(true),
  alarmActions: z.array(z.string().max(1024)).max(5).default([]),
  okActions: z.array(z.string().max(1024)).max(5).default([]),
  insufficientDataActions: z.array(z.string().max(1024)).max(5).default([]),
});
export type AlarmDefinition = z.infer<typeof alarmDefinitionSchema>;

/** The largest 5xx threshold offered: far above any per-minute count an environment serves, and below float trouble. */
export const MAX_5XX_THRESHOLD = 1_000_000;

/** The user's N in "5xx above N for 5 minutes": a whole number of requests a minute, 0 or more. */
export const errorThresholdSchema = z
  .number({ message: 'the threshold must be a whole number of requests, 0 or more' })
  .int('the threshold must be a whole number of requests, 0 or more')
  .min(0, 'the threshold must be a whole number of requests, 0 or more')
  .max(MAX_5XX_THRESHOLD, `the threshold must be at most ${MAX_5XX_THRESHOLD.toLocaleString('en-US')} requests`);

/** The text of the threshold box, checked as the renderer and main both read it. */
export function parseErrorThreshold(text: string): { ok: true; value: number } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) {
    return {
      ok: false,
      message:
        trimmed === ''
          ? 'Enter the number of 5xx responses a minute above which the alarm fires (0 or more).'
          : `“${trimmed}” is not a whole number of requests; enter 0 or more, digits only.`,
    };
  }
  const parsed = errorThresholdSchema.safeParse(Number(trimmed));
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: parsed.error.issues[0]!.message };
}

export const alarmPresets = ['errors5xx', 'healthSevere'] as const;
export type AlarmPreset = (typeof alarmPresets)[number];

export const createAlarmIntentSchema = z
  .object({
    kind: z.literal('cloudwatch.createAlarm'),
    preset: z.enum(alarmPresets),
    environmentName: environmentNameSchema,
    /** The N of "5xx above N"; only that preset has one. */
    threshold: errorThresholdSchema.optional(),
  })
  .refine((i) => (i.preset === 'errors5xx') === (i.threshold !== undefined), {
    message: 'the 5xx alarm needs a threshold (a whole number, 0 or more); the health alarm takes none',
    path: ['threshold'],
  });

export const deleteAlarmIntentSchema = z.object({
  kind: z.literal('cloudwatch.deleteAlarm'),
  alarmName: alarmNameSchema,
});

/** Puts back an alarm as it was (the undo of a delete); refused while an alarm of that name exists. */
export const restoreAlarmIntentSchema = z.object({
  kind: z.literal('cloudwatch.restoreAlarm'),
  definition: alarmDefinitionSchema,
});

export const alarmSummarySchema = z.object({
  name: z.string(),
  arn: z.string().optional(),
  description: z.string().optional(),
  /** Whose metric it watches: the environment's, or the database the environment uses. */
  scope: z.enum(['environment', 'database']),
  /** The environment or DB instance the metric's dimension names. */
  resource: z.string(),
  namespace: z.string(),
  metricName: z.string(),
  /** In words: "ApplicationRequests5xx Sum > 10 for 5 of 5 minutes". */
  condition: z.string(),
  state: alarmStateSchema,
  stateReason: z.string(),
  stateUpdated: isoDateSchema.optional(),
  /** Named by Trellis's one-click plans (`trellis-<env>-…`), so the console offers to delete it. */
  madeByTrellis: z.boolean(),
});
export type AlarmSummary = z.infer<typeof alarmSummarySchema>;

export const environmentAlarmsSchema = z.object({
  environmentName: z.string(),
  /** The DB instance the environment uses, found as the Monitoring tab finds it (a property or SSM secret naming it), whose alarms are listed too; looked for only when an RDS alarm exists. */
  databases: z.array(z.string()),
  /** Why the database's alarms could not be matched (its properties, secrets or the DB list were unreadable); the rest still shows. */
  databasesProblem: panelProblemSchema.optional(),
  alarms: z.array(alarmSummarySchema),
  /** The names the two one-click alarms would have, with whether each already exists. */
  presets: z.object({
    healthSevere: z.object({ alarmName: z.string(), exists: z.boolean() }),
    errors5xxPrefix: z.string(),
  }),
  /** DescribeAlarms pages read; more than the bound means the list was cut short. */
  calls: z.number().int().min(0),
  truncated: z.boolean(),
  readAt: isoDateSchema,
});
export type EnvironmentAlarms = z.infer<typeof environmentAlarmsSchema>;

export const alarmsInputs = {
  environment: z.object({ target: targetSchema, environmentName: environmentNameSchema }),
};

/** Deterministic names, so a second click finds the first alarm rather than making another. */
export function presetAlarmName(environmentName: string, preset: AlarmPreset, threshold?: number): string {
  return preset === 'healthSevere'
    ? `trellis-${environmentName}-health-severe`
    : `trellis-${environmentName}-5xx-above-${threshold ?? 0}`;
}

export function isTrellisAlarm(name: string, environmentName: string): boolean {
  return name.startsWith(`trellis-${environmentName}-`);
}

const OPERATOR_SIGNS: Readonly<Record<(typeof comparisonOperators)[number], string>> = {
  GreaterThanOrEqualToThreshold: '>=',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '<=',
};

function periodWords(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? 'hour' : `${seconds / 3600}-hour periods`;
  if (seconds % 60 === 0) return seconds === 60 ? 'minute' : `${seconds / 60}-minute periods`;
  return seconds === 1 ? 'second' : `${seconds}-second periods`;
}

/** "ApplicationRequests5xx Sum > 10 for 5 of 5 minutes", as an operator reads an alarm. */
export function conditionInWords(
  d: Pick<
    AlarmDefinition,
    | 'metricName'
    | 'statistic'
    | 'extendedStatistic'
    | 'comparisonOperator'
    | 'threshold'
    | 'period'
    | 'evaluationPeriods'
    | 'datapointsToAlarm'
  >,
): string {
  const stat = d.statistic ?? d.extendedStatistic ?? 'Average';
  const of = d.datapointsToAlarm ?? d.evaluationPeriods;
  const unit = periodWords(d.period);
  const span =
    unit === 'minute' || unit === 'hour' || unit === 'second'
      ? `${of} of ${d.evaluationPeriods} ${unit}${d.evaluationPeriods === 1 ? '' : 's'}`
      : `${of} of ${d.evaluationPeriods} ${unit}`;
  return `${d.metricName} ${stat} ${OPERATOR_SIGNS[d.comparisonOperator]} ${d.threshold} for ${span}`;
}
