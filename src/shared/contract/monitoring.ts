/**
 * The Monitoring tab: an environment's CloudWatch metrics over a range,
 * read in one GetMetricData call per load (issue 15, "Speed and cost").
 */
import { z } from 'zod';
import { environmentNameSchema } from './beanstalk';
import { isoDateSchema, targetSchema } from './common';

/** The ranges the tab offers, in minutes: 1 h, 3 h, 12 h, 1 d, 1 w. */
export const monitoringRanges = [60, 180, 720, 1440, 10080] as const;
export type MonitoringRange = (typeof monitoringRanges)[number];

export const monitoringRangeSchema = z.union([
  z.literal(60),
  z.literal(180),
  z.literal(720),
  z.literal(1440),
  z.literal(10080),
]);

export const metricPointSchema = z.object({ t: isoDateSchema, v: z.number() });
export type MetricPoint = z.infer<typeof metricPointSchema>;

export const metricSeriesSchema = z.object({
  /** The GetMetricData query id, e.g. `health`, `r5xx`, `p99`. */
  id: z.string(),
  /** The CloudWatch metric name, for messages ("No data for ApplicationRequests5xx"). */
  metricName: z.string(),
  label: z.string(),
  unit: z.string(),
  /** Oldest first. */
  points: z.array(metricPointSchema),
});
export type MetricSeries = z.infer<typeof metricSeriesSchema>;

export const environmentMetricsSchema = z.object({
  environmentName: z.string(),
  rangeMinutes: monitoringRangeSchema,
  /** Seconds per point, chosen from the range so no series has more than 1,440 points. */
  period: z.number().int().positive(),
  start: isoDateSchema,
  end: isoDateSchema,
  series: z.array(metricSeriesSchema),
  /** GetMetricData requests made (pages included): one for a screen. */
  calls: z.number().int().min(0),
  /** When main read them. */
  readAt: isoDateSchema,
});
export type EnvironmentMetrics = z.infer<typeof environmentMetricsSchema>;

export const monitoringInputs = {
  environment: z.object({
    target: targetSchema,
    environmentName: environmentNameSchema,
    rangeMinutes: monitoringRangeSchema,
  }),
};
