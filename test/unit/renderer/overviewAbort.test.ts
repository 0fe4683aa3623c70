/**
 * Switching profile or region cancels the old target's calls in flight: the
 * web client hands fetch the selected target's AbortSignal, the session store
 * aborts it on switch, and a late answer for the old account never reaches
 * the screen. Writes and other accounts' calls (the overview) are never cancelled.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EnvironmentSummary, ProfileSummary, Target } from '../../../src/shared/contract';
import { TargetAborts, targetAborts } from '../../../src/renderer/src/api/targetAborts';
import { CANCELLED_MESSAGE, createWebClient, type FetchLike } from '../../../src/renderer/src/api/webClient';
import { answer, pending } from './scriptedApi';

vi.mock('../../../src/renderer/src/api', async () => (await import('./scriptedApi')).scriptedApiModule());

const { useSession } = await import('../../../src/renderer/src/stores/session');
const { useBeanstalk } = await import('../../../src/renderer/src/stores/beanstalk');

const flush = () => new Promise((r) => setTimeout(r, 0));
const work: Target = { profile: 'work', region: 'us-east-1' };
const prod: Target = { profile: 'prod', region: 'eu-west-1' };

/** A fetch that never answers by itself; it rejects as the browser does when its signal aborts. */
function hangingFetch() {
  const seen: { url: string; signal: AbortSignal | undefined }[] = [];
  const fetch: FetchLike = (url, init) => {
    seen.push({ url, signal: init.signal });
    return new Promise((_resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  };
  return { fetch, seen };
}

describe('the web client with target signals', () => {
  it('aborts the selected target’s reads on switch and says so, and leaves writes and other accounts alone', async () => {
    const aborts = new TargetAborts();
    const { fetch, seen } = hangingFetch();
    const api = createWebClient({ fetch, getToken: () => 't', signalFor: (c, i) => aborts.signalFor(c, i) });
    aborts.select('work|us-east-1');

    const read = api['beanstalk.listEnvironments']({ target: work });
    void api['changes.apply']({ planId: '00000000-0000-4000-8000-000000000001' });
    void api['sts.getCallerIdentity']({ target: prod }); // the overview reads another account
    expect(seen.map((s) => s.signal !== undefined)).toEqual([true, false, false]);

    expect(aborts.select('prod|eu-west-1')).toBe(true);
    const result = await read;
    expect(result).toEqual({ ok: false, error: { code: 'network', message: CANCELLED_MESSAGE, retryable: true } });
    expect(seen[0]!.signal!.aborted).toBe(true);
    // The new target's calls get a fresh, live signal.
    void api['beanstalk.listEnvironments']({ target: prod });
    expect(seen[3]!.signal!.aborted).toBe(false);
  });
});

describe('switching profile in the session store', () => {
  const summary = (name: string, region: string): ProfileSummary => ({
    name,
    source: 'config',
    kind: 'static',
    region,
    readOnly: false,
    readOnlyLocked: false,
  });

  beforeEach(() => {
    pending.length = 0;
    useSession.setState({
      target: null,
      profiles: {
        status: 'ready',
        data: { profiles: [summary('work', 'us-east-1'), summary('prod', 'eu-west-1')], fileProblems: [] },
      },
    });
  });

  it('aborts the old target’s signal and drops its late environment list, so nothing of it stays on screen', async () => {
    useSession.getState().selectProfile('work');
    answer('sts.getCallerIdentity', {
      ok: true,
      data: { account: '111111111111', arn: 'arn:aws:iam::111111111111:root', userId: 'u' },
    });
    await flush();
    useBeanstalk.getState().ensureEnvironments(work);
    const workSignal = targetAborts.signalFor('beanstalk.listEnvironments', { target: work });
    expect(workSignal?.aborted).toBe(false);

    useSession.getState().selectProfile('prod');
    expect(workSignal?.aborted).toBe(true);
    expect(useSession.getState().identity.status).toBe('loading');

    // The old account's list arrives late anyway (as over IPC, which cannot be cancelled).
    answer('beanstalk.listEnvironments', {
      ok: true,
      data: [{ name: 'work-env', health: 'Green' } as EnvironmentSummary],
    });
    answer('sts.getCallerIdentity', {
      ok: true,
      data: { account: '222222222222', arn: 'arn:aws:iam::222222222222:root', userId: 'u' },
    });
    await flush();
    expect(useBeanstalk.getState().key).toBe('prod|eu-west-1');
    expect(useBeanstalk.getState().environments).toEqual({ status: 'idle' });
    expect(JSON.stringify(useBeanstalk.getState())).not.toContain('work-env');
    expect(useSession.getState().identity).toMatchObject({ status: 'ready', data: { account: '222222222222' } });
  });
});
