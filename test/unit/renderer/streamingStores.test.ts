/**
 * The IAM and Parameters stores while a paged read streams in (scripted api):
 * the first page's rows are there as soon as it arrives, later pages are
 * batched and appended (arrays that only grow), the complete answer replaces
 * them, and no page of an older load or another target is ever applied.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IamSnapshotPage, ParameterPage, Role, Target } from '../../../src/shared/contract';
import { answer, calls, pending, type Pending } from './scriptedApi';

vi.mock('../../../src/renderer/src/api', async () => (await import('./scriptedApi')).scriptedApiModule());

const { useIam } = await import('../../../src/renderer/src/stores/iam');
const { useParameters } = await import('../../../src/renderer/src/stores/parameters');

const sandbox: Target = { profile: 'sandbox', region: 'us-east-1' };
const other: Target = { profile: 'work', region: 'eu-west-1' };

const role = (name: string): Role => ({
  name,
  arn: `arn:aws:iam::111122223333:role/${name}`,
  id: `AROA${name}`,
  path: '/',
  createDate: '2024-01-01T00:00:00.000Z',
  trustPolicy: '{}',
  attachedPolicies: [],
  inlinePolicies: [],
  instanceProfiles: [],
});
let rolesSoFar = 0;
function iamPage(pages: number, names: string[]): IamSnapshotPage {
  rolesSoFar = pages === 1 ? names.length : rolesSoFar + names.length;
  return {
    roles: names.map(role),
    users: [],
    groups: [],
    localPolicies: [],
    pages,
    loaded: { roles: rolesSoFar, users: 0, localPolicies: 0 },
  };
}
const parameterPage = (pages: number, names: string[], loaded: number): ParameterPage => ({
  parameters: names.map((name) => ({ name, type: 'String', version: 1 })),
  pages,
  loaded,
});

const pendingCall = (channel: string): Pending => {
  const call = pending.find((p) => p.channel === channel);
  if (!call?.options?.onProgress) throw new Error(`no streamed ${channel} pending`);
  return call;
};
const page = (call: Pending, p: unknown) => call.options!.onProgress!(p);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  pending.length = 0;
  calls.length = 0;
  useIam.setState({ key: null });
  useParameters.setState({ key: null });
});
afterEach(() => vi.useRealTimers());

describe('iam store, streaming', () => {
  it('shows the first page at once, batches later pages, and the complete answer replaces them', async () => {
    useIam.getState().ensureSnapshot(sandbox);
    const call = pendingCall('iam.snapshot');
    page(call, iamPage(1, ['a1', 'a2']));
    // The first page is applied in the next task, not in the one that read it.
    expect(useIam.getState().partial).toBeNull();
    vi.advanceTimersByTime(0);
    expect(useIam.getState().partial?.roles.map((r) => r.name)).toEqual(['a1', 'a2']);
    expect(useIam.getState().progress).toEqual({ pages: 1, loaded: { roles: 2, users: 0, localPolicies: 0 } });
    const first = useIam.getState().partial!.roles;

    page(call, iamPage(2, ['b1']));
    page(call, iamPage(3, ['c1', 'c2']));
    // Held for the batch interval: two pages, one render.
    expect(useIam.getState().partial?.roles).toBe(first);
    vi.advanceTimersByTime(100);
    const grown = useIam.getState().partial!.roles;
    expect(grown.map((r) => r.name)).toEqual(['a1', 'a2', 'b1', 'c1', 'c2']);
    // The rows already shown keep their identity: the tables merge only the new ones.
    expect(grown.slice(0, 2)).toEqual(first);
    expect(grown[0]).toBe(first[0]);
    expect(useIam.getState().progress?.pages).toBe(3);

    answer('iam.snapshot', {
      ok: true,
      data: { roles: grown, users: [], localPolicies: [], fetchedAt: 'x', apiCalls: 3 },
    });
    await vi.runAllTimersAsync();
    expect(useIam.getState().snapshot.status).toBe('ready');
    expect(useIam.getState().partial).toBeNull();
    expect(useIam.getState().progress).toBeNull();
  });

  it('applies no page of the old target after a switch, even one held for the next batch', async () => {
    useIam.getState().ensureSnapshot(sandbox);
    const call = pendingCall('iam.snapshot');
    page(call, iamPage(1, ['a1']));
    vi.advanceTimersByTime(0);
    page(call, iamPage(2, ['a2']));
    useIam.getState().ensureSnapshot(other);
    expect(useIam.getState().partial).toBeNull();
    page(call, iamPage(3, ['a3']));
    await vi.runAllTimersAsync();
    expect(useIam.getState().key).toBe('work|eu-west-1');
    expect(useIam.getState().partial).toBeNull();
    expect(useIam.getState().progress).toBeNull();
  });

  it('drops the pages and answer of a load that a newer one replaced (Refresh mid-stream)', async () => {
    useIam.getState().ensureSnapshot(sandbox);
    const older = pendingCall('iam.snapshot');
    page(older, iamPage(1, ['old1']));
    vi.advanceTimersByTime(0);
    void useIam.getState().loadSnapshot(sandbox);
    const newer = pending.filter((p) => p.channel === 'iam.snapshot')[1]!;
    expect(useIam.getState().partial).toBeNull();
    page(older, iamPage(2, ['old2']));
    page(newer, iamPage(1, ['new1']));
    await vi.runAllTimersAsync();
    expect(useIam.getState().partial?.roles.map((r) => r.name)).toEqual(['new1']);
    older.resolve({ ok: true, data: { roles: [], users: [], localPolicies: [], fetchedAt: 'old', apiCalls: 9 } });
    await vi.runAllTimersAsync();
    expect(useIam.getState().snapshot.status).toBe('loading');
  });
});

describe('leaving a view mid-stream', () => {
  it('IAM: aborts the read, drops its pages, and the next visit loads afresh', async () => {
    useIam.getState().ensureSnapshot(sandbox);
    const call = pendingCall('iam.snapshot');
    const signal = (call.options as { signal?: AbortSignal }).signal;
    page(call, iamPage(1, ['a1']));
    vi.advanceTimersByTime(0);
    expect(useIam.getState().partial?.roles).toHaveLength(1);
    useIam.getState().cancelSnapshot();
    expect(signal?.aborted).toBe(true);
    expect(useIam.getState().snapshot).toEqual({ status: 'idle' });
    page(call, iamPage(2, ['a2']));
    call.resolve({ ok: false, error: { code: 'network', message: 'Cancelled', retryable: true } });
    await vi.runAllTimersAsync();
    expect(useIam.getState().partial).toBeNull();
    expect(useIam.getState().snapshot).toEqual({ status: 'idle' });
    useIam.getState().ensureSnapshot(sandbox);
    expect(pending.filter((p) => p.channel === 'iam.snapshot')).toHaveLength(2);
  });

  it('Parameters: a reload left mid-stream keeps the previous listing', async () => {
    void useParameters.getState().load(sandbox);
    answer('ssm.listParameters', { ok: true, data: { parameters: [], apiCalls: 1 } });
    await vi.runAllTimersAsync();
    void useParameters.getState().load(sandbox);
    const call = pendingCall('ssm.listParameters');
    useParameters.getState().cancelLoad();
    expect((call.options as { signal?: AbortSignal }).signal?.aborted).toBe(true);
    expect(useParameters.getState().list).toEqual({ status: 'ready', data: { parameters: [], apiCalls: 1 } });
  });
});

describe('parameters store, streaming', () => {
  it('lists the first page at once and appends later pages in batches', async () => {
    void useParameters.getState().load(sandbox);
    const call = pendingCall('ssm.listParameters');
    page(call, parameterPage(1, ['/app/a', '/app/b'], 2));
    vi.advanceTimersByTime(0);
    expect(useParameters.getState().partial?.parameters.map((p) => p.name)).toEqual(['/app/a', '/app/b']);
    expect(useParameters.getState().progress).toEqual({ pages: 1, loaded: 2 });
    for (let i = 2; i <= 5; i++) page(call, parameterPage(i, [`/app/p${i}`], i + 1));
    vi.advanceTimersByTime(100);
    expect(useParameters.getState().partial?.parameters).toHaveLength(6);
    expect(useParameters.getState().progress).toEqual({ pages: 5, loaded: 6 });
  });

  it('applies no page once the target changed', async () => {
    void useParameters.getState().load(sandbox);
    const call = pendingCall('ssm.listParameters');
    void useParameters.getState().load(other);
    page(call, parameterPage(1, ['/stale'], 1));
    await vi.runAllTimersAsync();
    expect(useParameters.getState().partial).toBeNull();
    expect(useParameters.getState().key).toBe('work|eu-west-1');
  });
});
