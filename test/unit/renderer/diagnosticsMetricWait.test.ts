/**
 * After a verified fix whose finding the health metric backed, the store
 * keeps re-checking until main says the metric recovered, every 5 s and for
 * at most 10 minutes, then stops and marks the wait as timed out.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MetricRecovery, Result, Target, VerificationResult } from '../../../src/shared/contract';
import { answer, pending } from './scriptedApi';
import { finding } from './diagnosticsFixtures';

vi.mock('../../../src/renderer/src/api', async () => (await import('./scriptedApi')).scriptedApiModule());

const { useDiagnostics } = await import('../../../src/renderer/src/stores/diagnostics');
const { METRIC_POLL_INTERVAL_MS, METRIC_WAIT_MS } = await import('../../../src/renderer/src/stores/diagnosticsRecheck');

const sandbox: Target = { profile: 'sandbox', region: 'us-east-1' };
const wsgi = finding({ id: 'F3:environment/Bbruceeb2-env', summary: 'WSGIPath names a missing file' });
const verifies = () => pending.filter((p) => p.channel === 'diagnostics.verify').length;
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

function verified(metric: MetricRecovery): Result<VerificationResult> {
  return {
    ok: true,
    data: {
      findingId: wsgi.id,
      status: 'verified',
      reason: 'WSGIPath found',
      checkedAt: '2026-12-06T23:00:00.000Z',
      metric,
    },
  };
}
const waiting: MetricRecovery = {
  state: 'waiting',
  text: 'Health metric still Severe at 23:00 UTC; waiting for it to drop below Warning.',
  newest: { t: '2026-12-06T23:00:00.000Z', v: 25 },
};
const recovered: MetricRecovery = {
  state: 'recovered',
  text: "Health metric OK 3 min after the change (on the endpoint's clock: …).",
  newest: { t: '2026-12-06T23:03:00.000Z', v: 0 },
  tookSeconds: 180,
};

beforeEach(() => {
  pending.length = 0;
  vi.useFakeTimers();
  useDiagnostics.setState({ key: null });
  useDiagnostics.getState().resetFor('sandbox|us-east-1');
});
afterEach(() => vi.useRealTimers());

describe('diagnostics store: waiting for the health metric after a fix', () => {
  it('keeps asking while the metric is waiting, and stops once it recovered', async () => {
    useDiagnostics.getState().watch(sandbox, wsgi.id, 'fix');
    answer('diagnostics.verify', verified(waiting));
    await flush();
    const first = useDiagnostics.getState().verifications[wsgi.id];
    expect(first).toMatchObject({ remaining: 1, metricTimedOut: false });
    expect(first?.metricDeadline).toBe(Date.now() + METRIC_WAIT_MS);

    await vi.advanceTimersByTimeAsync(METRIC_POLL_INTERVAL_MS);
    expect(verifies()).toBe(1);
    answer('diagnostics.verify', verified(recovered));
    await flush();
    expect(useDiagnostics.getState().verifications[wsgi.id]).toMatchObject({
      remaining: 0,
      metricTimedOut: false,
      result: { metric: { state: 'recovered', tookSeconds: 180 } },
    });
    await vi.advanceTimersByTimeAsync(METRIC_POLL_INTERVAL_MS * 3);
    expect(verifies()).toBe(0);
  });

  it('gives up after ten minutes and says the wait timed out', async () => {
    useDiagnostics.getState().watch(sandbox, wsgi.id, 'fix');
    let rounds = 0;
    for (; rounds < 200 && verifies() > 0; rounds += 1) {
      answer('diagnostics.verify', verified(waiting));
      await flush();
      await vi.advanceTimersByTimeAsync(METRIC_POLL_INTERVAL_MS);
    }
    expect(rounds).toBe(METRIC_WAIT_MS / METRIC_POLL_INTERVAL_MS + 1);
    expect(useDiagnostics.getState().verifications[wsgi.id]).toMatchObject({
      remaining: 0,
      metricTimedOut: true,
      result: { metric: { state: 'waiting' } },
    });
  });
});
