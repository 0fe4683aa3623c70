/**
 * The Monitoring tab's GetMetricData request: which series it asks for (the
 * environment's, one CPU and one load line per instance, the database's), at
 * which period, and how the answer's pages become chart lines.
 */
import type { MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import type { MetricSeries, MonitoringRange, Target } from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { followMetricDataPages, pointsOf } from '../aws/metricData';

// The list's sparklines and the chart lines merge pages alike.
export { pointsOf } from '../aws/metricData';

type Stat = 'Maximum' | 'Sum' | 'Average';

/** One chart line: the CloudWatch metric behind it and how it is reduced per period. */
export interface SeriesSpec {
  /** The GetMetricData query id: CloudWatch wants `^[a-z][a-zA-Z0-9_]*$`. */
  id: string;
  namespace: 'AWS/ElasticBeanstalk' | 'AWS/RDS';
  metricName: string;
  dimensions: { Name: string; Value: string }[];
  label: string;
  unit: string;
  stat: Stat;
  /** What the line is about beyond the environment (an instance, the database). */
  resource?: string;
  /** Turns the metric's value into the line's (CPUIdle into busy %). */
  transform?: (value: number) => number;
}

const EB = 'AWS/ElasticBeanstalk';

/**
 * Health is a code (0 OK … 25 Severe), so the worst in a period is what
 * matters; requests add up; latency percentiles are already per minute, so
 * a longer period averages them.
 */
const ENVIRONMENT_METRICS: ReadonlyArray<readonly [id: string, metricName: string, label: string, unit: string, Stat]> =
  [
    ['health', 'EnvironmentHealth', 'Health', 'None', 'Maximum'],
    ['r2xx', 'ApplicationRequests2xx', '2xx', 'Count', 'Sum'],
    ['r3xx', 'ApplicationRequests3xx', '3xx', 'Count', 'Sum'],
    ['r4xx', 'ApplicationRequests4xx', '4xx', 'Count', 'Sum'],
    ['r5xx', 'ApplicationRequests5xx', '5xx', 'Count', 'Sum'],
    ['p50', 'ApplicationLatencyP50', 'p50', 'Seconds', 'Average'],
    ['p90', 'ApplicationLatencyP90', 'p90', 'Seconds', 'Average'],
    ['p99', 'ApplicationLatencyP99', 'p99', 'Seconds', 'Average'],
  ];

/** Busy is what idle leaves: one query per instance instead of adding up user, system, iowait… */
const busyPercent = (idle: number): number => Math.round((100 - idle) * 10) / 10;

/** Every line of the tab for an environment, its instances and its database, in chart order. */
export function seriesSpecs(
  environmentName: string,
  instanceIds: readonly string[],
  databaseId: string | null,
): SeriesSpec[] {
  const envDims = [{ Name: 'EnvironmentName', Value: environmentName }];
  const environment = ENVIRONMENT_METRICS.map(([id, metricName, label, unit, stat]): SeriesSpec => ({
    id,
    namespace: EB,
    metricName,
    dimensions: envDims,
    label,
    unit,
    stat,
  }));
  const perInstance = (prefix: string, metricName: string, unit: string, transform?: (v: number) => number) =>
    instanceIds.map((instanceId, i): SeriesSpec => ({
      id: `${prefix}_i${i}`,
      namespace: EB,
      metricName,
      dimensions: [...envDims, { Name: 'InstanceId', Value: instanceId }],
      label: instanceId,
      unit,
      // A minute's CPU and load are averages already; the period's mean reads the same way.
      stat: 'Average',
      resource: instanceId,
      ...(transform ? { transform } : {}),
    }));
  const database: SeriesSpec[] =
    databaseId === null
      ? []
      : [
          ['dbcpu', 'CPUUtilization', 'CPU', 'Percent'] as const,
          ['dbconn', 'DatabaseConnections', 'Connections', 'Count'] as const,
        ].map(([id, metricName, label, unit]) => ({
          id,
          namespace: 'AWS/RDS',
          metricName,
          dimensions: [{ Name: 'DBInstanceIdentifier', Value: databaseId }],
          label,
          unit,
          stat: 'Average',
          resource: databaseId,
        }));
  return [
    ...environment,
    ...perInstance('cpu', 'CPUIdle', 'Percent', busyPercent),
    ...perInstance('load', 'LoadAverage1min', 'None'),
    ...database,
  ];
}

export function metricQueries(specs: readonly SeriesSpec[], period: number): MetricDataQuery[] {
  return specs.map((spec) => ({
    Id: spec.id,
    ReturnData: true,
    MetricStat: {
      Metric: { Namespace: spec.namespace, MetricName: spec.metricName, Dimensions: spec.dimensions },
      Period: period,
      Stat: spec.stat,
    },
  }));
}

/** Seconds per point for each range: at most 1,440 points a series (a week at an hour is 168). */
const PERIOD_FOR_RANGE: Readonly<Record<MonitoringRange, number>> = {
  60: 60,
  180: 60,
  720: 300,
  1440: 300,
  10080: 3600,
};

export function periodFor(rangeMinutes: MonitoringRange): number {
  return PERIOD_FOR_RANGE[rangeMinutes];
}

/** `rangeMinutes` ending at the end of `now`'s period, so successive refreshes ask for the same buckets. */
export function alignedRange(now: Date, period: number, rangeMinutes: number): { start: Date; end: Date } {
  const endMs = Math.floor(now.getTime() / (period * 1000)) * period * 1000 + period * 1000;
  return { start: new Date(endMs - rangeMinutes * 60_000), end: new Date(endMs) };
}

/** A custom window widened to whole periods, so its first and last points are whole buckets. */
export function alignedWindow(startMs: number, endMs: number, period: number): { start: Date; end: Date } {
  const step = period * 1000;
  return { start: new Date(Math.floor(startMs / step) * step), end: new Date(Math.ceil(endMs / step) * step) };
}

/** A page limit far above what ≤ 500 series of ≤ 1,440 points need, so a broken NextToken cannot loop forever. */
const MAX_PAGES = 20;

/** One GetMetricData request and its NextToken pages; `calls` counts the requests. */
export async function readMetricData(
  aws: ClientFactory,
  target: Target,
  queries: MetricDataQuery[],
  start: Date,
  end: Date,
): Promise<{ results: MetricDataResult[]; calls: number }> {
  let calls = 0;
  const results = await aws.call(target, 'cloudwatch', 'GetMetricData', async (client) => {
    const read = await followMetricDataPages((command) => client.send(command), { queries, start, end }, MAX_PAGES);
    calls = read.pages;
    return read.results;
  });
  return { results, calls };
}

export function seriesOf(spec: SeriesSpec, results: readonly MetricDataResult[]): MetricSeries {
  const points = pointsOf(spec.id, results);
  const { transform } = spec;
  return {
    id: spec.id,
    metricName: spec.metricName,
    namespace: spec.namespace,
    ...(spec.resource ? { resource: spec.resource } : {}),
    label: spec.label,
    unit: spec.unit,
    points: transform ? points.map((p) => ({ t: p.t, v: transform(p.v) })) : points,
  };
}

/** Each metric name with no point in any of its lines, once: the charts' "No data" and the publishing notice. */
export function emptyMetricNames(series: readonly MetricSeries[]): string[] {
  const withData = new Set(series.filter((s) => s.points.length > 0).map((s) => s.metricName));
  return [...new Set(series.filter((s) => s.points.length === 0).map((s) => s.metricName))].filter(
    (name) => !withData.has(name),
  );
}
