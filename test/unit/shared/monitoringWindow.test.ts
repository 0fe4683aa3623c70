/** The custom range's rules, shared by the form and main: which period, and what is refused with which words. */
import { describe, expect, it } from 'vitest';
import { customWindowProblem, MAX_POINTS_PER_SERIES, periodForWindow } from '../../../src/shared/monitoring/window';

const NOW = Date.parse('2026-12-06T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('periodForWindow', () => {
  it('reads at a minute while a minute a point fits in 1,440 points', () => {
    expect(periodForWindow(NOW - HOUR, NOW, NOW)).toBe(60);
    expect(periodForWindow(NOW - DAY, NOW, NOW)).toBe(60);
  });

  it('steps up to the next readable multiple of 60 s that keeps every line within 1,440 points', () => {
    // 36 h needs 90 s a point; 2 min is the next readable period.
    expect(periodForWindow(NOW - 36 * HOUR, NOW, NOW)).toBe(120);
    expect(periodForWindow(NOW - 7 * DAY, NOW, NOW)).toBe(600);
    for (const span of [HOUR, 5 * HOUR, 36 * HOUR, 3 * DAY, 7 * DAY, 14 * DAY]) {
      const period = periodForWindow(NOW - span, NOW, NOW);
      expect(period % 60).toBe(0);
      expect(span / 1000 / period).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
    }
  });

  it('reads coarser where CloudWatch no longer keeps finer points (15 days, 63 days)', () => {
    // An hour, but three weeks ago: one-minute points are gone, five-minute ones remain.
    expect(periodForWindow(NOW - 21 * DAY, NOW - 21 * DAY + HOUR, NOW)).toBe(300);
    expect(periodForWindow(NOW - 100 * DAY, NOW - 100 * DAY + HOUR, NOW)).toBe(3600);
  });

  it('keeps the longest window allowed (15 months) within 1,440 points', () => {
    const period = periodForWindow(NOW - 455 * DAY, NOW, NOW);
    expect(period % 60).toBe(0);
    expect((455 * DAY) / 1000 / period).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
  });
});

describe('customWindowProblem', () => {
  it('accepts a window of the last 15 months, and one ending in the future', () => {
    expect(customWindowProblem(NOW - 3 * HOUR, NOW, NOW)).toBeNull();
    expect(customWindowProblem(NOW - 454 * DAY, NOW - 453 * DAY, NOW)).toBeNull();
    expect(customWindowProblem(NOW - HOUR, NOW + HOUR, NOW)).toBeNull();
  });

  it('names the field and says what is wrong', () => {
    expect(customWindowProblem(Number.NaN, NOW, NOW)).toEqual({
      field: 'start',
      message: 'Enter a start date and time.',
    });
    expect(customWindowProblem(NOW - HOUR, Number.NaN, NOW)).toEqual({
      field: 'end',
      message: 'Enter an end date and time.',
    });
    expect(customWindowProblem(NOW - HOUR, NOW - 2 * HOUR, NOW)).toEqual({
      field: 'end',
      message: 'The end must be after the start.',
    });
    expect(customWindowProblem(NOW - HOUR, NOW - HOUR, NOW)?.message).toBe('The end must be after the start.');
    expect(customWindowProblem(NOW - 2 * 60_000, NOW, NOW)?.message).toBe('The range must be at least 5 minutes long.');
    expect(customWindowProblem(NOW - 456 * DAY, NOW, NOW)).toEqual({
      field: 'start',
      message: 'The start can be at most 15 months ago: CloudWatch keeps metrics 15 months.',
    });
    expect(customWindowProblem(NOW + HOUR, NOW + 2 * HOUR, NOW)?.field).toBe('start');
  });
});
