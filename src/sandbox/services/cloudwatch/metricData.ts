/**
 * GetMetricData: up to 500 queries in one call, each a MetricStat or a
 * metric-math Expression over other queries' ids, answered as one series per
 * returned query, newest first unless ScanBy says otherwise, and paged by
 * MaxDatapoints across all of them.
 */
import type { MetricId } from '../../simulation/metrics/types';
import {
  exactDimensions,
  type Input,
  invalidValue,
  isInput,
  missing,
  optionalBoolean,
  optionalInteger,
  optionalList,
  optionalString,
  optionalStruct,
  requiredDate,
  requiredNumber,
  requiredString,
} from './input';
import { evaluate, type ExpressionNode, parseExpression, references, type Series } from './math';
import { checkRange, decodeOffset, encodeOffset, type MetricsContext } from './metrics';
import { beyondHighResolution, checkPeriod, checkStat, statistic, withUnit } from './statistics';
import type { OutputNode } from './wire';

const MAX_QUERIES = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;
/** Per query, as CloudWatch bounds what one MetricStat may ask for. */
const MAX_QUERY_DATAPOINTS = 100_800;
const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;

type Query =
  | {
      readonly id: string;
      readonly label?: string;
      readonly returnData: boolean;
      readonly kind: 'stat';
      readonly metric: MetricId;
      readonly period: number;
      readonly stat: string;
      readonly unit?: string;
    }
  | {
      readonly id: string;
      readonly label?: string;
      readonly returnData: boolean;
      readonly kind: 'expression';
      readonly expression: string;
      readonly node: ExpressionNode;
    };

function readQuery(entry: unknown, index: number, start: Date, end: Date): Query {
  const at = `MetricDataQueries.member.${index + 1}`;
  if (!isInput(entry)) throw invalidValue(`The value for parameter ${at} is not valid.`);
  const id = requiredString(entry, 'Id', `${at}.Id`);
  if (!QUERY_ID.test(id) || id.length > 255)
    throw invalidValue(
      `The value ${id} for parameter ${at}.Id is not valid: it must start with a lower-case letter and contain only letters, digits and underscores.`,
    );
  const label = optionalString(entry, 'Label', `${at}.Label`);
  const returnData = optionalBoolean(entry, 'ReturnData', `${at}.ReturnData`) ?? true;
  const common = { id, returnData, ...(label === undefined ? {} : { label }) };
  const metricStat = optionalStruct(entry, 'MetricStat', `${at}.MetricStat`);
  const expression = optionalString(entry, 'Expression', `${at}.Expression`);
  if ((metricStat === undefined) === (expression === undefined))
    throw invalidValue(`The parameter ${at} must contain exactly one of MetricStat and Expression.`);
  if (expression !== undefined) return { ...common, kind: 'expression', expression, node: parseExpression(expression) };
  const stat = metricStat as Input;
  const metric = optionalStruct(stat, 'Metric', `${at}.MetricStat.Metric`);
  if (metric === undefined) throw missing(`${at}.MetricStat.Metric`);
  const period = requiredNumber(stat, 'Period', `${at}.MetricStat.Period`);
  checkPeriod(period, `${at}.MetricStat.Period`);
  checkRange(start, end, period, MAX_QUERY_DATAPOINTS);
  const statName = requiredString(stat, 'Stat', `${at}.MetricStat.Stat`);
  checkStat(statName, `${at}.MetricStat.Stat`);
  const unit = optionalString(stat, 'Unit', `${at}.MetricStat.Unit`);
  return {
    ...common,
    kind: 'stat',
    metric: {
      namespace: requiredString(metric, 'Namespace', `${at}.MetricStat.Metric.Namespace`),
      metricName: requiredString(metric, 'MetricName', `${at}.MetricStat.Metric.MetricName`),
      dimensions: exactDimensions(metric, 'Dimensions', `${at}.MetricStat.Metric.Dimensions`),
    },
    period,
    stat: statName,
    ...(unit === undefined ? {} : { unit }),
  };
}

