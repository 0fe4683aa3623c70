/**
 * The Monitoring tab's read through the whole main process (router →
 * service → real CloudWatch SDK client) against the practice sandbox: every
 * line (environment, per instance, database) in one GetMetricData call, the
 * lookups that found the instances, database and markers counted apart.
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
import { forgetMonitoringTargets } from '../../../src/main/services/monitoringTargets';
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

const load = (rangeMinutes: NonNullable<EnvironmentMetrics['rangeMinutes']>, name: string = environmentName) =>
  counted(() => mustCall(ctx.router, 'monitoring.environment', { target, environmentName: name, rangeMinutes }));

const series = (metrics: EnvironmentMetrics, id: string) => {
  const found = metrics.series.find((s) => s.id === id);
  if (!found) throw new Error(`no series ${id}`);
  return found;
};

describe('monitoring.environment against the training lab', () => {
  it('shows the broken lab environment as Degraded or Severe now, with its instance and database, in one GetMetricData call', async () => {
    forgetMonitoringTargets();
    const { answer: metrics, requests, metricData } = await load(60);
    // Besides the one GetMetricData: the lookups it reports (resources, configuration, databases, events).
    expect(metricData).toBe(1);
    expect(metrics.calls).toBe(1);
    expect(metrics.lookups).toBeGreaterThan(0);
    expect(requests).toBe(1 + metrics.lookups);
    expect(metrics.notes).toEqual([]);
    expect(metrics.period).toBe(60);
    const { instanceId } = TRAINING_LAB.learnerEnvironment;
    expect(metrics.instances).toEqual([instanceId]);
    // DATABASE_HOST names edx-photos-db's endpoint.
    expect(metrics.database).toEqual({ id: 'edx-photos-db', via: 'environment property DATABASE_HOST' });
    expect(metrics.series.map((s) => [s.id, s.namespace, s.metricName, s.resource ?? null])).toEqual([
      ['health', 'AWS/ElasticBeanstalk', 'EnvironmentHealth', null],
      ['r2xx', 'AWS/ElasticBeanstalk', 'ApplicationRequests2xx', null],
      ['r3xx', 'AWS/ElasticBeanstalk', 'ApplicationRequests3xx', null],
      ['r4xx', 'AWS/ElasticBeanstalk', 'ApplicationRequests4xx', null],
      ['r5xx', 'AWS/ElasticBeanstalk', 'ApplicationRequests5xx', null],
      ['p50', 'AWS/ElasticBeanstalk', 'ApplicationLatencyP50', null],
      ['p90', 'AWS/ElasticBeanstalk', 'ApplicationLatencyP90', null],
      ['p99', 'AWS/ElasticBeanstalk', 'ApplicationLatencyP99', null],
      ['cpu_i0', 'AWS/ElasticBeanstalk', 'CPUIdle', instanceId],
      ['load_i0', 'AWS/ElasticBeanstalk', 'LoadAverage1min', instanceId],
      ['dbcpu', 'AWS/RDS', 'CPUUtilization', 'edx-photos-db'],
      ['dbconn', 'AWS/RDS', 'DatabaseConnections', 'edx-photos-db'],
    ]);
    // CPU is charted as busy %, from CPUIdle; the database is busy whatever the broken app does.
    const cpu = series(metrics, 'cpu_i0').points;
    expect(cpu.length).toBeGreaterThan(30);
    for (const p of cpu) {
      expect(p.v).toBeGreaterThanOrEqual(0);
      expect(p.v).toBeLessThanOrEqual(100);
    }
    expect(series(metrics, 'load_i0').points.length).toBeGreaterThan(30);
    expect(series(metrics, 'dbcpu').points.length).toBeGreaterThan(30);
    expect(series(metrics, 'dbconn').points.length).toBeGreaterThan(30);
    // The instance and database were found a moment ago: a refresh reads only the events again.
    const again = await load(60);
    expect(again.answer.lookups).toBe(1);
    expect({ requests: again.requests, metricData: again.metricData }).toEqual({ requests: 2, metricData: 1 });
    // Exactly the names with no point at all are listed as empty.
    expect(metrics.emptyMetricNames).toEqual([
      ...new Set(metrics.series.filter((s) => s.points.length === 0).map((s) => s.metricName)),
    ]);
    const health = series(metrics, 'health').points;
    expect(health.length).toBeGreaterThan(30);
    expect(health.at(-1)!.v).toBeGreaterThanOrEqual(20);
    // Oldest first, one point a period at most.
    const times = health.map((p) => Date.parse(p.t));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
  });

  it('keeps a week to at most 1,440 points a series, still in one call, and marks the operations of the lab', async () => {
    const { answer: metrics, requests, metricData } = await load(10080);
    expect(metricData).toBe(1);
    expect(metrics.calls).toBe(1);
    expect(requests).toBe(1 + metrics.lookups);
    expect(metrics.series.find((s) => s.id === 'dbcpu')?.points.length).toBeGreaterThan(0);
    // The lab's history has the learner's deploy of deploy-app-v1 ("Environment update is starting." …).
    // The lab's last week: the learner's failed rebuild, then a failed app-server restart, one marker each.
    expect(metrics.markers.map((m) => [m.kind, m.title, m.outcome, m.events.length])).toEqual([
      ['rebuild', 'Rebuild', 'failed', 2],
      ['restart', 'App server restart', 'failed', 2],
    ]);
    for (const m of metrics.markers) {
      expect(Date.parse(m.at)).toBeGreaterThanOrEqual(Date.parse(metrics.start));
      expect(Date.parse(m.at)).toBeLessThanOrEqual(Date.parse(metrics.end));
      expect(m.events.length).toBeGreaterThan(0);
    }
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
      expect(metricData).toBe(1);
      expect(requests).toBe(1 + week.lookups);
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

  it('reads a custom window at a period that keeps it within 1,440 points, in one call', async () => {
    const end = new Date();
    const start = new Date(end.getTime() - 36 * 3_600_000);
    const { answer: metrics, metricData } = await counted(() =>
      mustCall(ctx.router, 'monitoring.environment', {
        target,
        environmentName,
        start: start.toISOString(),
        end: end.toISOString(),
      }),
    );
    expect(metricData).toBe(1);
    expect(metrics.rangeMinutes).toBeUndefined();
    // 36 h at 1,440 points needs 90 s; the next readable period is 2 min.
    expect(metrics.period).toBe(120);
    expect(Date.parse(metrics.start)).toBeLessThanOrEqual(start.getTime());
    expect(Date.parse(metrics.end)).toBeGreaterThanOrEqual(end.getTime());
    for (const s of metrics.series) expect(s.points.length).toBeLessThanOrEqual(1440);
    expect(series(metrics, 'health').points.length).toBeGreaterThan(60);
  });

  it('finds a database named by an SSM secret (RDS_HOSTNAME of flask-ssm-demo-prod)', async () => {
    const { answer: metrics } = await load(60, TRAINING_LAB.demoEnvironment.environmentName);
    expect(metrics.database).toEqual({ id: 'flask-db-instance-1', via: 'environment secret RDS_HOSTNAME' });
    expect(metrics.instances).toEqual([TRAINING_LAB.demoEnvironment.instanceId]);
    expect(series(metrics, 'dbconn').points.length).toBeGreaterThan(0);
    // The decrypted value never leaves main: nothing in the answer holds the endpoint's host name.
    expect(JSON.stringify(metrics)).not.toMatch(/rds\.amazonaws\.com/);
  });

  it('refuses a custom window that ends before it starts, or reaches back over 15 months, before calling AWS', async () => {
    const now = Date.now();
    for (const [start, end, message] of [
      [now - 3_600_000, now - 7_200_000, 'The end must be after the start.'],
      [now - 500 * 86_400_000, now, 'The start can be at most 15 months ago'],
    ] as const) {
      const { answer: result, requests } = await counted(() =>
        dispatch(ctx.router, 'monitoring.environment', {
          target,
          environmentName,
          start: new Date(start).toISOString(),
          end: new Date(end).toISOString(),
        }),
      );
      expect(requests).toBe(0);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('validation');
        expect(result.error.message).toContain(message);
      }
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
