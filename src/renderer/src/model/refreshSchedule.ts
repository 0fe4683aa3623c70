/**
 * When the Beanstalk views poll next. Pure, so the backoff rules are tested
 * without timers: fast while something is changing, slow when all is settled,
 * doubling after failures up to a ceiling.
 */

export const FAST_REFRESH_MS = 15_000;
export const SLOW_REFRESH_MS = 60_000;
export const MAX_REFRESH_MS = 5 * 60_000;
export const EVENTS_POLL_MS = 5_000;

const transitional = new Set(['Launching', 'Updating', 'Terminating', 'Aborting']);

/** True while EB is working on the environment, so its status will change soon. */
export function isTransitional(status: string | undefined): boolean {
  return status !== undefined && transitional.has(status);
}

export interface RefreshState {
  /** Any environment (or the one on screen) is Launching, Updating or Terminating. */
  transitioning: boolean;
  /** Consecutive failed refreshes; 0 after a success. */
  errorStreak: number;
}

export function nextRefreshDelay({ transitioning, errorStreak }: RefreshState): number {
  const base = transitioning ? FAST_REFRESH_MS : SLOW_REFRESH_MS;
  if (errorStreak <= 0) return base;
  // 2^n grows past the ceiling quickly; clamp the exponent so the number stays finite.
  return Math.min(base * 2 ** Math.min(errorStreak, 10), MAX_REFRESH_MS);
}

/** How long to wait from `now` when the last run was at `lastRunAt`; 0 when already due. */
export function remainingDelay(lastRunAt: number | null, delay: number, now: number): number {
  if (lastRunAt === null) return delay;
  return Math.max(0, lastRunAt + delay - now);
}

/** "1 min", "2 min 30 s", "45 s": for the "next refresh in …" hint. */
export function formatDelay(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
}
