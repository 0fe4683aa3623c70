import type { MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import type {
  EnvironmentListMetrics,
  EnvironmentSparklines,
  ErrorMeasure,
  MonitoringRange,
  Target,
} from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { alignedRange, periodFor, pointsOf, readMetricData } from './monitoring';

/** A sparkline is the last hour, at the Monitoring tab's period for an hour. */
export const SPARKLINE_RANGE: MonitoringRange = 60;

/** What one GetMetricData request may carry; expressions and hidden inputs count too. */
export const MAX_QUERIES_PER_CALL = 500;

/** Health and 5xx; the share adds the request total and the expression over both. */
const QUERIES_PER_ENVIRONMENT: Readonly<Record<ErrorMeasure, number>> = { count: 2, percent: 4 };

/**
 * The 5xx share is what an operator reads ("96 % failing"), but at four
 * queries an environment it fits one call only up to 125 environments; a
 * longer list shows 5xx counts so that it still takes one call up to 250.
 */
export function errorMeasureFor(environmentCount: number): ErrorMeasure {
  return environmentCount * QUERIES_PER_ENVIRONMENT.percent <= MAX_QUERIES_PER_CALL ? 'percent' : 'count';
}

/** Where one environment's two lines are in a batch's answer. */
export interface SparklineIds {
  environmentName: string;
  healthId: string;
  errorsId: string;
  /** The share's divisor; absent when counting. */
  requestsId?: string;
}

export interface SparklineBatch {
  queries: MetricDataQuery[];
  environments: SparklineIds[];
}

const beanstalkMetric = (metricName: string, environmentName: string, period: number, stat: 'Maximum' | 'Sum') => ({
  Metric: {
    Namespace: 'AWS/ElasticBeanstalk',
    MetricName: metricName,
    Dimensions: [{ Name: 'EnvironmentName', Value: environmentName }],
  },
  Period: period,
  Stat: stat,
});

/**
 * Query ids must start with a lower-case letter and hold only [a-zA-Z0-9_],
 * which environment names (hyphens, capitals first) do not promise, so ids
 * are the environment's position in the list: h0 health, e0 5xx, t0 total,
 * s0 the share.
 */
function queriesFor(environmentName: string, index: number, measure: ErrorMeasure, period: number) {
  const healthId = `h${index}`;
  const health: MetricDataQuery = {
    Id: healthId,
    ReturnData: true,
    // A period's worst code is what the line must not hide.
    MetricStat: beanstalkMetric('EnvironmentHealth', environmentName, period, 'Maximum'),
  };
  const errors: MetricDataQuery = {
    Id: `e${index}`,
    ReturnData: measure === 'count',
    MetricStat: beanstalkMetric('ApplicationRequests5xx', environmentName, period, 'Sum'),
  };
  if (measure === 'count')
    return { ids: { environmentName, healthId, errorsId: errors.Id! }, queries: [health, errors] };
  const total: MetricDataQuery = {
    Id: `t${index}`,
    ReturnData: true,
    MetricStat: beanstalkMetric('ApplicationRequestsTotal', environmentName, period, 'Sum'),
  };
  // A minute with no requests divides by zero, and CloudWatch leaves such a point out rather than draw 0 %.
  const share: MetricDataQuery = { Id: `s${index}`, ReturnData: true, Expression: `100*e${index}/t${index}` };
  return {
    ids: { environmentName, healthId, errorsId: share.Id!, requestsId: total.Id! },
    queries: [health, errors, total, share],
  };
}

/** The list's queries, as few requests as the 500-query limit allows; no request for an empty list. */
export function sparklineBatches(
  environmentNames: readonly string[],
  measure: ErrorMeasure,
  period: number,
): SparklineBatch[] {
  const perCall = Math.floor(MAX_QUERIES_PER_CALL / QUERIES_PER_ENVIRONMENT[measure]);
  const batches: SparklineBatch[] = [];
  environmentNames.forEach((name, index) => {
    if (index % perCall === 0) batches.push({ queries: [], environments: [] });
    const batch = batches[batches.length - 1]!;
    const { ids, queries } = queriesFor(name, index, measure, period);
    batch.environments.push(ids);
    batch.queries.push(...queries);
  });
  return batches;
}

/** Results by query id, so each environment finds its pages without scanning every other one's. */
function resultsById(results: readonly MetricDataResult[]): Map<string, MetricDataResult[]> {
  const byId = new Map<string, MetricDataResult[]>();
  for (const result of results) {
    if (result.Id === undefined) continue;
    const list = byId.get(result.Id);
    if (list) list.push(result);
    else byId.set(result.Id, [result]);
  }
  return byId;
}

/**
 * Every environment's health and 5xx over the last hour: one GetMetricData
 * request for up to 250 environments (125 with the 5xx share), pages
 * included in `calls`.
 */
export async function environmentListMetrics(
  aws: ClientFactory,
  target: Target,
  environmentNames: readonly string[],
  now: Date = new Date(),
): Promise<EnvironmentListMetrics> {
  const names = [...new Set(environmentNames)];
  const period = periodFor(SPARKLINE_RANGE);
  const { start, end } = alignedRange(now, period, SPARKLINE_RANGE);
  const errorsAs = errorMeasureFor(names.length);
  const batches = sparklineBatches(names, errorsAs, period);

  const answers = await Promise.all(
    batches.map(async (batch) => {
      const { results, calls } = await readMetricData(aws, target, batch.queries, start, end);
      const byId = resultsById(results);
      const environments = batch.environments.map((ids): EnvironmentSparklines => ({
        environmentName: ids.environmentName,
        health: pointsOf(ids.healthId, byId.get(ids.healthId) ?? []),
        errors: pointsOf(ids.errorsId, byId.get(ids.errorsId) ?? []),
        requests: ids.requestsId ? pointsOf(ids.requestsId, byId.get(ids.requestsId) ?? []) : [],
      }));
      return { environments, calls };
    }),
  );

  return {
    period,
    start: start.toISOString(),
    end: end.toISOString(),
    errorsAs,
    environments: answers.flatMap((a) => a.environments),
    calls: answers.reduce((sum, a) => sum + a.calls, 0),
    queries: batches.reduce((sum, b) => sum + b.queries.length, 0),
    readAt: new Date().toISOString(),
  };
}
