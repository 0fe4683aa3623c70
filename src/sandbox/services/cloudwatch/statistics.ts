/**
 * CloudWatch's statistics over the raw samples of one period: the five
 * standard ones and percentiles (`p99`, `p99.9`). Every figure is computed
 * from the samples, so a chart of p90 and one of Average agree with each other.
 */
import type { MetricId, PeriodSamples } from '../../simulation/metrics/types';
import { invalidValue } from './input';

export const STANDARD_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
export type StandardStatistic = (typeof STANDARD_STATISTICS)[number];

const PERCENTILE = /^p(\d{1,2}(?:\.\d{1,10})?|100(?:\.0{1,10})?)$/;

export function isStandardStatistic(name: string): name is StandardStatistic {
  return (STANDARD_STATISTICS as readonly string[]).includes(name);
}

export function isExtendedStatistic(name: string): boolean {
  return PERCENTILE.test(name);
}

/** A statistic name as GetMetricData's `Stat` takes it: a standard one or a percentile. */
export function checkStat(name: string, parameter: string): void {
  if (!isStandardStatistic(name) && !isExtendedStatistic(name))
    throw invalidValue(`The value ${name} for parameter ${parameter} is not a valid statistic.`);
}

export function statistic(name: string, values: readonly number[]): number {
  switch (name) {
    case 'SampleCount':
      return values.length;
    case 'Sum':
      return values.reduce((sum, value) => sum + value, 0);
    case 'Average':
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    case 'Minimum':
      return Math.min(...values);
    case 'Maximum':
      return Math.max(...values);
    default:
      return percentile(Number(name.slice(1)), values);
  }
}

/** Nearest rank: the smallest sample with at least `p` percent of the samples at or below it. */
function percentile(p: number, values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
}

/** Seconds in a period: 1, 5, 10, 30 (high resolution) or a multiple of 60, as CloudWatch accepts. */
export function checkPeriod(period: number, parameter = 'Period'): void {
  if (!Number.isInteger(period) || period < 1) throw invalidValue(`The parameter ${parameter} must be greater than 0.`);
  if (period < 60 ? ![1, 5, 10, 30].includes(period) : period % 60 !== 0)
    throw invalidValue(`The parameter ${parameter} must be a multiple of 60.`);
}

const HIGH_RESOLUTION_WINDOW_MS = 3 * 60 * 60 * 1000;

/**
 * CloudWatch keeps sub-minute data three hours: a period under 60 seconds over a range that starts
 * earlier returns no datapoints at all (not an error), as the GetMetricStatistics reference says.
 */
export function beyondHighResolution(period: number, start: Date, now: Date): boolean {
  return period < 60 && now.getTime() - start.getTime() > HIGH_RESOLUTION_WINDOW_MS;
}

export function metricKey(id: MetricId): string {
  return JSON.stringify([id.namespace, id.metricName, id.dimensions.map((d) => [d.name, d.value])]);
}

/** Samples of a unit other than the one asked for are left out, as CloudWatch filters by unit. */
export function withUnit(periods: readonly PeriodSamples[], unit: string | undefined): PeriodSamples[] {
  return unit === undefined ? [...periods] : periods.filter((period) => period.unit === unit);
}
