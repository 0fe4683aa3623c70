import { describe, expect, it } from 'vitest';
import { formatAge, formatDate } from '../../../src/renderer/src/model/time';

describe('formatAge', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  it.each([
    [undefined, 'Never'],
    ['2026-11-22T11:59:30Z', 'just now'],
    ['2026-11-22T11:50:00Z', '10 min ago'],
    ['2026-11-22T07:00:00Z', '5 h ago'],
    ['2026-11-21T12:00:00Z', '1 day ago'],
    ['2026-11-02T12:00:00Z', '20 days ago'],
    ['2026-05-22T12:00:00Z', '6 months ago'],
    ['2018-07-01T12:00:00Z', '8 years ago'],
  ])('%s → %s', (iso, expected) => {
    expect(formatAge(iso, now)).toBe(expected);
  });
});

describe('formatDate', () => {
  it('shows a dash for missing or invalid dates', () => {
    expect(formatDate(undefined)).toBe('—');
    expect(formatDate('not a date')).toBe('—');
  });
});
