/**
 * The live instance table's refresh clock under fake timers: a read at
 * once, one every 10 s while visible, none while hidden or paused, one at
 * once on return when overdue, never two at a time, none after stop.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLiveRefresh, type PageVisibility } from '../../../src/renderer/src/model/liveRefresh';

const INTERVAL = 10_000;

/** A page whose visibility the test flips, telling listeners as the browser does. */
function fakePage(): PageVisibility & { set(visible: boolean): void; listeners: number } {
  let visible = true;
  const listeners = new Set<() => void>();
  return {
    visible: () => visible,
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      visible = next;
      for (const l of [...listeners]) l();
    },
    get listeners() {
      return listeners.size;
    },
  };
}

let page: ReturnType<typeof fakePage>;
let runs: number;
const run = () => {
  runs += 1;
};

beforeEach(() => {
  vi.useFakeTimers();
  page = fakePage();
  runs = 0;
});
afterEach(() => vi.useRealTimers());

const start = (read: () => Promise<void> | void = run) => {
  const refresh = createLiveRefresh({ intervalMs: INTERVAL, run: read, page });
  refresh.start();
  return refresh;
};

describe('createLiveRefresh', () => {
  it('reads at once, then every 10 s while the page is visible', async () => {
    start();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(INTERVAL - 1);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(2);
    await vi.advanceTimersByTimeAsync(3 * INTERVAL);
    expect(runs).toBe(5);
  });

  it('reads nothing while hidden, and at once on return when a read is overdue', async () => {
    start();
    await vi.advanceTimersByTimeAsync(0);
    page.set(false);
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(runs).toBe(1);
    page.set(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(2);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(runs).toBe(3);
  });

  it('waits out the rest of the interval when the page returns early', async () => {
    start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(4_000);
    page.set(false);
    await vi.advanceTimersByTimeAsync(2_000);
    page.set(true);
    await vi.advanceTimersByTimeAsync(3_999);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(2);
  });

  it('does not read on start when the page is hidden', async () => {
    page.set(false);
    start();
    await vi.advanceTimersByTimeAsync(5 * INTERVAL);
    expect(runs).toBe(0);
    page.set(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
  });

  it('pauses and resumes on the operator’s word, whatever the page does meanwhile', async () => {
    const refresh = start();
    await vi.advanceTimersByTimeAsync(0);
    refresh.pause();
    expect(refresh.paused).toBe(true);
    await vi.advanceTimersByTimeAsync(5 * INTERVAL);
    // Coming back to the page does not undo a pause.
    page.set(false);
    page.set(true);
    await vi.advanceTimersByTimeAsync(5 * INTERVAL);
    expect(runs).toBe(1);
    refresh.resume();
    expect(refresh.paused).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(2);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(runs).toBe(3);
  });

  it('never starts a read while the last is still out, and goes on after a slow or failed one', async () => {
    let finish: (() => void) | undefined;
    let started = 0;
    start(() => {
      started += 1;
      if (started === 2) throw new Error('network');
      return new Promise<void>((resolve) => (finish = resolve));
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(1);
    // The first read takes 25 s: no second read begins meanwhile.
    await vi.advanceTimersByTimeAsync(25_000);
    expect(started).toBe(1);
    finish?.();
    await vi.advanceTimersByTimeAsync(0);
    // It was overdue, so the next read begins as soon as the slow one settles; that one throws.
    expect(started).toBe(2);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(started).toBe(3);
  });

  it('stops for good: no read after stop, even when a read in flight settles, and the page listener is gone', async () => {
    let finish: (() => void) | undefined;
    const refresh = start(() => {
      runs += 1;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(page.listeners).toBe(1);
    refresh.stop();
    expect(page.listeners).toBe(0);
    finish?.();
    page.set(false);
    page.set(true);
    refresh.resume();
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(runs).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
