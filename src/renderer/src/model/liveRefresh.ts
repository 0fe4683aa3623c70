/**
 * The live instance table's clock, like `eb health --refresh`: a read at
 * once, then one every interval, never two at a time, none while the page
 * is hidden or the operator paused it, and none after it is stopped. It has
 * no React in it, so fake timers can drive every case.
 */
import { remainingDelay } from './refreshSchedule';

/** Whether the page is on screen, and a way to hear when that changes. */
export interface PageVisibility {
  visible(): boolean;
  /** Returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

export interface LiveRefreshOptions {
  intervalMs: number;
  /** One refresh; the next is not started before it settles. */
  run: () => Promise<void> | void;
  page: PageVisibility;
  now?: () => number;
}

export interface LiveRefresh {
  /** Reads at once (when visible and not paused) and keeps reading every interval. */
  start(): void;
  pause(): void;
  /** Reads at once when a read is overdue, then every interval again. */
  resume(): void;
  /** For good: unmounting the table ends it, a read in flight included (its answer schedules nothing). */
  stop(): void;
  readonly paused: boolean;
}

/** The browser's page, or an always-visible one where there is no document (tests in Node). */
export function documentVisibility(): PageVisibility {
  if (typeof document === 'undefined') return { visible: () => true, onChange: () => () => undefined };
  return {
    visible: () => document.visibilityState !== 'hidden',
    onChange: (listener) => {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
  };
}

export function createLiveRefresh({ intervalMs, run, page, now = Date.now }: LiveRefreshOptions): LiveRefresh {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastRunAt: number | null = null;
  let running = false;
  let paused = false;
  let started = false;
  let stopped = false;
  let unsubscribe: (() => void) | undefined;

  const clear = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  const schedule = () => {
    clear();
    if (!started || stopped || paused || running || !page.visible()) return;
    // The first read is due at once; later ones an interval after the previous one began.
    const wait = lastRunAt === null ? 0 : remainingDelay(lastRunAt, intervalMs, now());
    timer = setTimeout(() => void tick(), wait);
  };

  const tick = async () => {
    timer = undefined;
    if (stopped || paused || !page.visible()) return;
    running = true;
    lastRunAt = now();
    try {
      await run();
    } catch {
      // The store turns a failed read into data; a throw here must not end the refreshing.
    } finally {
      running = false;
    }
    schedule();
  };

  return {
    start() {
      if (started || stopped) return;
      started = true;
      unsubscribe = page.onChange(schedule);
      schedule();
    },
    pause() {
      paused = true;
      clear();
    },
    resume() {
      paused = false;
      schedule();
    },
    stop() {
      stopped = true;
      clear();
      unsubscribe?.();
      unsubscribe = undefined;
    },
    get paused() {
      return paused;
    },
  };
}
