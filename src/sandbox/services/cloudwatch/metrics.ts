/**
 * ListMetrics and GetMetricStatistics: what the MetricSource publishes,
 * filtered, paged and reduced to statistics with CloudWatch's limits.
 */
import type { MetricId, MetricSource } from '../../simulation/metrics/types';
import {
  dimensions,
  exactDimensions,
  type Input,
  invalidCombination,
  invalidValue,
  optionalString,
  requiredDate,
  requiredNumber,
  requiredString,
  stringList,
} from './input';
import {
  beyondHighResolution,
  checkPeriod,
  isExtendedStatistic,
  isStandardStatistic,
  metricKey,
  statistic,
  withUnit,
} from './statistics';
import type { OutputNode } from './wire';

export interface MetricsContext {
  readonly source: MetricSource;
  readonly now: Date;
}

const LIST_PAGE = 500;
export const MAX_STATISTICS_DATAPOINTS = 1440;

export function metricOutput(id: MetricId): OutputNode {
  return {
    Namespace: id.namespace,
    MetricName: id.metricName,
    Dimensions: id.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
  };
}

/** The offset a ListMetrics token stands for; only tokens the sandbox issued are accepted. */
export function decodeOffset(token: string | undefined, parameter: string): number {
  if (token === undefined) return 0;
  const offset = Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset <= 0 || encodeOffset(offset) !== token)
    throw invalidValue(`The value ${token} for parameter ${parameter} is not valid.`);
  return offset;
}

export function encodeOffset(offset: number): string {
  return Buffer.from(String(offset), 'utf8').toString('base64url');
}

export function listMetrics(input: Input, { source, now }: MetricsContext): OutputNode {
  const namespace = optionalString(input, 'Namespace');
  const metricName = optionalString(input, 'MetricName');
  const filters = dimensions(input, 'Dimensions', 'Dimensions', true);
  const offset = decodeOffset(optionalString(input, 'NextToken'), 'NextToken');
  const matching = source
    .list(now, namespace)
    .filter((id) => namespace === undefined || id.namespace === namespace)
    .filter((id) => metricName === undefined || id.metricName === metricName)
    .filter((id) =>
      filters.every((filter) =>
        id.dimensions.some((d) => d.name === filter.name && (filter.value === undefined || d.value === filter.value)),
      ),
    )
    .map((id) => ({ id, key: metricKey(id) }))
    // A stable order, so a NextToken's offset means the same metrics on the next call.
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ id }) => id);
  const page = matching.slice(offset, offset + LIST_PAGE);
  const next = offset + LIST_PAGE < matching.length ? encodeOffset(offset + LIST_PAGE) : undefined;
  return { Metrics: page.map(metricOutput), NextToken: next };
}

/** StartTime before EndTime, and no more datapoints than `limit`, with CloudWatch's wording. */
export function checkRange(start: Date, end: Date, period: number, limit: number): void {
  if (start.getTime() >= end.getTime())
    throw invalidValue('The parameter StartTime must be less than the parameter EndTime.');
  const requested = Math.ceil((end.getTime() - start.getTime()) / 1000 / period);
  if (requested > limit)
    throw invalidCombination(
      `You have requested up to ${requested} datapoints, which exceeds the limit of ${limit}. ` +
        'You may reduce the datapoints requested by increasing Period, or decreasing the time range.',
    );
}

export function getMetricStatistics(input: Input, { source, now }: MetricsContext): OutputNode {
  const id: MetricId = {
    namespace: requiredString(input, 'Namespace'),
    metricName: requiredString(input, 'MetricName'),
    dimensions: exactDimensions(input, 'Dimensions'),
  };
  const start = requiredDate(input, 'StartTime');
  const end = requiredDate(input, 'EndTime');
  const period = requiredNumber(input, 'Period');
  const statistics = stringList(input, 'Statistics');
  const extended = stringList(input, 'ExtendedStatistics');
  const unit = optionalString(input, 'Unit');
  if (statistics.length === 0 && extended.length === 0)
    throw invalidCombination('Must specify either Statistics or ExtendedStatistics.');
  if (statistics.length > 5) throw invalidValue('The collection Statistics must not have a size greater than 5.');
  if (extended.length > 10)
    throw invalidValue('The collection ExtendedStatistics must not have a size greater than 10.');
  for (const name of statistics)
    if (!isStandardStatistic(name))
      throw invalidValue(`The value ${name} for parameter Statistics is not a valid statistic.`);
  for (const name of extended)
    if (!isExtendedStatistic(name))
      throw invalidValue(`The value ${name} for parameter ExtendedStatistics is not a valid extended statistic.`);
  checkPeriod(period);
  checkRange(start, end, period, MAX_STATISTICS_DATAPOINTS);
  const periods = beyondHighResolution(period, start, now)
    ? []
    : withUnit(source.samples(id, start, end, period, now), unit);
  return {
    Label: id.metricName,
    Datapoints: periods.map((samples) => ({
      Timestamp: samples.timestamp,
      ...Object.fromEntries(statistics.map((name) => [name, statistic(name, samples.values)])),
      Unit: samples.unit,
      ExtendedStatistics:
        extended.length === 0 ? undefined : new Map(extended.map((name) => [name, statistic(name, samples.values)])),
    })),
  };
}
