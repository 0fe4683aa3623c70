/**
 * GetMetricData: up to 500 queries in one call, each a MetricStat or a
 * metric-math Expression over other queries' ids, answered as one series per
 * returned query, newest first unless ScanBy says otherwise, and paged by
 * MaxDatapoints across all of them.
 */
import type { RequestContext } from '../../serviceModule';
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
import { continuationOf, keepForContinuation, type SnapshotSeries } from './metricDataSnapshots';
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

/** The request's queries and window, which its every page shares. */
function requestKey(queries: readonly Query[], start: Date, end: Date, scanBy: string): string {
  const described = queries.map((query) =>
    query.kind === 'stat'
      ? [query.id, query.label, query.returnData, query.metric, query.period, query.stat, query.unit]
      : [query.id, query.label, query.returnData, query.expression],
  );
  return JSON.stringify([start.getTime(), end.getTime(), scanBy, described]);
}

/** Each returned query's points in answer order: by timestamp, newest first unless ascending. */
function ordered(
  queries: readonly Query[],
  series: ReadonlyMap<string, Series>,
  ascending: boolean,
): Map<string, SnapshotSeries> {
  const out = new Map<string, SnapshotSeries>();
  for (const query of queries) {
    if (!query.returnData) continue;
    const points = series.get(query.id) ?? new Map<number, number>();
    const times = Float64Array.from(points.keys()).sort();
    if (!ascending) times.reverse();
    const values = new Float64Array(times.length);
    times.forEach((time, i) => (values[i] = points.get(time) ?? Number.NaN));
    out.set(query.id, { times, values });
  }
  return out;
}

export function getMetricData(
  input: Input,
  context: MetricsContext & { readonly request?: RequestContext },
): OutputNode {
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
  const document = context.request?.store.document;
  const key = requestKey(queries, start, end, scanBy);
  let snapshot = document && offset > 0 ? continuationOf(document, key, offset) : undefined;
  const series =
    snapshot?.series ?? ordered(queries, seriesOf(queries, start, end, context), scanBy === 'TimestampAscending');
  // One page holds datapoints [offset, offset + maxDatapoints) of all returned series laid end to end.
  let position = 0;
  const results = queries
    .filter((query) => query.returnData)
    .map((query) => {
      const points = series.get(query.id) ?? { times: new Float64Array(0), values: new Float64Array(0) };
      const count = points.times.length;
      const from = Math.min(Math.max(offset - position, 0), count);
      const to = Math.min(Math.max(offset + maxDatapoints - position, 0), count);
      position += count;
      return {
        Id: query.id,
        Label: query.label ?? (query.kind === 'stat' ? query.metric.metricName : query.id),
        Timestamps: Array.from(points.times.subarray(from, to), (time) => new Date(time)),
        Values: Array.from(points.values.subarray(from, to)),
        StatusCode: to < count ? 'PartialData' : 'Complete',
        Messages: [],
      };
    });
  const nextOffset = offset + maxDatapoints;
  if (nextOffset >= position) return { MetricDataResults: results, NextToken: undefined, Messages: [] };
  if (document) {
    snapshot ??= keepForContinuation(document, key, series);
    snapshot.issued.add(nextOffset);
  }
  return { MetricDataResults: results, NextToken: encodeOffset(nextOffset), Messages: [] };
}
