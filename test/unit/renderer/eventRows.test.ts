import { describe, expect, it } from 'vitest';
import type { EnvironmentEvent } from '../../../src/shared/contract';
import { createRowFilter } from '../../../src/renderer/src/model/rowFilter';
import { eventRowKey, eventSearchText, sortEvents } from '../../../src/renderer/src/views/beanstalk/eventRows';

const ev = (
  date: string,
  severity: EnvironmentEvent['severity'],
  message: string,
  extra: Partial<EnvironmentEvent> = {},
) => ({ date, severity, message, ...extra }) satisfies EnvironmentEvent;

// Newest first, as the events tail keeps them.
const events = [
  ev('2026-11-22T10:03:00Z', 'INFO', 'Environment update completed successfully.'),
  ev('2026-11-22T10:02:00Z', 'ERROR', 'Your WSGIPath refers to a file that does not exist.', { requestId: 'req-42' }),
  ev('2026-11-22T10:01:00Z', 'WARN', 'Environment health has transitioned from Ok to Warning.'),
  ev('2026-11-22T10:00:00Z', 'ERROR', 'Failed to deploy configuration.', { versionLabel: 'app-v3' }),
];
const messages = (xs: readonly EnvironmentEvent[]) => xs.map((e) => e.message.split(' ')[0]);

describe('sortEvents', () => {
  it('keeps the tail order for newest first and reverses it for oldest first', () => {
    expect(sortEvents(events, { column: 'time', descending: true })).toBe(events);
    expect(messages(sortEvents(events, { column: 'time', descending: false }))).toEqual([
      'Failed',
      'Environment',
      'Your',
      'Environment',
    ]);
  });

  it('sorts by severity, most severe first when descending, newest first within a severity', () => {
    expect(sortEvents(events, { column: 'severity', descending: true }).map((e) => e.date)).toEqual([
      '2026-11-22T10:02:00Z',
      '2026-11-22T10:00:00Z',
      '2026-11-22T10:01:00Z',
      '2026-11-22T10:03:00Z',
    ]);
    expect(sortEvents(events, { column: 'severity', descending: false })[0]?.severity).toBe('INFO');
  });
});

describe('event search text', () => {
  it('covers severity, message, version label and request id in lower case', () => {
    const filter = createRowFilter(events, eventSearchText);
    expect(filter('error wsgipath').map((e) => e.requestId)).toEqual(['req-42']);
    expect(filter('APP-V3').map((e) => e.message)).toEqual(['Failed to deploy configuration.']);
    expect(filter('warn')).toHaveLength(1);
  });

  it('keys an event by date, message and request, so a repeat from a poll has the same key', () => {
    const again = { ...events[1]! };
    expect(eventRowKey(again)).toBe(eventRowKey(events[1]!));
    expect(eventRowKey(events[0]!)).not.toBe(eventRowKey(events[1]!));
  });
});
