/**
 * The environment list's sparklines: each environment's health and 5xx over
 * the last hour, for the whole list in one GetMetricData call (issue 15,
 * "Environment list"), split only when the list needs more than the 500
 * queries one call may carry.
 */
import { z } from 'zod';
import { environmentNameSchema } from './beanstalk';
import { isoDateSchema, targetSchema } from './common';
import { metricPointSchema } from './monitoring';

/**
 * Far above Beanstalk's default quota of 200 environments a region, yet a
 * bound: at two queries an environment this is at most eight calls.
 */
export const MAX_SPARKLINE_ENVIRONMENTS = 2000;

/**
 * How the 5xx line is measured. `percent` is metric math, 100 × 5xx ÷ total,
 * and costs four queries an environment; `count` (5xx requests a period)
 * costs two, so a list too long for the share in one call still takes one.
 */
export const errorMeasureSchema = z.enum(['percent', 'count']);
export type ErrorMeasure = z.infer<typeof errorMeasureSchema>;

export const environmentSparklinesSchema = z.object({
  environmentName: z.string(),
  /** EnvironmentHealth's Maximum a period (0 OK … 25 Severe), oldest first; empty when nothing is published. */
  health: z.array(metricPointSchema),
  /** ApplicationRequests5xx as `errorsAs` says, oldest first; empty when it is not published. */
  errors: z.array(metricPointSchema),
  /**
   * ApplicationRequestsTotal a period, read only with the share (it is the
   * divisor, so it costs nothing more): a share with no points beside
   * totals of 0 is an environment serving nothing, not one publishing nothing.
   * Empty when counting.
   */
  requests: z.array(metricPointSchema),
});
export type EnvironmentSparklines = z.infer<typeof environmentSparklinesSchema>;

export const environmentListMetricsSchema = z.object({
  /** Seconds a point. */
  period: z.number().int().positive(),
  start: isoDateSchema,
  end: isoDateSchema,
  errorsAs: errorMeasureSchema,
  /** In the order asked, each name once. */
  environments: z.array(environmentSparklinesSchema),
  /** GetMetricData requests made, pages included: one for a list of up to 250 environments. */
  calls: z.number().int().min(0),
  /** MetricDataQuery entries sent in all, expressions and hidden inputs included (AWS counts them all). */
  queries: z.number().int().min(0),
  readAt: isoDateSchema,
});
export type EnvironmentListMetrics = z.infer<typeof environmentListMetricsSchema>;

export const monitoringListInputs = {
  environmentList: z.object({
    target: targetSchema,
    environmentNames: z
      .array(environmentNameSchema)
      .max(
        MAX_SPARKLINE_ENVIRONMENTS,
        `At most ${MAX_SPARKLINE_ENVIRONMENTS} environments can be charted at once; filter the list first.`,
      ),
  }),
};
