/**
 * The Monitoring tab: an environment's CloudWatch metrics over a range,
 * read in one GetMetricData call per load (issue 15, "Speed and cost").
 */
import { z } from 'zod';
import { environmentNameSchema } from './beanstalk';
import { isoDateSchema, isoInstantInputSchema, targetSchema } from './common';
import { customWindowProblem } from '../monitoring/window';

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
  /** The GetMetricData query id, e.g. `health`, `r5xx`, `p99`, `cpu_i0` (an instance), `dbcpu`. */
  id: z.string(),
  /** The CloudWatch metric name, for messages ("No data for ApplicationRequests5xx"). */
  metricName: z.string(),
  /** `AWS/ElasticBeanstalk` or `AWS/RDS`; absent in answers written before the database charts. */
  namespace: z.string().optional(),
  /** What the line is about beyond the environment: an instance id, or the DB instance identifier. */
  resource: z.string().optional(),
  label: z.string(),
  unit: z.string(),
  /** Oldest first. */
  points: z.array(metricPointSchema),
});
export type MetricSeries = z.infer<typeof metricSeriesSchema>;

/** A deploy or configuration change drawn on every chart, from the environment's events and the Trellis journal. */
export const monitoringMarkerSchema = z.object({
  id: z.string(),
  /** When it started: the first event of the operation, or the journal entry's time. */
  at: isoDateSchema,
  kind: z.enum(['deploy', 'configuration', 'restart', 'rebuild', 'update']),
  /** "Configuration change", "Deploy v7", … */
  title: z.string(),
  /** What it changed, in a few words: the journal entry's title or the version label. */
  summary: z.string().optional(),
  outcome: z.enum(['succeeded', 'failed', 'unknown']),
  /** The events of the operation, oldest first (empty for a journal entry EB has no events for in the range). */
  events: z.array(z.object({ date: isoDateSchema, severity: z.string(), message: z.string() })),
  requestId: z.string().optional(),
  versionLabel: z.string().optional(),
  /** The Trellis journal entry that made this change, when it was made here. */
  journalEntryId: z.string().optional(),
});
export type MonitoringMarker = z.infer<typeof monitoringMarkerSchema>;

export const environmentMetricsSchema = z.object({
  environmentName: z.string(),
  /** The preset range asked for; absent for a custom start and end. */
  rangeMinutes: monitoringRangeSchema.optional(),
  /** Seconds per point, chosen from the range so no series has more than 1,440 points. */
  period: z.number().int().positive(),
  start: isoDateSchema,
  end: isoDateSchema,
  series: z.array(metricSeriesSchema),
  /**
   * Metric names of the series that came back without a single point (each name once), e.g. for a
   * notice that enhanced health reporting does not publish them; `series[].namespace` tells them apart.
   */
  emptyMetricNames: z.array(z.string()),
  /** The environment's instances charted per instance (DescribeEnvironmentResources). */
  instances: z.array(z.string()),
  /** The DB instance the environment's properties or secrets point at, and which one names it; null when none does. */
  database: z.object({ id: z.string(), via: z.string() }).nullable(),
  /** Why instances, the database or markers could not be found (the charts still load). */
  notes: z.array(z.string()),
  markers: z.array(monitoringMarkerSchema),
  /** GetMetricData requests made (pages included): one for a screen. */
  calls: z.number().int().min(0),
  /** Other reads made to find what to chart and the markers (describe calls, the journal excluded). */
  lookups: z.number().int().min(0),
  /** When main read them. */
  readAt: isoDateSchema,
});
export type EnvironmentMetrics = z.infer<typeof environmentMetricsSchema>;

/**
 * A preset range, or a custom `start` and `end` (both, ISO instants) instead of it. The custom
 * window is checked against main's clock with the rules the form uses (shared/monitoring/window.ts).
 */
export const monitoringInputs = {
  environment: z
    .object({
      target: targetSchema,
      environmentName: environmentNameSchema,
      rangeMinutes: monitoringRangeSchema.optional(),
      start: isoInstantInputSchema.optional(),
      end: isoInstantInputSchema.optional(),
    })
    .superRefine((input, ctx) => {
      const custom = input.start !== undefined || input.end !== undefined;
      if (custom === (input.rangeMinutes !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rangeMinutes'],
          message: 'give either rangeMinutes or a custom start and end, not both or neither',
        });
        return;
      }
      if (!custom) return;
      const problem = customWindowProblem(Date.parse(input.start ?? ''), Date.parse(input.end ?? ''), Date.now());
      if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
    }),
};
