/**
 * The live instance table's store with a scripted api: the clock and the
 * button asking at once make one call, a failed refresh keeps the last
 * reading on screen, and an answer for a target the console left is dropped.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveInstances, Target } from '../../../src/shared/contract';
import { answer, calls, pending } from './scriptedApi';

vi.mock('../../../src/renderer/src/api', async () => (await import('./scriptedApi')).scriptedApiModule());

const { useLiveInstances } = await import('../../../src/renderer/src/stores/liveInstances');

const sandbox: Target = { profile: 'sandbox', region: 'us-east-1' };
const ENV = 'Bbruceeb2-env';
const flush = () => new Promise((r) => setTimeout(r, 0));

const reading = (requestCount: number): LiveInstances => ({
  environmentName: ENV,
  healthStatus: 'Severe',
  color: 'Red',
  causes: ['Command failed on all instances.'],
  instanceCounts: { Severe: 1 },
  refreshedAt: '2026-12-06T22:00:00.000Z',
  instances: [],
  application: { requestCount, durationSeconds: 10, requestsPerSecond: requestCount / 10 },
  readAt: '2026-12-06T22:00:01.000Z',
});

beforeEach(() => {
  pending.length = 0;
  calls.length = 0;
  useLiveInstances.setState({ key: null, live: {} });
});

describe('live instances store', () => {
  it('answers overlapping loads with one call, and keeps the last reading when a refresh fails', async () => {
    void useLiveInstances.getState().load(sandbox, ENV);
    void useLiveInstances.getState().load(sandbox, ENV);
    expect(calls).toEqual(['beanstalk.instancesLive']);
    expect(pending[0]?.input).toEqual({ target: sandbox, environmentName: ENV });
    answer('beanstalk.instancesLive', { ok: true, data: reading(17) });
    await flush();
    expect(useLiveInstances.getState().live[ENV]).toEqual({ status: 'ready', data: reading(17) });

    void useLiveInstances.getState().load(sandbox, ENV);
    const error = { code: 'network' as const, message: 'Could not reach the sandbox.', retryable: true };
    answer('beanstalk.instancesLive', { ok: false, error });
    await flush();
    expect(useLiveInstances.getState().live[ENV]).toEqual({ status: 'error', error, previous: reading(17) });
  });

  it('drops an answer for a target the console has left', async () => {
    void useLiveInstances.getState().load(sandbox, ENV);
    void useLiveInstances.getState().load({ profile: 'work', region: 'eu-west-1' }, ENV);
    answer('beanstalk.instancesLive', { ok: true, data: reading(17) });
    await flush();
    expect(useLiveInstances.getState().live[ENV]?.status).toBe('loading');
    expect(useLiveInstances.getState().key).toBe('work|eu-west-1');
  });
});
