import { useEffect, useRef, useState } from 'react';
import { remainingDelay } from '../model/refreshSchedule';

/** Follows `document.visibilityState`, so polling can pause while the window is hidden. */
function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const onChange = () => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  return visible;
}

/**
 * Runs `run` `delayMs` after `lastRunAt` (epoch ms of the last attempt), again
 * after each attempt, never while the page is hidden; when the page comes back
 * and a run is overdue, it runs at once. `delayMs: null` stops it.
 */
export function useAutoRefresh(run: () => void, delayMs: number | null, lastRunAt: number | null): void {
  const visible = usePageVisible();
  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  });

  useEffect(() => {
    if (!visible || delayMs === null) return;
    const wait = remainingDelay(lastRunAt, delayMs, Date.now());
    const timer = window.setTimeout(() => runRef.current(), wait);
    return () => window.clearTimeout(timer);
  }, [visible, delayMs, lastRunAt]);
}
