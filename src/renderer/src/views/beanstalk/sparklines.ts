/**
 * What the environment list's sparklines say and where they are drawn: the
 * sentence a screen reader (and a test) reads instead of the picture, the
 * scale of each line and its colours. Pure, so it is tested without a browser.
 */
import type { EnvironmentSparklines, ErrorMeasure, MetricPoint } from '../../../../shared/contract';
import type { SparkBox } from '../../model/sparkline';
import { healthColor, healthName } from './monitoring/metricRows';

const round1 = (n: number) => Math.round(n * 10) / 10;

/** "96 %", "0.4 %", "0 %". */
export function formatShare(value: number): string {
  const shown = value >= 10 || value === 0 ? Math.round(value) : round1(value);
  return `${shown} %`;
}

/** A period's 5xx count: a whole number of requests, however CloudWatch sums them. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** What a cell shows when there is no line to draw. */
export type SparkGap = 'No data' | 'No requests';

export interface SparkSummary {
  /** The accessible name of the picture, or the cell's text when there is none. */
  label: string;
  /** The newest value as the cell shows it beside the line. */
  now: string | null;
  gap: SparkGap | null;
}

export function healthSummary(points: readonly MetricPoint[]): SparkSummary {
  const newest = points.at(-1);
  if (!newest) return { label: 'Health, last hour: No data', now: null, gap: 'No data' };
  const worst = Math.max(...points.map((p) => p.v));
  const now = healthName(newest.v);
  return { label: `Health, last hour: ${now} now, worst ${healthName(worst)}`, now, gap: null };
}

export function errorsSummary(sparklines: EnvironmentSparklines, measure: ErrorMeasure): SparkSummary {
  const points = sparklines.errors;
  const newest = points.at(-1);
  if (!newest) {
    // The share divides by the request total: totals of zero mean nothing was served, not nothing published.
    const idle = sparklines.requests.length > 0 && sparklines.requests.every((p) => p.v === 0);
    const gap: SparkGap = idle ? 'No requests' : 'No data';
    return { label: `5xx, last hour: ${gap}`, now: null, gap };
  }
  const format = measure === 'percent' ? formatShare : formatCount;
  const most = Math.max(...points.map((p) => p.v));
  const unit = measure === 'percent' ? '' : ' a minute';
  const now = format(newest.v);
  return { label: `5xx, last hour: ${now}${unit} now, most ${format(most)}`, now, gap: null };
}

/** The boxes the two lines are drawn in: health on its code scale, the share on 0–100, a count on 0–its peak. */
export function healthBox(start: number, end: number, width: number, height: number): SparkBox {
  return { width, height, start, end, min: 0, max: 25 };
}

export function errorsBox(
  points: readonly MetricPoint[],
  measure: ErrorMeasure,
  start: number,
  end: number,
  width: number,
  height: number,
): SparkBox {
  const max = measure === 'percent' ? 100 : Math.max(1, ...points.map((p) => p.v));
  return { width, height, start, end, min: 0, max };
}

/** The 5xx line is red where requests fail and green where none do. */
export function errorsColor(v: number): string {
  return v > 0 ? healthColor(25) : healthColor(0);
}

export { healthColor };
