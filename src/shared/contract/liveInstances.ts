/**
 * The live instance table (`eb health --refresh` as data, issue 15): the
 * environment's enhanced health and each instance's, with the request,
 * latency, load and CPU figures EB reports for the last few seconds, already
 * turned into the rates and shares `eb health` prints.
 */
import { z } from 'zod';
import { environmentHealthSchema, environmentNameSchema, instanceHealthSchema } from './beanstalk';
import { isoDateSchema, targetSchema } from './common';

const share = z.number().min(0).max(100);
const seconds = z.number().min(0);

/** EB's ApplicationMetrics over its window (`Duration`, 10 s for an instance). */
export const liveApplicationSchema = z.object({
  requestCount: z.number().int().min(0),
  /** Seconds the counts cover. */
  durationSeconds: z.number().positive(),
  /** `requestCount / durationSeconds`, to one decimal: `eb health`'s r/sec. */
  requestsPerSecond: z.number().min(0),
  /** Percent of `requestCount` by status class, to one decimal; absent when there were no requests. */
  percent: z.object({ s2xx: share, s3xx: share, s4xx: share, s5xx: share }).optional(),
  /** Response time percentiles in seconds; absent when nothing was answered in the window. */
  latency: z
    .object({
      p999: seconds.optional(),
      p99: seconds.optional(),
      p95: seconds.optional(),
      p90: seconds.optional(),
      p85: seconds.optional(),
      p75: seconds.optional(),
      p50: seconds.optional(),
      p10: seconds.optional(),
    })
    .optional(),
});
export type LiveApplication = z.infer<typeof liveApplicationSchema>;

/** EB's System block for one instance: load averages and CPU time shares over the last interval. */
export const liveSystemSchema = z.object({
  load1: z.number().min(0).optional(),
  load5: z.number().min(0).optional(),
  load15: z.number().min(0).optional(),
  cpu: z
    .object({
      user: share.optional(),
      nice: share.optional(),
      system: share.optional(),
      idle: share.optional(),
      iowait: share.optional(),
    })
    .optional(),
});
export type LiveSystem = z.infer<typeof liveSystemSchema>;

export const liveInstanceSchema = instanceHealthSchema.extend({
  application: liveApplicationSchema.optional(),
  system: liveSystemSchema.optional(),
});
export type LiveInstance = z.infer<typeof liveInstanceSchema>;

export const liveInstancesSchema = environmentHealthSchema.extend({
  /** The environment's requests over its window, summed over instances (latency averaged), like `eb health`'s top line. */
  application: liveApplicationSchema.optional(),
  instances: z.array(liveInstanceSchema),
  /** When main read it, for "Last refreshed" when EB gives no RefreshedAt. */
  readAt: isoDateSchema,
});
export type LiveInstances = z.infer<typeof liveInstancesSchema>;

export const liveInstancesInputs = {
  instancesLive: z.object({ target: targetSchema, environmentName: environmentNameSchema }),
};
