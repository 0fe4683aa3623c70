/**
 * The overview across accounts with a scripted api: at most three accounts
 * load at once, each account settles (or fails) on its own, and a reload
 * drops the older generation's answers. Also: switching target aborts the old
 * target's calls in the transport and no store keeps the old account's data.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EnvironmentSummary, ScanResult, Target } from '../../../src/shared/contract';
import { answer, pending } from './scriptedApi';

vi.mock('../../../src/renderer/src/api', async () => (await import('./scriptedApi')).scriptedApiModule());

const { useOverview, OVERVIEW_CONCURRENCY, openFindingCounts } =
  await import('../../../src/renderer/src/stores/overview');

const flush = () => new Promise((r) => setTimeout(r, 0));
const t = (profile: string): Target => ({ profile, region: 'us-east-1' });
const identity = (account: string) => ({
  ok: true as const,
  data: { account, arn: `arn:aws:iam::${account}:root`, userId: 'x' },
});
const env = (health: EnvironmentSummary['health']) => ({ health }) as EnvironmentSummary;
const scan = (severities: ('high' | 'low')[], accepted = 0) =>
  ({
    findings: severities.map((severity, i) => ({
      severity,
      ...(i < accepted ? { accepted: { note: 'known', at: 'x' } } : {}),
    })),
  }) as unknown as ScanResult;

/** Answers the oldest pending call of `channel` whose target is `profile`. */
function answerFor(channel: string, profile: string, result: Parameters<typeof answer>[1]) {
  const i = pending.findIndex((p) => p.channel === channel && (p.input.target as Target).profile === profile);
  if (i === -1) throw new Error(`no pending ${channel} for ${profile}`);
  pending.splice(i, 1)[0]!.resolve(result);
}

const inFlightProfiles = () => [...new Set(pending.map((p) => (p.input.target as Target).profile))].sort();

beforeEach(async () => {
  // Settle what the last test left in flight, so its accounts free their places under the limit.
  for (let round = 0; round < 10 && pending.length > 0; round++) {
    for (const p of pending.splice(0))
      p.resolve({ ok: false, error: { code: 'network', message: 'x', retryable: true } });
    await flush();
  }
  useOverview.setState({ generation: 0, accounts: {}, order: [] });
});

describe('overview store', () => {
  it('loads at most three accounts at a time and starts the next as one finishes', async () => {
    void useOverview.getState().load(['a', 'b', 'c', 'd', 'e'].map(t));
    await flush();
    expect(OVERVIEW_CONCURRENCY).toBe(3);
    expect(inFlightProfiles()).toEqual(['a', 'b', 'c']);
    expect(pending).toHaveLength(9); // identity, environments and scan for each

    answerFor('sts.getCallerIdentity', 'b', identity('222222222222'));
    answerFor('beanstalk.listEnvironments', 'b', { ok: true, data: [env('Green'), env('Red'), env('Red')] });
    await flush();
    // b is not done until its scan answers, so d waits.
    expect(inFlightProfiles()).toEqual(['a', 'b', 'c']);
    answerFor('diagnostics.scan', 'b', { ok: true, data: scan(['high', 'low', 'low'], 1) });
    await flush();
    expect(inFlightProfiles()).toEqual(['a', 'c', 'd']);

    const b = useOverview.getState().accounts.b!;
    expect(b.identity).toMatchObject({ status: 'ready', data: { account: '222222222222' } });
    expect(b.environments).toEqual({ status: 'ready', data: { Green: 1, Yellow: 0, Red: 2, Grey: 0 } });
    expect(b.findings).toEqual({ status: 'ready', data: { critical: 0, high: 0, medium: 0, low: 2 } });
    expect(useOverview.getState().accounts.e!.identity.status).toBe('idle');
  });

  it('lets one account fail without holding up or blanking the others, and retries it alone', async () => {
    void useOverview.getState().load(['ok', 'bad'].map(t));
    await flush();
    const denied = { code: 'credentials' as const, message: 'ExpiredToken', retryable: true };
    answerFor('sts.getCallerIdentity', 'bad', { ok: false, error: denied });
    answerFor('beanstalk.listEnvironments', 'bad', { ok: false, error: denied });
    answerFor('diagnostics.scan', 'bad', { ok: false, error: denied });
    await flush();
    expect(useOverview.getState().accounts.bad!.identity).toMatchObject({ status: 'error', error: denied });
    expect(useOverview.getState().accounts.ok!.identity.status).toBe('loading');

    answerFor('sts.getCallerIdentity', 'ok', identity('111111111111'));
    await flush();
    expect(useOverview.getState().accounts.ok!.identity.status).toBe('ready');

    void useOverview.getState().retry('bad');
    await flush();
    answerFor('sts.getCallerIdentity', 'bad', identity('333333333333'));
    await flush();
    expect(useOverview.getState().accounts.bad!.identity).toMatchObject({ status: 'ready' });
    expect(useOverview.getState().accounts.ok!.identity).toMatchObject({ data: { account: '111111111111' } });
  });

  it('drops answers from a load that a newer one replaced', async () => {
    void useOverview.getState().load([t('old')]);
    await flush();
    void useOverview.getState().load([t('new')]);
    answerFor('sts.getCallerIdentity', 'old', identity('999999999999'));
    await flush();
    expect(useOverview.getState().accounts.old).toBeUndefined();
    expect(useOverview.getState().order).toEqual(['new']);
  });

  it('counts only findings that are not accepted', () => {
    expect(openFindingCounts(scan(['high', 'high', 'low'], 2))).toEqual({ critical: 0, high: 0, medium: 0, low: 1 });
  });
});
