/** The events tail: keys, merging without duplicates, filters and the "Since" choices. */
import type { EnvironmentEvent, Severity } from '../../../shared/contract';

export const severities: readonly Severity[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
export const DEFAULT_SEVERITY: Severity = 'INFO';

export const sinceChoices = [
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '6h', label: 'Last 6 hours', ms: 6 * 3_600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 24 * 3_600_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 24 * 3_600_000 },
  { id: 'all', label: 'All', ms: null },
] as const;

export type SinceChoice = (typeof sinceChoices)[number]['id'];
export const DEFAULT_SINCE: SinceChoice = 'all';

/** The ISO instant a "Since" choice means at `now`; undefined for "All". */
export function sinceInstant(choice: SinceChoice, now: number): string | undefined {
  const ms = sinceChoices.find((c) => c.id === choice)?.ms;
  return ms == null ? undefined : new Date(now - ms).toISOString();
}

/** EB repeats the newest event when polled with StartTime = its date; this key spots the repeat. */
export function eventKey(event: EnvironmentEvent): string {
  return `${event.date}\u0000${event.message}\u0000${event.requestId ?? ''}`;
}

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

/**
 * `existing` plus the events of `incoming` not already in it, newest first
 * (ties keep their order), and the keys that were new.
 */
export function mergeEvents(
  existing: readonly EnvironmentEvent[],
  incoming: readonly EnvironmentEvent[],
): { events: EnvironmentEvent[]; added: string[] } {
  const seen = new Set(existing.map(eventKey));
  const added: string[] = [];
  const fresh: EnvironmentEvent[] = [];
  for (const e of incoming) {
    const key = eventKey(e);
    if (seen.has(key)) continue;
    seen.add(key);
    added.push(key);
    fresh.push(e);
  }
  if (fresh.length === 0) return { events: [...existing], added };
  const events = [...fresh, ...existing]
    .map((e, i) => ({ e, i }))
    .sort((a, b) => time(b.e.date) - time(a.e.date) || a.i - b.i)
    .map(({ e }) => e);
  return { events, added };
}

/** The date to poll from: the newest event's, so nothing between polls is missed. */
export function newestDate(events: readonly EnvironmentEvent[]): string | undefined {
  let best: EnvironmentEvent | undefined;
  for (const e of events) if (!best || time(e.date) > time(best.date)) best = e;
  return best?.date;
}

export function severityRank(severity: Severity): number {
  return severities.indexOf(severity);
}

export function isSevere(severity: Severity): boolean {
  return severity === 'ERROR' || severity === 'FATAL';
}
