/** Appending Elastic Beanstalk events with a strictly increasing sequence number. */
import { isoSeconds } from '../protocols/xml';
import type { EnvironmentState, EventSeverity } from '../state/beanstalkState';
import type { StateDocument } from '../state/document';

export interface NewEvent {
  readonly severity: EventSeverity;
  readonly message: string;
  readonly requestId?: string;
  readonly versionLabel?: string;
}

export function nextEventSeq(doc: StateDocument): number {
  return doc.elasticbeanstalk.events.reduce((max, e) => Math.max(max, e.seq), -1) + 1;
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
