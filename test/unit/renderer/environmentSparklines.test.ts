/**
 * The environment list's sparklines without a browser: what each cell says
 * (the accessible name tests and screen readers use), how the line is laid
 * out, and the store making one call per list load, not one per row or per
 * remount, dropping answers for another target or an older request.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EnvironmentListMetrics, EnvironmentSparklines, Target } from '../../../src/shared/contract';
import { sparkRuns } from '../../../src/renderer/src/model/sparkline';
import { errorsSummary, formatShare, healthSummary } from '../../../src/renderer/src/views/beanstalk/sparklines';
import { answer, calls, pending } from './scriptedApi';

vi.mock('../../../src/renderer/src/api', async () => (await import('./scriptedApi')).scriptedApiModule());

const { useEnvironmentSparklines, sparklinesByName, SPARKLINE_REFRESH_MS } =
  await import('../../../src/renderer/src/stores/environmentSparklines');

const at = (minute: number) => `2026-12-06T21:${String(minute).padStart(2, '0')}:00.000Z`;
const points = (...values: number[]) => values.map((v, i) => ({ t: at(i), v }));
const env = (over: Partial<EnvironmentSparklines> = {}): EnvironmentSparklines => ({
  environmentName: 'Bbruceeb2-env',
  health: [],
  errors: [],
  requests: [],
  ...over,
});

describe('what a sparkline cell says', () => {
  it('names health by its newest and worst code', () => {
    expect(healthSummary(points(0, 25, 15)).label).toBe('Health, last hour: Warning now, worst Severe');
    expect(healthSummary(points(25, 25)).label).toBe('Health, last hour: Severe now, worst Severe');
    expect(healthSummary([])).toEqual({ label: 'Health, last hour: No data', now: null, gap: 'No data' });
  });

  it('names the 5xx share, the count, and the two kinds of nothing', () => {
    expect(errorsSummary(env({ errors: points(0, 100, 96) }), 'percent').label).toBe(
      '5xx, last hour: 96 % now, most 100 %',
    );
    expect(errorsSummary(env({ errors: points(3, 12.4) }), 'count').label).toBe(
      '5xx, last hour: 12 a minute now, most 12',
    );
    // Totals of zero: the environment served nothing, so there is no share to draw.
    expect(errorsSummary(env({ requests: points(0, 0) }), 'percent')).toMatchObject({
      label: '5xx, last hour: No requests',
      gap: 'No requests',
    });
    expect(errorsSummary(env(), 'percent')).toMatchObject({ label: '5xx, last hour: No data', gap: 'No data' });
    expect(errorsSummary(env({ requests: points(0, 4) }), 'percent').gap).toBe('No data');
  });

  it('writes shares as people read them', () => {
    expect([0, 0.04, 0.44, 5, 9.96, 32.5, 100].map(formatShare)).toEqual([
      '0 %',
      '0 %',
      '0.4 %',
      '5 %',
      '10 %',
      '33 %',
      '100 %',
    ]);
  });
});

describe('sparkline geometry', () => {
  const box = {
    width: 60,
    height: 18,
    start: Date.parse(at(0)),
    end: Date.parse('2026-12-06T22:00:00.000Z'),
    min: 0,
    max: 25,
  };
  const color = (v: number) => (v >= 25 ? 'red' : 'green');

  it('places points by time on the hour and by value in the box, one polyline per colour run, unbroken', () => {
    const runs = sparkRuns(points(0, 0, 25, 25, 0), box, color);
    expect(runs).toEqual([
      { color: 'green', points: '0,17 1,17' },
      { color: 'red', points: '1,17 2,1 3,1' },
      { color: 'green', points: '3,1 4,17' },
    ]);
  });

  it('clamps values outside the scale and draws a lone point as a dash', () => {
    expect(sparkRuns([{ t: at(30), v: 40 }], box, color)).toEqual([{ color: 'red', points: '27,1 30,1' }]);
    expect(sparkRuns([], box, color)).toEqual([]);
  });
});

describe('environment sparklines store', () => {
  const sandbox: Target = { profile: 'sandbox', region: 'us-east-1' };
  const NAMES = ['Bbruceeb2-env', 'flask-ssm-demo-prod'];
  const list = (v: number): EnvironmentListMetrics => ({
    period: 60,
    start: at(0),
    end: at(59),
    errorsAs: 'percent',
    environments: NAMES.map((environmentName) => env({ environmentName, health: points(v) })),
    calls: 1,
    queries: 8,
    readAt: at(59),
  });
  const flush = () => new Promise((r) => setTimeout(r, 0));

  beforeEach(() => {
    pending.length = 0;
    calls.length = 0;
    useEnvironmentSparklines.setState({ key: null, metrics: { status: 'idle' }, listLoad: null, asked: null });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-06T22:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('asks once for the whole list per list load, and not again when the list is shown again', async () => {
    const { ensure } = useEnvironmentSparklines.getState();
    ensure(sandbox, NAMES, 'load-1');
    ensure(sandbox, NAMES, 'load-1');
    expect(calls).toEqual(['monitoring.environmentList']);
    expect(pending[0]?.input).toEqual({ target: sandbox, environmentNames: NAMES });
    answer('monitoring.environmentList', { ok: true, data: list(25) });
    await flush();
    const byName = sparklinesByName(useEnvironmentSparklines.getState().metrics);
    expect(byName?.get('flask-ssm-demo-prod')?.health).toEqual(points(25));
    // The same answer gives the same index, so rows do not re-render for nothing.
    expect(sparklinesByName(useEnvironmentSparklines.getState().metrics)).toBe(byName);
  });

  it('reads again with the list refresh once a minute has passed, and at once when the list changes', async () => {
    const { ensure } = useEnvironmentSparklines.getState();
    ensure(sandbox, NAMES, 'load-1');
    answer('monitoring.environmentList', { ok: true, data: list(25) });
    await flush();
    vi.setSystemTime(Date.now() + SPARKLINE_REFRESH_MS / 4);
    ensure(sandbox, NAMES, 'load-2');
    expect(calls).toHaveLength(1);
    ensure(sandbox, [...NAMES, 'new-env'], 'load-3');
    expect(calls).toHaveLength(2);
    answer('monitoring.environmentList', { ok: true, data: list(20) });
    vi.setSystemTime(Date.now() + SPARKLINE_REFRESH_MS);
    ensure(sandbox, [...NAMES, 'new-env'], 'load-4');
    expect(calls).toHaveLength(3);
  });

  it('keeps the last answer while a refresh fails, and drops late answers for an older request or target', async () => {
    const { ensure } = useEnvironmentSparklines.getState();
    ensure(sandbox, NAMES, 'load-1');
    answer('monitoring.environmentList', { ok: true, data: list(25) });
    await flush();
    vi.setSystemTime(Date.now() + SPARKLINE_REFRESH_MS);
    ensure(sandbox, NAMES, 'load-2');
    const failure = { code: 'throttled', message: 'Rate exceeded', retryable: true } as const;
    answer('monitoring.environmentList', { ok: false, error: failure });
    await flush();
    const failed = useEnvironmentSparklines.getState().metrics;
    expect(failed).toMatchObject({ status: 'error', previous: list(25) });
    expect(sparklinesByName(failed)?.get('Bbruceeb2-env')?.health).toEqual(points(25));

    // Two requests in flight: only the newer one's answer counts.
    ensure(sandbox, NAMES, 'load-3');
    ensure(sandbox, ['other-env'], 'load-4');
    answer('monitoring.environmentList', { ok: true, data: list(0) });
    await flush();
    expect(useEnvironmentSparklines.getState().metrics.status).toBe('loading');

    // The profile changes: the old target's answer is not shown for the new one.
    ensure({ profile: 'work', region: 'eu-west-1' }, NAMES, 'load-5');
    answer('monitoring.environmentList', { ok: true, data: list(15) });
    await flush();
    expect(useEnvironmentSparklines.getState().key).toBe('work|eu-west-1');
    expect(useEnvironmentSparklines.getState().metrics).toEqual({ status: 'loading' });
  });
});
