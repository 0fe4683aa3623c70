import { GetMetricDataCommand, type MetricDataQuery, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import type { EnvironmentMetrics, MetricSeries, MonitoringRange, Target } from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';

/** One chart line: the CloudWatch metric behind it and how it is reduced per period. */
interface SeriesSpec {
  id: string;
  metricName: string;
  label: string;
  unit: string;
  stat: 'Maximum' | 'Sum' | 'Average';
}

/**
 * Health is a code (0 OK … 25 Severe), so the worst in a period is what
 * matters; requests add up; latency percentiles are already per minute, so
 * a longer period averages them.
 */
const ENVIRONMENT_SERIES: readonly SeriesSpec[] = [
  { id: 'health', metricName: 'EnvironmentHealth', label: 'Health', unit: 'None', stat: 'Maximum' },
  { id: 'r2xx', metricName: 'ApplicationRequests2xx', label: '2xx', unit: 'Count', stat: 'Sum' },
  { id: 'r3xx', metricName: 'ApplicationRequests3xx', label: '3xx', unit: 'Count', stat: 'Sum' },
  { id: 'r4xx', metricName: 'ApplicationRequests4xx', label: '4xx', unit: 'Count', stat: 'Sum' },
  { id: 'r5xx', metricName: 'ApplicationRequests5xx', label: '5xx', unit: 'Count', stat: 'Sum' },
  { id: 'p50', metricName: 'ApplicationLatencyP50', label: 'p50', unit: 'Seconds', stat: 'Average' },
  { id: 'p90', metricName: 'ApplicationLatencyP90', label: 'p90', unit: 'Seconds', stat: 'Average' },
  { id: 'p99', metricName: 'ApplicationLatencyP99', label: 'p99', unit: 'Seconds', stat: 'Average' },
];

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

/** A page limit far above what eight series of ≤ 1,440 points need, so a broken NextToken cannot loop forever. */
const MAX_PAGES = 20;

export interface EnvironmentMetricsQuery {
  environmentName: string;
  rangeMinutes: MonitoringRange;
  /** Overrides the range's period (benchmarks ask for one minute over a week). */
  periodSeconds?: number;
  /** The end of the range; now unless a test pins it. */
  now?: Date;
}

/**
 * The Monitoring tab's numbers: every series in ONE GetMetricData request
 * (more only when CloudWatch pages the answer), never one per chart.
 */
export async function environmentMetrics(
  aws: ClientFactory,
  target: Target,
  query: EnvironmentMetricsQuery,
): Promise<EnvironmentMetrics> {
  const period = query.periodSeconds ?? periodFor(query.rangeMinutes);
  // Aligned to the period so successive refreshes ask for the same buckets.
  const endMs = Math.floor((query.now ?? new Date()).getTime() / (period * 1000)) * period * 1000 + period * 1000;
  const end = new Date(endMs);
  const start = new Date(endMs - query.rangeMinutes * 60_000);
  const queries: MetricDataQuery[] = ENVIRONMENT_SERIES.map((spec) => ({
    Id: spec.id,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/ElasticBeanstalk',
        MetricName: spec.metricName,
        Dimensions: [{ Name: 'EnvironmentName', Value: query.environmentName }],
      },
      Period: period,
      Stat: spec.stat,
    },
  }));

  let calls = 0;
  const results = await aws.call(target, 'cloudwatch', 'GetMetricData', async (client) => {
    const out: MetricDataResult[] = [];
    let token: string | undefined;
    do {
      calls++;
      const page = await client.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: start,
          EndTime: end,
          ScanBy: 'TimestampAscending',
          ...(token ? { NextToken: token } : {}),
        }),
      );
      out.push(...(page.MetricDataResults ?? []));
      token = page.NextToken;
    } while (token && calls < MAX_PAGES);
    return out;
  });

  return {
    environmentName: query.environmentName,
    rangeMinutes: query.rangeMinutes,
    period,
    start: start.toISOString(),
    end: end.toISOString(),
    series: ENVIRONMENT_SERIES.map((spec) => seriesOf(spec, results)),
    calls,
    readAt: new Date().toISOString(),
  };
}

/** Pages repeat a query's id with more points; they are merged and sorted oldest first. */
function seriesOf(spec: SeriesSpec, results: readonly MetricDataResult[]): MetricSeries {
  const byTime = new Map<number, number>();
  for (const result of results) {
    if (result.Id !== spec.id) continue;
    const times = result.Timestamps ?? [];
    const values = result.Values ?? [];
    times.forEach((time, i) => {
      const value = values[i];
      if (value !== undefined && Number.isFinite(value)) byTime.set(time.getTime(), value);
    });
  }
  const points = [...byTime.entries()].sort(([a], [b]) => a - b).map(([t, v]) => ({ t: new Date(t).toISOString(), v }));
  return { id: spec.id, metricName: spec.metricName, label: spec.label, unit: spec.unit, points };
}
