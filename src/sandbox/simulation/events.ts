/** Appending Elastic Beanstalk events with a strictly increasing sequence number. */
import { isDraft, original } from 'immer';
import { isoSeconds } from '../protocols/xml';
import type { EnvironmentState, EventSeverity, EventState } from '../state/beanstalkState';
import type { StateDocument } from '../state/document';

export interface NewEvent {
  readonly severity: EventSeverity;
  readonly message: string;
  readonly requestId?: string;
  readonly versionLabel?: string;
}

/**
 * The highest seq of the events up to and including this one, for the last
 * event each call saw. Keyed by the event object, not the array: immer hands
 * out a new array on every write, but the events in it are the same objects,
 * so the next call walks back only over the events appended since. Events
 * are only ever appended (never reordered), and one removed would only leave
 * the remembered maximum too high, which still gives an unused number.
 */
const highestUpTo = new WeakMap<object, number>();

/** The event itself, not immer's proxy of it, so the same event is the same key in every draft. */
const identity = (event: EventState): object => (isDraft(event) ? (original(event) ?? event) : event);

/** One more than every seq in the document; O(1) amortised over a run of appends. */
export function nextEventSeq(doc: StateDocument): number {
  const events = doc.elasticbeanstalk.events;
  let from = events.length - 1;
  let highest = -1;
  for (; from >= 0; from--) {
    const known = highestUpTo.get(identity(events[from]!));
    if (known !== undefined) {
      highest = known;
      break;
    }
  }
  for (let i = from + 1; i < events.length; i++) highest = Math.max(highest, events[i]!.seq);
  const last = events[events.length - 1];
  if (last) highestUpTo.set(identity(last), highest);
  return highest + 1;
}

export function addEnvironmentEvent(
  draft: StateDocument,
  env: EnvironmentState,
  at: Date | string,
  event: NewEvent,
): void {
  draft.elasticbeanstalk.events.push({
    seq: nextEventSeq(draft),
    eventDate: typeof at === 'string' ? at : isoSeconds(at),
    message: event.message,
    applicationName: env.applicationName,
    environmentName: env.name,
    ...(event.versionLabel === undefined ? {} : { versionLabel: event.versionLabel }),
    severity: event.severity,
    ...(event.requestId === undefined ? {} : { requestId: event.requestId }),
  });
}
