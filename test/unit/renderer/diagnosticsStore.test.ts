/**
 * The diagnostics store with a scripted api: answers for another target or
 * for a superseded scan are dropped; after a fix is applied the finding is
 * re-checked every 3 s until verified, at most 10 times; an undo of that fix
 * is re-checked until the finding is back; acceptance patches the lists.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApplyOutcome, Plan, Result, ScanResult, Target, VerificationResult } from '../../../src/shared/contract';
import { answer, pending } from './scriptedApi';
import { finding } from './diagnosticsFixtures';

vi.mock('../../../src/renderer/src/api', async () => (await import('./scriptedApi')).scriptedApiModule());

const { useDiagnostics, findFinding } = await import('../../../src/renderer/src/stores/diagnostics');
const { POLL_LIMIT, POLL_INTERVAL_MS } = await import('../../../src/renderer/src/stores/diagnosticsRecheck');
const { useChanges } = await import('../../../src/renderer/src/stores/changes');

const sandbox: Target = { profile: 'sandbox', region: 'us-east-1' };
const wsgi = finding({ id: 'F3:Bbruceeb2-env', summary: 'WSGIPath names a missing file' });

const has = (channel: string) => pending.filter((p) => p.channel === channel).length;
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

function scanOf(findings = [wsgi]): ScanResult {
  return {
    target: sandbox,
    scannedAt: '2026-11-22T06:00:00.000Z',
    environments: [],
    findings,
    checks: [],
    problems: [],
    apiCalls: 12,
    durationMs: 340,
  };
}
const verification = (status: 'verified' | 'not-yet'): Result<VerificationResult> => ({
  ok: true,
  data: { findingId: wsgi.id, status, reason: status, checkedAt: '2026-11-22T06:00:01.000Z' },
});
const plan = {
  id: '8f0c6a2e-3b1d-4c5e-9f7a-1b2c3d4e5f60',
  target: sandbox,
  intent: { kind: 'composite' },
  resource: { service: 'elasticbeanstalk', type: 'environment', name: 'Bbruceeb2-env' },
  steps: [{ service: 'elasticbeanstalk', operation: 'UpdateEnvironment', input: {}, summary: '' }],
} as unknown as Plan;
const outcome = (entryId: string): Result<ApplyOutcome> => ({
  ok: true,
  data: {
    entry: {
      id: entryId,
      at: '2026-11-22T06:00:00.000Z',
      target: sandbox,
      title: 'fix',
      intent: plan.intent,
      status: 'applied',
      steps: [],
    },
    undoAvailable: true,
  },
});

beforeEach(() => {
  pending.length = 0;
  useDiagnostics.setState({ key: null });
  useDiagnostics.getState().resetFor('sandbox|us-east-1');
});
afterEach(() => {
  vi.useRealTimers();
  useChanges.getState().close();
});

describe('diagnostics store: scans', () => {
  it('drops a scan that arrives after the target changed', async () => {
    void useDiagnostics.getState().scan(sandbox);
    useDiagnostics.getState().resetFor('work|eu-west-1');
    answer('diagnostics.scan', { ok: true, data: scanOf() });
    await flush();
    expect(useDiagnostics.getState().scans).toEqual({});
  });

  it('keeps the newer of two overlapping scans of the same scope', async () => {
    void useDiagnostics.getState().scan(sandbox);
    void useDiagnostics.getState().scan(sandbox);
    const [first, second] = pending.splice(0, 2);
    second!.resolve({ ok: true, data: scanOf([]) });
    await flush();
    first!.resolve({ ok: true, data: scanOf([wsgi]) });
    await flush();
    const scan = useDiagnostics.getState().scans[''];
    expect(scan?.status === 'ready' && scan.data.findings).toEqual([]);
  });

  it('scans one environment when asked, and keeps scopes apart', async () => {
    void useDiagnostics.getState().scan(sandbox, 'Bbruceeb2-env');
    const call = answer('diagnostics.scan', { ok: true, data: scanOf() });
    expect(call.input).toEqual({ target: sandbox, environmentName: 'Bbruceeb2-env', readLogs: false });
    await flush();
    expect(Object.keys(useDiagnostics.getState().scans)).toEqual(['Bbruceeb2-env']);
    expect(findFinding(useDiagnostics.getState(), wsgi.id)?.summary).toBe(wsgi.summary);
  });

  it('asks the scan to read instance logs only when the option is on', async () => {
    useDiagnostics.getState().setReadLogs(true);
    void useDiagnostics.getState().scan(sandbox);
    const call = answer('diagnostics.scan', { ok: true, data: scanOf() });
    expect(call.input).toEqual({ target: sandbox, readLogs: true });
    await flush();
    useDiagnostics.getState().setReadLogs(false);
  });
});

describe('diagnostics store: fix, verify, undo', () => {
  async function applyFix(entryId: string) {
    useDiagnostics.getState().previewFix(sandbox, wsgi.id, 'set-wsgipath');
    const planCall = answer('diagnostics.planFix', { ok: true, data: plan });
    expect(planCall.input).toEqual({ target: sandbox, findingId: wsgi.id, fixId: 'set-wsgipath' });
    await flush();
    expect(useChanges.getState().phase).toBe('review');
    void useChanges.getState().apply();
    answer('changes.apply', outcome(entryId));
    await flush();
  }

  it('re-checks every 3 s until verified, then re-scans what is loaded', async () => {
    vi.useFakeTimers();
    void useDiagnostics.getState().scan(sandbox);
    answer('diagnostics.scan', { ok: true, data: scanOf() });
    await flush();

    await applyFix('11111111-1111-4111-8111-111111111111');
    expect(useDiagnostics.getState().applied[wsgi.id]?.entryId).toBe('11111111-1111-4111-8111-111111111111');
    expect(useDiagnostics.getState().applied[wsgi.id]?.finding?.id).toBe(wsgi.id);
    answer('diagnostics.verify', verification('not-yet'));
    await flush();
    expect(useDiagnostics.getState().verifications[wsgi.id]).toMatchObject({
      reason: 'fix',
      remaining: POLL_LIMIT - 1,
    });
    expect(has('diagnostics.verify')).toBe(0);

    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    answer('diagnostics.verify', verification('verified'));
    await flush();
    const state = useDiagnostics.getState().verifications[wsgi.id];
    expect(state?.result?.status).toBe('verified');
    expect(state?.remaining).toBe(0);
    expect(has('diagnostics.scan')).toBe(1); // the loaded scan is refreshed

    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 3);
    expect(has('diagnostics.verify')).toBe(0); // and polling stopped by itself
  });

  it('gives up after ten checks', async () => {
    vi.useFakeTimers();
    await applyFix('22222222-2222-4222-8222-222222222222');
    for (let i = 0; i < POLL_LIMIT; i++) {
      answer('diagnostics.verify', verification('not-yet'));
      await flush();
      await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    }
    expect(has('diagnostics.verify')).toBe(0);
    expect(useDiagnostics.getState().verifications[wsgi.id]).toMatchObject({ remaining: 0, attempts: POLL_LIMIT });
  });

  it('undoes the fix through the journal and waits for the finding to come back', async () => {
    vi.useFakeTimers();
    await applyFix('33333333-3333-4333-8333-333333333333');
    answer('diagnostics.verify', verification('verified'));
    await flush();
    useChanges.getState().close();

    useDiagnostics.getState().previewUndo(wsgi.id);
    const undoCall = answer('journal.planUndo', { ok: true, data: plan });
    expect(undoCall.input).toEqual({ entryId: '33333333-3333-4333-8333-333333333333' });
    await flush();
    void useChanges.getState().apply();
    answer('changes.apply', outcome('44444444-4444-4444-8444-444444444444'));
    await flush();
    expect(useDiagnostics.getState().applied[wsgi.id]?.undone).toBe(true);

    answer('diagnostics.verify', verification('verified'));
    await flush();
    expect(useDiagnostics.getState().verifications[wsgi.id]?.remaining).toBe(POLL_LIMIT - 1);
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    answer('diagnostics.verify', verification('not-yet'));
    await flush();
    expect(useDiagnostics.getState().verifications[wsgi.id]).toMatchObject({ reason: 'undo', remaining: 0 });
  });

  it('keeps a manual Check apart from the fix re-check', async () => {
    vi.useFakeTimers();
    await applyFix('66666666-6666-4666-8666-666666666666');
    answer('diagnostics.verify', verification('verified'));
    await flush();
    void useDiagnostics.getState().verify(sandbox, wsgi.id, 'check');
    answer('diagnostics.verify', verification('not-yet'));
    await flush();
    const { verifications } = useDiagnostics.getState();
    expect(verifications[wsgi.id]).toMatchObject({ reason: 'fix', result: { status: 'verified' } });
    expect(verifications[`check:${wsgi.id}`]).toMatchObject({ reason: 'check', result: { status: 'not-yet' } });
  });

  it('stops polling when the target changes', async () => {
    vi.useFakeTimers();
    await applyFix('55555555-5555-4555-8555-555555555555');
    answer('diagnostics.verify', verification('not-yet'));
    await flush();
    useDiagnostics.getState().resetFor('work|eu-west-1');
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 2);
    expect(has('diagnostics.verify')).toBe(0);
    expect(useDiagnostics.getState().key).toBe('work|eu-west-1');
  });
});

describe('diagnostics store: acceptance', () => {
  it('marks the finding accepted in every loaded list, and un-accepts it', async () => {
    void useDiagnostics.getState().scan(sandbox);
    answer('diagnostics.scan', { ok: true, data: scanOf() });
    await flush();

    const accepting = useDiagnostics.getState().accept(sandbox, wsgi.id, 'known, fixed next sprint');
    const at = '2026-11-22T06:05:00.000Z';
    answer('diagnostics.accept', {
      ok: true,
      data: { findingId: wsgi.id, accepted: { note: 'known, fixed next sprint', at } },
    });
    expect(await accepting).toBeNull();
    expect(findFinding(useDiagnostics.getState(), wsgi.id)?.accepted).toEqual({ note: 'known, fixed next sprint', at });

    const undoing = useDiagnostics.getState().accept(sandbox, wsgi.id, null);
    answer('diagnostics.accept', { ok: true, data: { findingId: wsgi.id, accepted: null } });
    expect(await undoing).toBeNull();
    expect(findFinding(useDiagnostics.getState(), wsgi.id)?.accepted).toBeUndefined();
  });

  it('returns the error and changes nothing when main refuses', async () => {
    void useDiagnostics.getState().scan(sandbox);
    answer('diagnostics.scan', { ok: true, data: scanOf() });
    await flush();
    const accepting = useDiagnostics.getState().accept(sandbox, wsgi.id, ' ');
    answer('diagnostics.accept', {
      ok: false,
      error: { code: 'validation', message: 'say why the finding is accepted', retryable: false },
    });
    expect((await accepting)?.message).toBe('say why the finding is accepted');
    expect(findFinding(useDiagnostics.getState(), wsgi.id)?.accepted).toBeUndefined();
  });
});