/** Every query's series, expressions after what they reference; a cycle or an unknown id is refused. */
function seriesOf(queries: readonly Query[], start: Date, end: Date, context: MetricsContext): Map<string, Series> {
  const byId = new Map<string, Query>();
  for (const query of queries) {
    if (byId.has(query.id))
      throw invalidValue(`The value ${query.id} for parameter MetricDataQueries.Id is used more than once.`);
    byId.set(query.id, query);
  }
  const done = new Map<string, Series>();
  const visiting = new Set<string>();
  const resolve = (id: string): Series => {
    const known = done.get(id);
    if (known) return known;
    const query = byId.get(id);
    if (!query) throw invalidValue(`Error in expression: Unrecognized metric or query id '${id}'.`);
    if (visiting.has(id)) throw invalidValue(`Error in expression: Circular dependency on '${id}'.`);
    visiting.add(id);
    let series: Series;
    if (query.kind === 'stat') {
      const periods = beyondHighResolution(query.period, start, context.now)
        ? []
        : withUnit(context.source.samples(query.metric, start, end, query.period, context.now), query.unit);
      series = new Map(periods.map((p) => [p.timestamp.getTime(), statistic(query.stat, p.values)]));
    } else {
      references(query.node).forEach((ref) => resolve(ref));
      const value = evaluate(query.node, resolve);
      if (typeof value === 'number')
        throw invalidValue(`Error in expression '${query.expression}': the expression must return a time series.`);
      series = value;
    }
    visiting.delete(id);
    done.set(id, series);
    return series;
  };
  queries.forEach((query) => resolve(query.id));
  return done;
}

export function getMetricData(input: Input, context: MetricsContext): OutputNode {
  const list = optionalList(input, 'MetricDataQueries');
  if (list === undefined || list.length === 0) throw missing('MetricDataQueries');
  if (list.length > MAX_QUERIES)
    throw invalidValue(`The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`);
  const start = requiredDate(input, 'StartTime');
  const end = requiredDate(input, 'EndTime');
  if (start.getTime() >= end.getTime())
    throw invalidValue('The parameter StartTime must be less than the parameter EndTime.');
  const scanBy = optionalString(input, 'ScanBy') ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending')
    throw invalidValue(`The value ${scanBy} for parameter ScanBy is not valid.`);
  const maxDatapoints = optionalInteger(input, 'MaxDatapoints') ?? DEFAULT_MAX_DATAPOINTS;
  if (maxDatapoints < 1) throw invalidValue('The parameter MaxDatapoints must be greater than 0.');
  const offset = decodeOffset(optionalString(input, 'NextToken'), 'NextToken');
  const queries = list.map((entry, index) => readQuery(entry, index, start, end));
  if (!queries.some((query) => query.returnData))
    throw invalidValue('At least one MetricDataQuery must have ReturnData set to true.');
  const series = seriesOf(queries, start, end, context);
  // One page holds datapoints [offset, offset + maxDatapoints) of all returned series laid end to end.
  let position = 0;
  const results = queries
    .filter((query) => query.returnData)
    .map((query) => {
      const points = [...(series.get(query.id) ?? new Map<number, number>())].sort((a, b) =>
        scanBy === 'TimestampAscending' ? a[0] - b[0] : b[0] - a[0],
      );
      const from = Math.min(Math.max(offset - position, 0), points.length);
      const to = Math.min(Math.max(offset + maxDatapoints - position, 0), points.length);
      position += points.length;
      const page = points.slice(from, to);
      return {
        Id: query.id,
        Label: query.label ?? (query.kind === 'stat' ? query.metric.metricName : query.id),
        Timestamps: page.map(([time]) => new Date(time)),
        Values: page.map(([, value]) => value),
        StatusCode: to < points.length ? 'PartialData' : 'Complete',
        Messages: [],
      };
    });
  const next = offset + maxDatapoints < position ? encodeOffset(offset + maxDatapoints) : undefined;
  return { MetricDataResults: results, NextToken: next, Messages: [] };
}
