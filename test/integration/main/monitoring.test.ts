/**
 * The Monitoring tab's read through the whole main process (router →
 * service → real CloudWatch SDK client) against the practice sandbox.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../../src/sandbox';
import { ClientFactory } from '../../../src/main/aws/clientFactory';
import { type AppContext } from '../../../src/main/context';
import { consoleIn } from '../../support/appConsole';
import { environmentMetrics } from '../../../src/main/services/monitoring';
import type { EnvironmentMetrics } from '../../../src/shared/contract';
import { dispatch, mustCall } from '../../support/rpc';
import { TRAINING_LAB } from '../../support/sandbox';
import { createUserWithKey } from '../../support/sandboxUsers';

let ctx: AppContext;
let dir: string;
const target = { profile: 'sandbox', region: 'us-east-1' };
const { environmentName } = TRAINING_LAB.learnerEnvironment;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trellis-monitoring-'));
  ctx = await consoleIn(dir, { sandbox: true, dataDir: join(dir, 'data') });
});
afterAll(() => ctx?.close());

/** What the sandbox itself counted while `run` ran: every request, and those that were GetMetricData. */
async function counted<T>(run: () => Promise<T>): Promise<{ answer: T; requests: number; metricData: number }> {
  if (!ctx.sandbox) throw new Error('the practice sandbox did not start');
  const faults = ctx.sandbox.faults;
  const metricData = () => faults.stats().byOperation['monitoring:GetMetricData']?.requests ?? 0;
  const before = { requests: faults.stats().requests, metricData: metricData() };
  const answer = await run();
  return {
    answer,
    requests: faults.stats().requests - before.requests,
    metricData: metricData() - before.metricData,
  };
}

const load = (rangeMinutes: EnvironmentMetrics['rangeMinutes']) =>
  counted(() => mustCall(ctx.router, 'monitoring.environment', { target, environmentName, rangeMinutes }));

const series = (metrics: EnvironmentMetrics, id: string) => {
  const found = metrics.series.find((s) => s.id === id);
  if (!found) throw new Error(`no series ${id}`);
  return found;
};

describe('monitoring.environment against the training lab', () => {
  it('shows the broken lab environment as Degraded or Severe now, in one GetMetricData call', async () => {
    const { answer: metrics, requests, metricData } = await load(60);
    expect({ requests, metricData }).toEqual({ requests: 1, metricData: 1 });
    expect(metrics.calls).toBe(1);
    expect(metrics.period).toBe(60);
    expect(metrics.series.map((s) => s.metricName)).toEqual([
      'EnvironmentHealth',
      'ApplicationRequests2xx',
      'ApplicationRequests3xx',
      'ApplicationRequests4xx',
      'ApplicationRequests5xx',
      'ApplicationLatencyP50',
      'ApplicationLatencyP90',
      'ApplicationLatencyP99',
    ]);
    const health = series(metrics, 'health').points;
    expect(health.length).toBeGreaterThan(30);
    expect(health.at(-1)!.v).toBeGreaterThanOrEqual(20);
    // Oldest first, one point a period at most.
    const times = health.map((p) => Date.parse(p.t));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
  });

  it('keeps a week to at most 1,440 points a series, still in one call', async () => {
    const { answer: metrics, requests, metricData } = await load(10080);
    expect({ requests, metricData }).toEqual({ requests: 1, metricData: 1 });
    expect(metrics.period).toBe(3600);
    for (const s of metrics.series) expect(s.points.length).toBeLessThanOrEqual(1440);
    expect(series(metrics, 'health').points.length).toBeGreaterThan(0);
    expect(Date.parse(metrics.end) - Date.parse(metrics.start)).toBe(10080 * 60_000);
  });

  it('reads a week at one-minute periods (the benchmark shape) in one call', async () => {
    // The channel offers an hour's period for a week; the service takes any, as a benchmark asks.
    const aws = new ClientFactory(ctx.registry, { maxAttempts: 1 });
    try {
      const {
        answer: week,
        requests,
        metricData,
      } = await counted(() =>
        environmentMetrics(aws, target, { environmentName, rangeMinutes: 10080, periodSeconds: 60 }),
      );
      expect({ requests, metricData }).toEqual({ requests: 1, metricData: 1 });
      expect(week.period).toBe(60);
      const health = series(week, 'health').points;
      // One point a minute from the first the sandbox has (its history is shorter than a week) to now.
      expect(health.length).toBeGreaterThan(1440);
      expect(health.length).toBeLessThanOrEqual(10081);
      const first = Date.parse(health[0]!.t);
      const last = Date.parse(health.at(-1)!.t);
      expect((last - first) / 60_000 + 1).toBe(health.length);
    } finally {
      aws.destroy();
    }
  });

  it('refuses a range the tab does not offer before calling AWS', async () => {
    const { answer: result, requests } = await counted(() =>
      dispatch(ctx.router, 'monitoring.environment', { target, environmentName, rangeMinutes: 90 as 60 }),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('validation');
    expect(requests).toBe(0);
  });
});

describe('monitoring.environment without cloudwatch:GetMetricData', () => {
  it('answers access-denied as data, naming the permission', async () => {
    if (!ctx.sandbox) throw new Error('the practice sandbox did not start');
    const iam = new IAMClient({
      endpoint: ctx.sandbox.endpoint,
      region: SANDBOX_REGION,
      credentials: SANDBOX_ADMIN_CREDENTIALS,
      maxAttempts: 1,
    });
    // May read Beanstalk, so the environment page works, but no CloudWatch.
    const key = await createUserWithKey(iam, 'eb-reader', [
      { Effect: 'Allow', Action: 'elasticbeanstalk:Describe*', Resource: '*' },
    ]);
    iam.destroy();
    writeFileSync(
      join(dir, 'config'),
      `[profile eb-reader]\nregion = ${SANDBOX_REGION}\nendpoint_url = ${ctx.sandbox.endpoint}\n` +
        `aws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`,
    );
    await mustCall(ctx.router, 'profiles.reload', {});
    const { answer: result, metricData } = await counted(() =>
      dispatch(ctx.router, 'monitoring.environment', {
        target: { profile: 'eb-reader', region: SANDBOX_REGION },
        environmentName,
        rangeMinutes: 60,
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'access-denied', service: 'cloudwatch', operation: 'GetMetricData' });
    expect(result.error.message).toContain('cloudwatch:GetMetricData');
    // Refused by the sandbox, not retried: an access-denied answer is final.
    expect(metricData).toBe(1);
  });
});
