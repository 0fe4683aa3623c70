import { DescribeEventsCommand, type EventDescription } from '@aws-sdk/client-elastic-beanstalk';
import {
  severitySchema,
  type EnvironmentEvent,
  type EventPage,
  type Severity,
  type Target,
} from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { TrellisError } from '../aws/errors';
import { iso } from './beanstalkEnvironments';

export interface EventQuery {
  environmentName: string;
  /** Minimum severity, as EB applies it. */
  severity?: Severity;
  since?: string;
  maxRecords: number;
  nextToken?: string;
}

function eventOf(e: EventDescription): EnvironmentEvent {
  const severity = severitySchema.safeParse(e.Severity);
  return {
    date: iso(e.EventDate),
    severity: severity.success ? severity.data : 'INFO',
    message: e.Message ?? '',
    environmentName: e.EnvironmentName,
    applicationName: e.ApplicationName,
    versionLabel: e.VersionLabel,
    requestId: e.RequestId,
  };
}

/**
 * Newest first, one event per (date, message, request). EB can repeat an
 * event within a page (one per instance reporting the same thing), and the
 * renderer's live tail re-asks from the newest date it has seen, so the same
 * instant comes back at the edge of each poll.
 */
export function normaliseEvents(events: EventDescription[]): EnvironmentEvent[] {
  const seen = new Set<string>();
  const out: EnvironmentEvent[] = [];
  for (const e of events.map(eventOf)) {
    const key = `${e.date}\u0000${e.message}\u0000${e.requestId ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

/** One page of events; the caller pages on with nextToken (`eb events` reads the same way). */
export async function describeEvents(aws: ClientFactory, target: Target, query: EventQuery): Promise<EventPage> {
  const since = query.since === undefined ? undefined : new Date(query.since);
  if (since && Number.isNaN(since.getTime())) {
    throw new TrellisError({
      code: 'validation',
      message: `since must be an ISO date, got ${JSON.stringify(query.since)}.`,
      retryable: false,
    });
  }
  const page = await aws.call(target, 'elasticbeanstalk', 'DescribeEvents', (client) =>
    client.send(
      new DescribeEventsCommand({
        EnvironmentName: query.environmentName,
        MaxRecords: query.maxRecords,
        ...(query.severity ? { Severity: query.severity } : {}),
        ...(since ? { StartTime: since } : {}),
        ...(query.nextToken ? { NextToken: query.nextToken } : {}),
      }),
    ),
  );
  return {
    events: normaliseEvents(page.Events ?? []),
    ...(page.NextToken ? { nextToken: page.NextToken } : {}),
    apiCalls: 1,
  };
}
