/**
 * Instance logs: what EB's "Request logs" gives (RequestEnvironmentInfo, then
 * RetrieveEnvironmentInfo and the S3 objects it points at), and the live
 * tail of environments that stream to CloudWatch Logs. Main downloads and
 * unzips; the renderer only ever sees text, never a URL or a credential.
 */
import { z } from 'zod';
import { environmentNameSchema, panelProblemSchema } from './beanstalk';
import { isoDateSchema, isoInstantInputSchema, targetSchema } from './common';

/** `tail`: the last 100 lines of each log file; `bundle`: every log file, zipped ("Full logs"). */
export const logInfoTypeSchema = z.enum(['tail', 'bundle']);
export type LogInfoType = z.infer<typeof logInfoTypeSchema>;

export const logFileSchema = z.object({
  /** As on the instance, e.g. `/var/log/web.stdout.log`. */
  path: z.string(),
  text: z.string(),
  bytes: z.number().int().min(0),
  lineCount: z.number().int().min(0),
});
export type LogFile = z.infer<typeof logFileSchema>;

export const instanceLogsSchema = z.object({
  instanceId: z.string(),
  /** EB's SampleTimestamp: when the instance took these logs. */
  sampledAt: isoDateSchema.optional(),
  files: z.array(logFileSchema),
  /** This instance's logs could not be downloaded or read; the others still show. */
  problem: panelProblemSchema.optional(),
});
export type InstanceLogs = z.infer<typeof instanceLogsSchema>;

/** A request main is tracking; `requestId` is main's handle for it, not AWS's. */
export const logRequestSchema = z.object({
  requestId: z.string(),
  environmentName: z.string(),
  infoType: logInfoTypeSchema,
  requestedAt: isoDateSchema,
  /** The instances EB was asked to collect from (running ones), so the wait can say "1 of 2". */
  instanceIds: z.array(z.string()),
  /** After this long without logs the wait ends with a message. */
  waitLimitSeconds: z.number().int(),
});
export type LogRequest = z.infer<typeof logRequestSchema>;

export const logRetrievalSchema = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('pending'),
    waitedMs: z.number().int().min(0),
    /** What EB said so far (e.g. "requestEnvironmentInfo is starting."). */
    progress: z.string().optional(),
  }),
  z.object({
    state: z.literal('ready'),
    infoType: logInfoTypeSchema,
    waitedMs: z.number().int().min(0),
    instances: z.array(instanceLogsSchema),
    totalBytes: z.number().int().min(0),
    apiCalls: z.number().int().min(0),
  }),
]);
export type LogRetrieval = z.infer<typeof logRetrievalSchema>;

/** CloudWatch Logs streaming state of an environment (`aws:elasticbeanstalk:cloudwatch:logs`). */
export const logStreamingSchema = z.object({
  environmentName: z.string(),
  enabled: z.boolean(),
  retentionInDays: z.number().int().optional(),
  deleteOnTerminate: z.boolean().optional(),
  /** The groups EB created, `/aws/elasticbeanstalk/<env>/var/log/...`. */
  logGroups: z.array(z.string()),
});
export type LogStreaming = z.infer<typeof logStreamingSchema>;

export const liveLogEventSchema = z.object({
  /** CloudWatch's eventId: the de-duplication key across overlapping polls. */
  id: z.string(),
  timestamp: isoDateSchema,
  /** The file the line came from, e.g. `/var/log/web.stdout.log`. */
  file: z.string(),
  /** The log stream, which EB names after the instance id. */
  instanceId: z.string(),
  message: z.string(),
});
export type LiveLogEvent = z.infer<typeof liveLogEventSchema>;

export const liveLogPageSchema = z.object({
  events: z.array(liveLogEventSchema),
  /** Pass back as `since` on the next poll; overlapping a little is fine, the ids de-duplicate. */
  nextSince: isoDateSchema,
  apiCalls: z.number().int().min(0),
});
export type LiveLogPage = z.infer<typeof liveLogPageSchema>;

const envRef = { target: targetSchema, environmentName: environmentNameSchema };

export const beanstalkLogInputs = {
  requestLogs: z.object({
    ...envRef,
    infoType: logInfoTypeSchema,
    /** EB CLI gives up after 2 minutes; so do we unless told otherwise. */
    waitLimitSeconds: z.number().int().min(1).max(900).default(120),
  }),
  retrieveLogs: z.object({ target: targetSchema, requestId: z.string().min(1).max(100) }),
  logStreaming: z.object(envRef),
  tailLiveLogs: z.object({
    ...envRef,
    since: isoInstantInputSchema,
    /** Only these groups; default every group of the environment. */
    logGroups: z.array(z.string().min(1).max(512)).max(50).optional(),
    filterPattern: z.string().max(1024).optional(),
  }),
};
