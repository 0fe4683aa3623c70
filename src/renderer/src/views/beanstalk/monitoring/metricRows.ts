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
  values: (number | null)[];
}

export function alignRows(series: readonly MetricSeries[]): MetricRow[] {
  const times = new Set<string>();
  for (const s of series) for (const p of s.points) times.add(p.t);
  const lookups = series.map((s) => new Map(s.points.map((p) => [p.t, p.v])));
  return [...times]
    .sort((a, b) => Date.parse(a) - Date.parse(b))
    .map((t) => ({ t, values: lookups.map((m) => m.get(t) ?? null) }));
}

/** uPlot's columnar data: seconds on x, then one column per series. */
export function plotData(rows: readonly MetricRow[], seriesCount: number): uPlot.AlignedData {
  const xs = rows.map((r) => Date.parse(r.t) / 1000);
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
