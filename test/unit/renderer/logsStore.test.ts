/**
 * The logs store with a scripted api: a request waits, polling main until it
 * says ready, and keeps EB's progress line meanwhile; main's timeout ends the
 * wait with its message; Cancel stops the polling and drops a late answer;
 * the live tail polls from nextSince and merges without repeating an event.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveLogEvent, LogRetrieval, Target } from '../../../src/shared/contract';
import { answer, pending } from './scriptedApi';

vi.mock('../../../src/renderer/src/api', async () => (await import('./scriptedApi')).scriptedApiModule());

const { useLogs, mergeLiveEvents, LOG_WAIT_LIMIT_SECONDS } = await import('../../../src/renderer/src/stores/logs');

const sandbox: Target = { profile: 'sandbox', region: 'us-east-1' };
const ENV = 'Bbruceeb2-env';
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};
const requested = {
  ok: true as const,
  data: {
    requestId: 'h-1',
    environmentName: ENV,
    infoType: 'tail' as const,
    requestedAt: '2026-11-22T10:00:00Z',
    instanceIds: ['i-1'],
    waitLimitSeconds: 120,
  },
};
const ready: LogRetrieval = {
  state: 'ready',
  infoType: 'tail',
  waitedMs: 5_000,
  instances: [{ instanceId: 'i-1', files: [{ path: '/var/log/web.stdout.log', text: 'x\n', bytes: 2, lineCount: 1 }] }],
  totalBytes: 2,
  apiCalls: 6,
};

beforeEach(() => {
  vi.useFakeTimers();
  pending.length = 0;
  useLogs.setState({ key: null });
  useLogs.getState().resetFor('sandbox|us-east-1');
});
afterEach(() => vi.useRealTimers());

describe('logs store: a request and its wait', () => {
  it('polls main until the logs are ready, showing EB’s progress meanwhile', async () => {
    void useLogs.getState().requestLogs(sandbox, ENV, 'tail');
    expect(useLogs.getState().fetches[ENV]).toMatchObject({ phase: 'requesting', infoType: 'tail' });
    const req = answer('beanstalk.requestLogs', requested);
    expect(req.input).toMatchObject({
      environmentName: ENV,
      infoType: 'tail',
      waitLimitSeconds: LOG_WAIT_LIMIT_SECONDS,
    });
    await flush();
    expect(useLogs.getState().fetches[ENV]).toMatchObject({ phase: 'waiting', instanceIds: ['i-1'] });

    await vi.advanceTimersByTimeAsync(500);
    const poll = answer('beanstalk.retrieveLogs', {
      ok: true,
      data: { state: 'pending', waitedMs: 500, progress: 'requestEnvironmentInfo is starting.' },
    });
    expect(poll.input).toEqual({ target: sandbox, requestId: 'h-1' });
    await flush();
    expect(useLogs.getState().fetches[ENV]).toMatchObject({
      phase: 'waiting',
      progress: 'requestEnvironmentInfo is starting.',
    });

    await vi.advanceTimersByTimeAsync(500);
    answer('beanstalk.retrieveLogs', { ok: true, data: ready });
    await flush();
    expect(useLogs.getState().fetches[ENV]).toMatchObject({ phase: 'ready', logs: ready });
    expect(useLogs.getState().lastLogs[ENV]?.logs).toBe(ready);
    expect(pending).toHaveLength(0);
  });

  it('ends the wait with main’s message when the logs never arrive, and polls no more', async () => {
    void useLogs.getState().requestLogs(sandbox, ENV, 'bundle');
    answer('beanstalk.requestLogs', requested);
    await flush();
    await vi.advanceTimersByTimeAsync(500);
    const message =
      'No logs arrived from Bbruceeb2-env within 120 s. Its instances may be stopped, or the instance profile may not be allowed to write to the elasticbeanstalk-us-east-1-570589970431 bucket.';
    answer('beanstalk.retrieveLogs', { ok: false, error: { code: 'timeout', message, retryable: true } });
    await flush();
    expect(useLogs.getState().fetches[ENV]).toMatchObject({ phase: 'error', error: { code: 'timeout', message } });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pending).toHaveLength(0);
  });

  it('stops waiting on Cancel and ignores the answer to a poll already sent', async () => {
    void useLogs.getState().requestLogs(sandbox, ENV, 'tail');
    answer('beanstalk.requestLogs', requested);
    await flush();
    await vi.advanceTimersByTimeAsync(500);
    useLogs.getState().cancel(ENV);
    answer('beanstalk.retrieveLogs', { ok: true, data: ready });
    await flush();
    expect(useLogs.getState().fetches[ENV]).toEqual({ phase: 'idle' });
    expect(useLogs.getState().lastLogs[ENV]).toBeUndefined();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pending).toHaveLength(0);
  });

  it('gives up on its own if main stops answering with anything but pending', async () => {
    void useLogs.getState().requestLogs(sandbox, ENV, 'tail');
    answer('beanstalk.requestLogs', requested);
    await flush();
    for (let i = 0; i < 200 && useLogs.getState().fetches[ENV]?.phase === 'waiting'; i++) {
      await vi.advanceTimersByTimeAsync(2_000);
      if (pending.length) answer('beanstalk.retrieveLogs', { ok: true, data: { state: 'pending', waitedMs: 0 } });
      await flush();
    }
    expect(useLogs.getState().fetches[ENV]).toMatchObject({ phase: 'error', error: { code: 'timeout' } });
  });
});

describe('logs store: live tail', () => {
  const ev = (id: string, at: string, message = id): LiveLogEvent => ({
    id,
    timestamp: at,
    file: '/var/log/web.stdout.log',
    instanceId: 'i-1',
    message,
  });

  it('merges by time without repeating an id, keeping the newest when over the cap', () => {
    const a = ev('a', '2026-11-22T10:00:01Z');
    const b = ev('b', '2026-11-22T10:00:02Z');
    const c = ev('c', '2026-11-22T10:00:03Z');
    expect(mergeLiveEvents([a, c], [c, b])).toEqual({ events: [a, b, c], added: 1 });
    expect(mergeLiveEvents([a], [a])).toEqual({ events: [a], added: 0 });
    expect(mergeLiveEvents([a, b], [c], 2).events).toEqual([b, c]);
  });

  it('polls the environment’s groups from nextSince once on', async () => {
    void useLogs.getState().loadStreaming(sandbox, ENV);
    answer('beanstalk.logStreaming', {
      ok: true,
      data: { environmentName: ENV, enabled: true, logGroups: ['/aws/elasticbeanstalk/Bbruceeb2-env/var/log/x'] },
    });
    await flush();
    useLogs.getState().setLive(sandbox, ENV, true);
    const first = answer('beanstalk.tailLiveLogs', {
      ok: true,
      data: { events: [ev('a', '2026-11-22T10:00:01Z')], nextSince: '2026-11-22T10:00:01Z', apiCalls: 1 },
    });
    expect(first.input).toMatchObject({ logGroups: ['/aws/elasticbeanstalk/Bbruceeb2-env/var/log/x'] });
    await flush();
    void useLogs.getState().pollLive(sandbox, ENV);
    const second = answer('beanstalk.tailLiveLogs', {
      ok: true,
      data: {
        events: [ev('a', '2026-11-22T10:00:01Z'), ev('b', '2026-11-22T10:00:04Z')],
        nextSince: '2026-11-22T10:00:04Z',
        apiCalls: 1,
      },
    });
    expect(second.input).toMatchObject({ since: '2026-11-22T10:00:01Z' });
    await flush();
    expect(useLogs.getState().live[ENV]).toMatchObject({ on: true, added: 1, apiCalls: 2 });
    expect(useLogs.getState().live[ENV]!.events.map((e) => e.id)).toEqual(['a', 'b']);

    // Turned off while a poll is out: its answer is dropped.
    void useLogs.getState().pollLive(sandbox, ENV);
    useLogs.getState().setLive(sandbox, ENV, false);
    answer('beanstalk.tailLiveLogs', {
      ok: true,
      data: { events: [ev('c', '2026-11-22T10:00:05Z')], nextSince: '2026-11-22T10:00:05Z', apiCalls: 1 },
    });
    await flush();
    expect(useLogs.getState().live[ENV]!.events.map((e) => e.id)).toEqual(['a', 'b']);
  });
});
