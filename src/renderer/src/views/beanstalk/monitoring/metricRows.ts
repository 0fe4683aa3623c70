import type uPlot from 'uplot';
import type { MetricSeries } from '../../../../../shared/contract';
// The charts, sparklines and the Doctor's evidence name codes alike; re-exported beside healthColor.
export { healthName } from '../../../../../shared/monitoring/healthCodes';

/** The colour of a health code in the band: the console's green/grey/yellow/orange/red. */
export function healthColor(value: number): string {
  if (value >= 25) return '#c0392b';
  if (value >= 20) return '#e67e22';
  if (value >= 15) return '#d4ac0d';
  if (value >= 5) return '#95a5a6';
  return '#2e8540';
}

/** The health axis's ticks: Info (1) sits on top of OK at any chart height, so the axis leaves it to the table. */
export const HEALTH_TICKS: readonly number[] = [0, 5, 10, 15, 20, 25];

/** One row per instant any series has a point at, oldest first; a series without a point there has null. */
export interface MetricRow {
  t: string;
  /** `t` as epoch milliseconds, parsed once: a week of minutes is 10,080 rows per chart. */
  ms: number;
  values: (number | null)[];
}

/**
 * Each distinct time is parsed once and each point placed by index: sorting with a parsing comparator and
 * a Map per series cost about half a second for a week of one-minute data on the Monitoring tab.
 */
export function alignRows(series: readonly MetricSeries[]): MetricRow[] {
  const msOf = new Map<string, number>();
  for (const s of series) for (const p of s.points) if (!msOf.has(p.t)) msOf.set(p.t, Date.parse(p.t));
  const times = [...msOf.entries()].sort((a, b) => a[1] - b[1]);
  const indexOf = new Map(times.map(([t], i) => [t, i]));
  const rows: MetricRow[] = times.map(([t, ms]) => ({
    t,
    ms,
    values: new Array<number | null>(series.length).fill(null),
  }));
  series.forEach((s, column) => {
    for (const p of s.points) rows[indexOf.get(p.t)!]!.values[column] = p.v;
  });
  return rows;
}

/** uPlot's columnar data: seconds on x, then one column per series. */
export function plotData(rows: readonly MetricRow[], seriesCount: number): uPlot.AlignedData {
  const xs = rows.map((r) => r.ms / 1000);
  const columns = Array.from({ length: seriesCount }, (_, i) => rows.map((r) => r.values[i] ?? null));
  return [xs, ...columns];
}

/**
 * Only EnvironmentHealth is published without enhanced health reporting, so
 * the other Beanstalk metrics' absence is explained by it (issue 15); health's
 * own and the database's are not. A line per instance names its instance.
 */
export function noDataMessage(series: readonly MetricSeries[]): string {
  const names = [...new Set(series.map((s) => (s.resource ? `${s.metricName} (${s.resource})` : s.metricName)))];
  const enhancedOnly = series.some(
    (s) => (s.namespace ?? 'AWS/ElasticBeanstalk') === 'AWS/ElasticBeanstalk' && s.metricName !== 'EnvironmentHealth',
  );
  return `No data for ${names.join(', ')} in this range.${enhancedOnly ? ' Enhanced health reporting publishes these metrics.' : ''}`;
}
