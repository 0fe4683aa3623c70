/** CloudWatch's stored part: metric alarms. Metrics themselves are derived from the rest of the state. */
import { z } from 'zod';
import { timestamp } from './schemaParts';

export const ALARM_STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;
export const COMPARISON_OPERATORS = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
] as const;
export const TREAT_MISSING_DATA = ['breaching', 'notBreaching', 'ignore', 'missing'] as const;

const dimension = z.object({ name: z.string().min(1).max(255), value: z.string().min(1).max(1024) }).strict();

const alarm = z
  .object({
    name: z.string().min(1).max(255),
    arn: z.string().min(1),
    description: z.string().max(1024).optional(),
    namespace: z.string().min(1).max(255),
    metricName: z.string().min(1).max(255),
    dimensions: z.array(dimension).max(30),
    statistic: z.string().optional(),
    extendedStatistic: z.string().optional(),
    period: z.number().int().positive(),
    evaluationPeriods: z.number().int().positive(),
    datapointsToAlarm: z.number().int().positive().optional(),
    threshold: z.number(),
    comparisonOperator: z.enum(COMPARISON_OPERATORS),
    treatMissingData: z.enum(TREAT_MISSING_DATA).optional(),
    unit: z.string().optional(),
    actionsEnabled: z.boolean(),
    alarmActions: z.array(z.string()),
    okActions: z.array(z.string()),
    insufficientDataActions: z.array(z.string()),
    stateValue: z.enum(ALARM_STATES),
    stateReason: z.string(),
    stateReasonData: z.string().optional(),
    stateUpdated: timestamp,
    /** When the state last changed value (AWS's StateTransitionedTimestamp). */
    stateTransitioned: timestamp,
    configurationUpdated: timestamp,
  })
  .strict();

/**
 * Optional, so state files and scenarios written before CloudWatch alarms existed load unchanged;
 * the first PutMetricAlarm creates it.
 */
export const cloudwatchStateSchema = z
  .object({ alarms: z.array(alarm) })
  .strict()
  .optional();

export type CloudWatchState = NonNullable<z.infer<typeof cloudwatchStateSchema>>;
export type AlarmState = CloudWatchState['alarms'][number];
