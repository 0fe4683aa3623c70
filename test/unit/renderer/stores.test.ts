/**
 * The stores' promises about targets and the write path, with a scripted api:
 * answers for a target that is no longer selected are dropped, and Apply
 * cannot be submitted twice.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Plan, Target } from '../../../src/shared/contract';
import { answer, calls, pending } from './scriptedApi';

vi.mock('../../../src/renderer/src/api', async () => (await import('./scriptedApi')).scriptedApiModule());

const { useIam } = await import('../../../src/renderer/src/stores/iam');
const { useChanges } = await import('../../../src/renderer/src/stores/changes');

const sandbox: Target = { profile: 'sandbox', region: 'us-east-1' };
const other: Target = { profile: 'work', region: 'eu-west-1' };
const snapshot = (n: number) => ({ roles: [], users: [], localPolicies: [], fetchedAt: 'x', apiCalls: n });

const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  pending.length = 0;
  calls.length = 0;
  useIam.setState({ key: null });
  useChanges.getState().close();
});

describe('iam store', () => {
  it('drops a snapshot that arrives after the target changed', async () => {
    useIam.getState().ensureSnapshot(sandbox);
    useIam.getState().resetFor('work|eu-west-1');
    answer('iam.snapshot', { ok: true, data: snapshot(1) });
    await flush();
    expect(useIam.getState().key).toBe('work|eu-west-1');
    expect(useIam.getState().snapshot).toEqual({ status: 'idle' });
  });

  it('keeps the last good snapshot visible when a refresh fails', async () => {
    useIam.getState().ensureSnapshot(sandbox);
    answer('iam.snapshot', { ok: true, data: snapshot(1) });
    await flush();
    void useIam.getState().loadSnapshot(sandbox);
    answer('iam.snapshot', { ok: false, error: { code: 'network', message: 'down', retryable: true } });
    await flush();
    const s = useIam.getState().snapshot;
    expect(s.status).toBe('error');
    expect(s.status === 'error' && s.previous).toEqual(snapshot(1));
  });

  it('ignores a refresh for a target it does not hold', async () => {
    useIam.getState().ensureSnapshot(sandbox);
    calls.length = 0;
    await Promise.race([useIam.getState().loadSnapshot(other), flush()]);
    expect(calls).toEqual([]);
    expect(useIam.getState().key).toBe('sandbox|us-east-1');
  });
});

describe('changes store', () => {
  const plan = { id: '00000000-0000-4000-8000-000000000001', target: sandbox } as Plan;
  const intent = {
    kind: 'iam.attachPolicy' as const,
    principal: { type: 'role' as const, name: 'EC2_Can_Use_Services' },
    policyArn: 'arn:aws:iam::aws:policy/IAMFullAccess',
  };

  it('applies once however often Apply is pressed', async () => {
    void useChanges.getState().preview(sandbox, intent);
    answer('changes.plan', { ok: true, data: plan });
    await flush();
    expect(useChanges.getState().phase).toBe('review');
    void useChanges.getState().apply();
    void useChanges.getState().apply();
    expect(calls.filter((c) => c === 'changes.apply')).toHaveLength(1);
    expect(useChanges.getState().phase).toBe('applying');
  });

  it('refuses to apply a blocked plan', async () => {
    void useChanges.getState().preview(sandbox, intent);
    answer('changes.plan', { ok: true, data: { ...plan, blocked: 'read-only' } });
    await flush();
    await useChanges.getState().apply();
    expect(calls).not.toContain('changes.apply');
  });

  it('discards on Cancel, and discards a plan that arrives after Cancel', async () => {
    void useChanges.getState().preview(sandbox, intent);
    useChanges.getState().cancel();
    answer('changes.plan', { ok: true, data: plan });
    await flush();
    expect(useChanges.getState().phase).toBe('closed');
    expect(pending.map((p) => [p.channel, p.input])).toEqual([['changes.discard', { planId: plan.id }]]);
  });
});
