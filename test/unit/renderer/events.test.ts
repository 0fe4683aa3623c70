import { describe, expect, it } from 'vitest';
import type { EnvironmentEvent } from '../../../src/shared/contract';
import { eventKey, mergeEvents, newestDate, severityRank, sinceInstant } from '../../../src/renderer/src/model/events';

const ev = (date: string, message: string, extra: Partial<EnvironmentEvent> = {}): EnvironmentEvent => ({
  date,
  message,
  severity: 'INFO',
  ...extra,
});

describe('mergeEvents', () => {
  const a = ev('2026-11-22T10:00:00Z', 'Environment update is starting.', { requestId: 'r1' });
  const b = ev('2026-11-22T10:01:00Z', 'Your WSGIPath refers to a file that does not exist.', {
    severity: 'ERROR',
    requestId: 'r1',
  });
  const c = ev('2026-11-22T10:02:00Z', 'Environment health has transitioned from Ok to Severe.');

  it('adds only events it has not seen, newest first, and reports their keys', () => {
    const first = mergeEvents([], [b, a]);
    expect(first.events).toEqual([b, a]);
    // A poll from the newest date repeats it; only the new one is added.
    const next = mergeEvents(first.events, [c, b]);
    expect(next.events).toEqual([c, b, a]);
    expect(next.added).toEqual([eventKey(c)]);
  });

  it('treats the same message at the same time with another request id as a different event', () => {
    const twin = { ...a, requestId: 'r2' };
    expect(mergeEvents([a], [twin]).added).toHaveLength(1);
    expect(mergeEvents([a], [{ ...a }]).added).toHaveLength(0);
  });

  it('drops duplicates inside one page and keeps older pages below', () => {
    const { events, added } = mergeEvents([c], [a, a, b]);
    expect(events).toEqual([c, b, a]);
    expect(added).toHaveLength(2);
  });

  it('returns a copy when nothing is new', () => {
    const existing = [c, b];
    const { events, added } = mergeEvents(existing, [b]);
    expect(events).toEqual(existing);
    expect(events).not.toBe(existing);
    expect(added).toEqual([]);
  });

  it('keeps the order of events that share a timestamp', () => {
    const x = ev('2026-11-22T10:05:00Z', 'x');
    const y = ev('2026-11-22T10:05:00Z', 'y');
    expect(mergeEvents([], [x, y]).events).toEqual([x, y]);
  });
});

describe('event helpers', () => {
  it('finds the newest date whatever the order', () => {
    expect(newestDate([ev('2026-11-22T09:00:00Z', 'a'), ev('2026-11-22T11:00:00Z', 'b')])).toBe('2026-11-22T11:00:00Z');
    expect(newestDate([])).toBeUndefined();
  });

  it('ranks severities from TRACE to FATAL', () => {
    expect(severityRank('TRACE')).toBeLessThan(severityRank('INFO'));
    expect(severityRank('ERROR')).toBeLessThan(severityRank('FATAL'));
  });

  it('turns a Since choice into an instant, and All into none', () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    expect(sinceInstant('1h', now)).toBe('2026-11-22T11:00:00.000Z');
    expect(sinceInstant('7d', now)).toBe('2026-11-15T12:00:00.000Z');
    expect(sinceInstant('all', now)).toBeUndefined();
  });
});
