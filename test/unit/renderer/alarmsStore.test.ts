/**
 * The alarms store with a scripted api: one call for loads that overlap, a
 * failed refresh keeps the last list on screen, and an answer for another
 * target is dropped.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppError, EnvironmentAlarms, Target } from '../../../src/shared/contract';
import { answer, calls, pending } from './scriptedApi';

vi.mock('../../../src/renderer/src/api', async () => (await import('./scriptedApi')).scriptedApiModule());

const { useAlarms } = await import('../../../src/renderer/src/stores/alarms');

const sandbox: Target = { profile: 'sandbox', region: 'us-east-1' };
const ENV = 'Bbruceeb2-env';
const flush = () => new Promise((r) => setTimeout(r, 0));

const listed = (state: 'OK' | 'ALARM'): EnvironmentAlarms => ({
  environmentName: ENV,
  databases: [],
  alarms: [
    {
      name: `trellis-${ENV}-health-severe`,
      scope: 'environment',
      resource: ENV,
      namespace: 'AWS/ElasticBeanstalk',
      metricName: 'EnvironmentHealth',
      condition: 'EnvironmentHealth Maximum >= 25 for 3 of 3 minutes',
      state,
      stateReason: 'Threshold Crossed',
      madeByTrellis: true,
    },
  ],
  presets: {
    healthSevere: { alarmName: `trellis-${ENV}-health-severe`, exists: true },
    errors5xxPrefix: `trellis-${ENV}-5xx-above-`,
  },
  calls: 1,
  truncated: false,
  readAt: '2026-12-06T22:00:01.000Z',
});

beforeEach(() => {
  pending.length = 0;
  calls.length = 0;
  useAlarms.setState({ key: null, alarms: {}, loadedAt: {} });
});

describe('alarms store', () => {
  it('answers overlapping loads with one call, and keeps the last list when a refresh fails', async () => {
    void useAlarms.getState().load(sandbox, ENV);
    void useAlarms.getState().load(sandbox, ENV);
    expect(calls).toEqual(['monitoring.alarms']);
    expect(pending[0]?.input).toEqual({ target: sandbox, environmentName: ENV });
    answer('monitoring.alarms', { ok: true, data: listed('ALARM') });
    await flush();
    expect(useAlarms.getState().alarms[ENV]).toEqual({ status: 'ready', data: listed('ALARM') });

    void useAlarms.getState().load(sandbox, ENV);
    const error: AppError = { code: 'throttled', message: 'Rate exceeded', retryable: true };
    answer('monitoring.alarms', { ok: false, error });
    await flush();
    expect(useAlarms.getState().alarms[ENV]).toEqual({ status: 'error', error, previous: listed('ALARM') });
  });

  it('drops an answer that arrives after the profile changed', async () => {
    void useAlarms.getState().load(sandbox, ENV);
    void useAlarms.getState().load({ profile: 'work', region: 'eu-west-1' }, ENV);
    answer('monitoring.alarms', { ok: true, data: listed('OK') });
    await flush();
    expect(useAlarms.getState().alarms[ENV]?.status).toBe('loading');
  });
});
