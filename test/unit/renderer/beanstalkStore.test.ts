/**
 * The Beanstalk store with a scripted api: answers for another target are
 * dropped, the events tail merges polls without duplicates, a poll for an
 * abandoned query is ignored, and the list's failure streak drives backoff.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EnvironmentEvent, Target } from '../../../src/shared/contract';
import { answer, pending } from './scriptedApi';

vi.mock('../../../src/renderer/src/api', async () => (await import('./scriptedApi')).scriptedApiModule());

const { useBeanstalk } = await import('../../../src/renderer/src/stores/beanstalk');

const sandbox: Target = { profile: 'sandbox', region: 'us-east-1' };
const ENV = 'Bbruceeb2-env';

const flush = () => new Promise((r) => setTimeout(r, 0));
const ev = (date: string, message: string): EnvironmentEvent => ({ date, message, severity: 'ERROR' });
const page = (events: EnvironmentEvent[], nextToken?: string) => ({
  ok: true as const,
  data: { events, nextToken, apiCalls: 1 },
});

beforeEach(() => {
  pending.length = 0;
  useBeanstalk.setState({ key: null });
  useBeanstalk.getState().resetFor('sandbox|us-east-1');
});

describe('beanstalk store', () => {
  it('drops an environment list that arrives after the target changed', async () => {
    void useBeanstalk.getState().loadEnvironments(sandbox);
    useBeanstalk.getState().resetFor('work|eu-west-1');
    answer('beanstalk.listEnvironments', { ok: true, data: [] });
    await flush();
    expect(useBeanstalk.getState().environments).toEqual({ status: 'idle' });
  });

  it('counts failed list refreshes and resets the count on success', async () => {
    const failure = { ok: false as const, error: { code: 'network' as const, message: 'down', retryable: true } };
    void useBeanstalk.getState().loadEnvironments(sandbox);
    answer('beanstalk.listEnvironments', failure);
    await flush();
    void useBeanstalk.getState().loadEnvironments(sandbox);
    answer('beanstalk.listEnvironments', failure);
    await flush();
    expect(useBeanstalk.getState().errorStreak).toBe(2);
    void useBeanstalk.getState().loadEnvironments(sandbox);
    answer('beanstalk.listEnvironments', { ok: true, data: [] });
    await flush();
    expect(useBeanstalk.getState().errorStreak).toBe(0);
    expect(useBeanstalk.getState().refreshedAt).not.toBeNull();
  });

  it('tails events: polls from the newest date and adds only new ones', async () => {
    const older = ev('2026-11-22T10:00:00Z', 'Environment update is starting.');
    const wsgi = ev('2026-11-22T10:01:00Z', 'Your WSGIPath refers to a file that does not exist.');
    void useBeanstalk.getState().loadEvents(sandbox, ENV);
    const first = answer('beanstalk.describeEvents', page([wsgi, older], 'tok'));
    expect(first.input).toMatchObject({ severity: 'INFO', maxRecords: 1000 });
    await flush();

    void useBeanstalk.getState().pollEvents(sandbox, ENV);
    const newer = ev('2026-11-22T10:02:00Z', 'Environment health has transitioned to Severe.');
    const poll = answer('beanstalk.describeEvents', page([newer, wsgi]));
    expect(poll.input).toMatchObject({ since: wsgi.date });
    await flush();
    const log = useBeanstalk.getState().events[ENV];
    expect(log?.status).toBe('ready');
    if (log?.status !== 'ready') return;
    expect(log.data.events.map((e) => e.message)).toEqual([newer.message, wsgi.message, older.message]);
    expect(log.data.fresh).toHaveLength(1);
    expect(log.data.nextToken).toBe('tok'); // a poll does not touch the paging token
  });

  it('ignores a poll that answers after the query changed', async () => {
    void useBeanstalk.getState().loadEvents(sandbox, ENV);
    answer('beanstalk.describeEvents', page([ev('2026-11-22T10:00:00Z', 'a')]));
    await flush();
    void useBeanstalk.getState().pollEvents(sandbox, ENV);
    useBeanstalk.getState().setEventQuery(sandbox, ENV, { severity: 'ERROR' });
    // The poll (first pending) answers late with an INFO-level event; it must not land in the ERROR tail.
    answer('beanstalk.describeEvents', page([ev('2026-11-22T10:05:00Z', 'late')]));
    const reload = answer('beanstalk.describeEvents', page([ev('2026-11-22T10:00:00Z', 'a')]));
    expect(reload.input).toMatchObject({ severity: 'ERROR' });
    await flush();
    const log = useBeanstalk.getState().events[ENV];
    expect(log?.status === 'ready' && log.data.events.map((e) => e.message)).toEqual(['a']);
  });

  it('loads older pages with the token, below what is there, and stops when the token runs out', async () => {
    const newer = ev('2026-11-22T10:01:00Z', 'newer');
    const older = ev('2026-11-21T10:00:00Z', 'older');
    void useBeanstalk.getState().loadEvents(sandbox, ENV);
    answer('beanstalk.describeEvents', page([newer], 'page-2'));
    await flush();
    void useBeanstalk.getState().loadOlderEvents(sandbox, ENV);
    void useBeanstalk.getState().loadOlderEvents(sandbox, ENV); // a second click while loading is ignored
    expect(pending.filter((p) => p.channel === 'beanstalk.describeEvents')).toHaveLength(1);
    const call = answer('beanstalk.describeEvents', page([older]));
    expect(call.input).toMatchObject({ nextToken: 'page-2' });
    await flush();
    const log = useBeanstalk.getState().events[ENV];
    if (log?.status !== 'ready') throw new Error('not ready');
    expect(log.data.events.map((e) => e.message)).toEqual(['newer', 'older']);
    expect(log.data.nextToken).toBeUndefined();
    expect(log.data.fresh).toEqual([]); // older pages are not "new"
  });

  it('passes the Since choice as an instant, and none for All', async () => {
    useBeanstalk.getState().setEventQuery(sandbox, ENV, { since: '1h' });
    const call = answer('beanstalk.describeEvents', page([]));
    const since = Date.parse(String(call.input['since']));
    expect(Math.abs(Date.now() - 3_600_000 - since)).toBeLessThan(5_000);
    useBeanstalk.getState().setEventQuery(sandbox, ENV, { since: 'all' });
    expect(answer('beanstalk.describeEvents', page([])).input['since']).toBeUndefined();
  });

  it('never keeps a revealed value', async () => {
    const promise = useBeanstalk.getState().revealProperty(sandbox, ENV, 'DATABASE_PASSWORD');
    answer('beanstalk.revealProperty', { ok: true, data: { value: 's3cret' } });
    expect(await promise).toEqual({ ok: true, data: { value: 's3cret' } });
    expect(JSON.stringify(useBeanstalk.getState())).not.toContain('s3cret');
  });
});
