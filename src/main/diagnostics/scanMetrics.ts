/**
 * The Doctor's metric facts: each scanned environment's EnvironmentHealth,
 * request count and 5xx share over the last three hours at one-minute
 * periods, for every environment in ONE GetMetricData request (CloudWatch
 * takes 500 queries a request; four per environment, so 125 environments a
 * request). A refusal or a failure becomes a fact, never a failed scan:
 * metrics only add to what events and health already prove.
 */
import type { GetMetricDataCommand, MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { followMetricDataPages, pointsOf, type MetricDataPage } from '../aws/metricData';
import { toAppError } from '../aws/errors';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { EnvironmentMetricFacts } from './facts';

export const METRIC_PERIOD_SECONDS = 60;
const WINDOW_MS = 3 * 60 * 60_000;
/**
 * The endpoint's clock may run ahead of ours: the sandbox's moves forward on
 * demand. CloudWatch never has future datapoints, so asking an hour past our
 * "now" costs nothing on AWS and keeps a clock-shifted endpoint's newest
 * minutes in the answer.
 */
const LOOKAHEAD_MS = 60 * 60_000;
const QUERIES_PER_ENVIRONMENT = 4;
const MAX_QUERIES = 500;
export const ENVIRONMENTS_PER_CALL = Math.floor(MAX_QUERIES / QUERIES_PER_ENVIRONMENT);
/** Far above what 125 environments × 3 series × 240 points need; bounds a NextToken that never ends. */
const MAX_PAGES = 10;

/** Sends one GetMetricData request; the scan source counts it. */
export type SendMetricData = (send: (client: CloudWatchClient) => Promise<MetricDataPage>) => Promise<MetricDataPage>;

function metricStat(id: string, metricName: string, environmentName: string, stat: string, returnData: boolean) {
  return {
    Id: id,
    ReturnData: returnData,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/ElasticBeanstalk',
        MetricName: metricName,
        Dimensions: [{ Name: 'EnvironmentName', Value: environmentName }],
      },
      Period: METRIC_PERIOD_SECONDS,
      Stat: stat,
    },
  } satisfies MetricDataQuery;
}

function queriesFor(environmentName: string, i: number): MetricDataQuery[] {
  return [
    metricStat(`h${i}`, 'EnvironmentHealth', environmentName, 'Maximum', true),
    metricStat(`f${i}`, 'ApplicationRequests5xx', environmentName, 'Sum', false),
    metricStat(`t${i}`, 'ApplicationRequestsTotal', environmentName, 'Sum', true),
    { Id: `p${i}`, Expression: `100 * f${i} / t${i}`, ReturnData: true },
  ];
}

/**
 * The window the Doctor reads: three hours back from `now`, aligned to the
 * minute so two scans a few seconds apart ask for the same periods.
 */
export function metricWindow(now: Date): { start: Date; end: Date } {
  const minute = Math.floor(now.getTime() / 60_000) * 60_000;
  return { start: new Date(minute - WINDOW_MS), end: new Date(minute + 60_000 + LOOKAHEAD_MS) };
}

async function readBatch(
  send: SendMetricData,
  names: readonly string[],
  window: { start: Date; end: Date },
): Promise<MetricDataResult[]> {
  const queries = names.flatMap((name, i) => queriesFor(name, i));
  const sendPage = (command: GetMetricDataCommand) => send((client) => client.send(command));
  return (await followMetricDataPages(sendPage, { queries, ...window }, MAX_PAGES)).results;
}

/** One fact per name: what CloudWatch answered, or why it did not. */
export async function readEnvironmentMetrics(
  send: SendMetricData,
  names: readonly string[],
  now: Date,
): Promise<Map<string, EnvironmentMetricFacts>> {
  const window = metricWindow(now);
  const frame = { period: METRIC_PERIOD_SECONDS, start: window.start.toISOString(), end: window.end.toISOString() };
  const facts = new Map<string, EnvironmentMetricFacts>();
  for (let from = 0; from < names.length; from += ENVIRONMENTS_PER_CALL) {
    const batch = names.slice(from, from + ENVIRONMENTS_PER_CALL);
    try {
      const results = await readBatch(send, batch, window);
      batch.forEach((name, i) => {
        const requests = pointsOf(`t${i}`, results);
        // A period without requests has no share of 5xx, whatever the math answered for 0 / 0.
        const served = new Set(requests.filter((p) => p.v > 0).map((p) => p.t));
        facts.set(name, {
          status: 'read',
          ...frame,
          health: pointsOf(`h${i}`, results),
          percent5xx: pointsOf(`p${i}`, results).filter((p) => served.has(p.t)),
          requests,
        });
      });
    } catch (err) {
      const error = toAppError(err);
      const denied = error.code === 'access-denied';
      const note = denied
        ? `cloudwatch:GetMetricData was denied (${error.message}); findings are judged from events and health only.`
        : `CloudWatch metrics could not be read (${error.message}); findings are judged from events and health only.`;
      for (const name of batch) {
        facts.set(name, {
          status: denied ? 'denied' : 'unavailable',
          note,
          ...frame,
          health: [],
          percent5xx: [],
          requests: [],
        });
      }
    }
  }
  return facts;
}
