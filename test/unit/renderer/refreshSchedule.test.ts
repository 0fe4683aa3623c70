import { describe, expect, it } from 'vitest';
import {
  FAST_REFRESH_MS,
  MAX_REFRESH_MS,
  SLOW_REFRESH_MS,
  formatDelay,
  isTransitional,
  nextRefreshDelay,
  remainingDelay,
} from '../../../src/renderer/src/model/refreshSchedule';

describe('nextRefreshDelay', () => {
  it('polls every 15 s while something is changing and every 60 s otherwise', () => {
    expect(nextRefreshDelay({ transitioning: true, errorStreak: 0 })).toBe(15_000);
    expect(nextRefreshDelay({ transitioning: false, errorStreak: 0 })).toBe(60_000);
    expect(FAST_REFRESH_MS).toBeLessThan(SLOW_REFRESH_MS);
  });

  it('doubles after each failure, up to five minutes', () => {
    expect(nextRefreshDelay({ transitioning: false, errorStreak: 1 })).toBe(120_000);
    expect(nextRefreshDelay({ transitioning: false, errorStreak: 2 })).toBe(240_000);
    expect(nextRefreshDelay({ transitioning: false, errorStreak: 3 })).toBe(MAX_REFRESH_MS);
    expect(nextRefreshDelay({ transitioning: true, errorStreak: 1 })).toBe(30_000);
    expect(nextRefreshDelay({ transitioning: true, errorStreak: 4 })).toBe(240_000);
    expect(nextRefreshDelay({ transitioning: true, errorStreak: 5 })).toBe(MAX_REFRESH_MS);
    expect(nextRefreshDelay({ transitioning: true, errorStreak: 5000 })).toBe(MAX_REFRESH_MS);
  });

  it('goes back to the normal pace after a success', () => {
    expect(nextRefreshDelay({ transitioning: false, errorStreak: 0 })).toBe(SLOW_REFRESH_MS);
  });
});

describe('isTransitional', () => {
  it.each([
    ['Launching', true],
    ['Updating', true],
    ['Terminating', true],
    ['Ready', false],
    ['Terminated', false],
    [undefined, false],
  ])('%s → %s', (status, expected) => {
    expect(isTransitional(status)).toBe(expected);
  });
});

describe('remainingDelay', () => {
  it('waits the whole delay before the first run, the rest of it afterwards, and nothing when overdue', () => {
    expect(remainingDelay(null, 60_000, 1_000_000)).toBe(60_000);
    expect(remainingDelay(1_000_000, 60_000, 1_010_000)).toBe(50_000);
    expect(remainingDelay(1_000_000, 60_000, 2_000_000)).toBe(0);
  });
});

describe('formatDelay', () => {
  it('reads naturally', () => {
    expect(formatDelay(15_000)).toBe('15 s');
    expect(formatDelay(60_000)).toBe('1 min');
    expect(formatDelay(150_000)).toBe('2 min 30 s');
  });
});
