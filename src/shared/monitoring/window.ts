/**
 * The Monitoring tab's time window: which period a range is read at, and
 * whether a custom start and end can be read at all. Shared so the form
 * says what is wrong before anything is sent, and main refuses the same.
 */

/** The most points a chart line may have: GetMetricStatistics' cap, kept for GetMetricData so charts stay light. */
export const MAX_POINTS_PER_SERIES = 1440;

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** CloudWatch keeps metrics for 15 months; 455 days is the shortest 15 months can be. */
export const MAX_LOOKBACK_MS = 455 * DAY_MS;

/** A custom range shorter than this has too few minutes to draw a line. */
export const MIN_SPAN_MS = 5 * MINUTE_MS;

/**
 * Periods a person reads easily, all multiples of 60 s as CloudWatch asks of
 * periods over a minute. The longest custom span (455 days) needs 27,300 s a point.
 */
const READABLE_PERIODS = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400] as const;

/**
 * CloudWatch's retention steps: one-minute points live 15 days, five-minute
 * ones 63 days, then only hourly ones remain. Asking finer than that for
 * older data returns nothing, so a window reaching back that far is read at
 * the coarser period.
 */
function retentionFloor(startMs: number, nowMs: number): number {
  const age = nowMs - startMs;
  if (age > 63 * DAY_MS) return 3600;
  if (age > 15 * DAY_MS) return 300;
  return 60;
}

/** The finest readable period that keeps [start, end) within 1,440 points a series and within retention. */
export function periodForWindow(startMs: number, endMs: number, nowMs: number): number {
  const spanSeconds = Math.max(0, endMs - startMs) / 1000;
  const needed = Math.max(retentionFloor(startMs, nowMs), spanSeconds / MAX_POINTS_PER_SERIES);
  const readable = READABLE_PERIODS.find((p) => p >= needed);
  return readable ?? Math.ceil(needed / 60) * 60;
}

export type WindowProblem = { field: 'start' | 'end'; message: string };

/**
 * Why a custom window cannot be read, or null when it can. `nowMs` is the
 * reader's clock; an end in the future is allowed (CloudWatch answers up to now).
 */
export function customWindowProblem(startMs: number, endMs: number, nowMs: number): WindowProblem | null {
  if (!Number.isFinite(startMs)) return { field: 'start', message: 'Enter a start date and time.' };
  if (!Number.isFinite(endMs)) return { field: 'end', message: 'Enter an end date and time.' };
  if (endMs <= startMs) return { field: 'end', message: 'The end must be after the start.' };
  if (endMs - startMs < MIN_SPAN_MS) return { field: 'end', message: 'The range must be at least 5 minutes long.' };
  if (startMs < nowMs - MAX_LOOKBACK_MS) {
    return { field: 'start', message: 'The start can be at most 15 months ago: CloudWatch keeps metrics 15 months.' };
  }
  if (startMs > nowMs) return { field: 'start', message: 'The start is in the future: there is nothing to show yet.' };
  return null;
}
