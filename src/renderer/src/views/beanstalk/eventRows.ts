/**
 * The events list's rows: each event's key, search text and time computed
 * once (events keep their identity across polls and pages, so a merge costs
 * only the new ones), and the list sorted by time or severity.
 */
import type { EnvironmentEvent } from '../../../../shared/contract';
import { eventKey, severityRank } from '../../model/events';

export type EventColumn = 'time' | 'severity';

export interface EventSort {
  column: EventColumn;
  descending: boolean;
}

export const NEWEST_FIRST: EventSort = { column: 'time', descending: true };

interface EventFacts {
  key: string;
  /** Severity, message, version label and request id, lower case. */
  search: string;
  time: number;
}

const facts = new WeakMap<EnvironmentEvent, EventFacts>();

function factsOf(event: EnvironmentEvent): EventFacts {
  let f = facts.get(event);
  if (!f) {
    const time = Date.parse(event.date);
    f = {
      key: eventKey(event),
      search: [event.severity, event.message, event.versionLabel ?? '', event.requestId ?? ''].join('\n').toLowerCase(),
      time: Number.isNaN(time) ? 0 : time,
    };
    facts.set(event, f);
  }
  return f;
}

export const eventRowKey = (event: EnvironmentEvent): string => factsOf(event).key;
export const eventSearchText = (event: EnvironmentEvent): string => factsOf(event).search;

/**
 * `events` (newest first, as the tail keeps them) in `sort` order. Equal
 * times and severities keep the tail's order, so a sort never shuffles
 * events of one instant.
 */
export function sortEvents(events: readonly EnvironmentEvent[], sort: EventSort): readonly EnvironmentEvent[] {
  if (sort.column === 'time') return sort.descending ? events : [...events].reverse();
  const sign = sort.descending ? -1 : 1;
  return events
    .map((event, i) => ({ event, i, rank: severityRank(event.severity), time: factsOf(event).time }))
    .sort((a, b) => sign * (a.rank - b.rank) || b.time - a.time || a.i - b.i)
    .map((x) => x.event);
}
