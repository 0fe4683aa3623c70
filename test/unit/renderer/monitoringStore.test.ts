/**
 * The Monitoring store with a scripted api: one call for loads that overlap,
 * answers for another target dropped, and the last answer of an environment
 * kept to show while another range loads.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EnvironmentMetrics, Target } from '../../../src/shared/contract';
import { answer, calls, pending } from './scriptedApi';

vi.mock('../../../src/renderer/src/api', async () => (await import('./scriptedApi')).scriptedApiModule());

const { useMonitoring, metricsKey } = await import('../../../src/renderer/src/stores/monitoring');

const sandbox: Target = { profile: 'sandbox', region: 'us-east-1' };
const ENV = 'Bbruceeb2-env';
const flush = () => new Promise((r) => setTimeout(r, 0));

const metrics = (rangeMinutes: EnvironmentMetrics['rangeMinutes'], v: number): EnvironmentMetrics => ({
  environmentName: ENV,
  ...(rangeMinutes === undefined ? {} : { rangeMinutes }),
  period: 60,
  start: '2026-12-06T21:00:00.000Z',
  end: '2026-12-06T22:00:00.000Z',
  series: [
    {
      id: 'health',
      metricName: 'EnvironmentHealth',
      label: 'Health',
      unit: 'None',
      points: [{ t: '2026-12-06T21:59:00.000Z', v }],
    },
  ],
  emptyMetricNames: [],
  instances: [],
  database: null,
  notes: [],
  markers: [],
  calls: 1,
  lookups: 0,
  readAt: '2026-12-06T22:00:01.000Z',
});

beforeEach(() => {
  pending.length = 0;
  calls.length = 0;
  useMonitoring.setState({ key: null, metrics: {}, latest: {}, loadedAt: {} });
});

describe('monitoring store', () => {
  it('answers overlapping loads of the same range with one call', async () => {
    void useMonitoring.getState().load(sandbox, ENV, 60);
    void useMonitoring.getState().load(sandbox, ENV, 60);
    expect(calls).toEqual(['monitoring.environment']);
    expect(pending[0]?.input).toEqual({ target: sandbox, environmentName: ENV, rangeMinutes: 60 });
    answer('monitoring.environment', { ok: true, data: metrics(60, 25) });
    await flush();
    expect(useMonitoring.getState().metrics[metricsKey(ENV, 60)]).toEqual({ status: 'ready', data: metrics(60, 25) });
  });

  it('keeps the last answer of an environment while another range loads, and drops answers for another target', async () => {
    void useMonitoring.getState().load(sandbox, ENV, 60);
    answer('monitoring.environment', { ok: true, data: metrics(60, 25) });
    await flush();
    void useMonitoring.getState().load(sandbox, ENV, 1440);
    expect(useMonitoring.getState().metrics[metricsKey(ENV, 1440)]?.status).toBe('loading');
    expect(useMonitoring.getState().latest[ENV]).toEqual(metrics(60, 25));

    // The profile changes before the day's answer arrives: it is not shown for the new target.
    void useMonitoring.getState().load({ profile: 'work', region: 'eu-west-1' }, ENV, 60);
    answer('monitoring.environment', { ok: true, data: metrics(1440, 20) });
    await flush();
    expect(useMonitoring.getState().latest[ENV]).toBeUndefined();
    expect(useMonitoring.getState().metrics[metricsKey(ENV, 1440)]).toBeUndefined();
  });

  it('asks for a custom window by its start and end, and keeps it apart from the presets', async () => {
    const custom = { start: '2026-12-06T08:00:00.000Z', end: '2026-12-06T09:30:00.000Z' };
    void useMonitoring.getState().load(sandbox, ENV, custom);
    expect(pending[0]?.input).toEqual({ target: sandbox, environmentName: ENV, ...custom });
    answer('monitoring.environment', { ok: true, data: metrics(undefined, 0) });
    await flush();
    expect(useMonitoring.getState().metrics[metricsKey(ENV, custom)]?.status).toBe('ready');
    expect(metricsKey(ENV, custom)).not.toBe(metricsKey(ENV, 60));
    expect(useMonitoring.getState().metrics[metricsKey(ENV, 60)]).toBeUndefined();
  });
});
