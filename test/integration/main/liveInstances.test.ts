/**
 * beanstalk.instancesLive through the whole main process (router → service
 * → real Elastic Beanstalk SDK client) against a practice sandbox whose clock
 * stands still, so its answer can be held against the CloudWatch metrics of
 * the same instance at the same sandbox minute: requests, status classes,
 * latency, CPU and load must agree to the rounding the table shows.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext } from '../../../src/main/context';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../../src/sandbox';
import type { LiveInstances } from '../../../src/shared/contract';
import { consoleIn } from '../../support/appConsole';
import { dispatch, mustCall } from '../../support/rpc';
import { startTestSandbox, TRAINING_LAB, type TestSandbox } from '../../support/sandbox';

const MINUTE = 60_000;
// Mid-afternoon UTC, the busy end of the sandbox's daily traffic curve, a few seconds into a minute.
const INSTANT = new Date(Math.floor(Date.now() / (24 * 60 * MINUTE)) * 24 * 60 * MINUTE + 15 * 60 * MINUTE + 20_000);

let sandbox: TestSandbox;
let ctx: AppContext;
let cloudwatch: CloudWatchClient;
const target = { profile: 'frozen', region: SANDBOX_REGION };

beforeAll(async () => {
  sandbox = await startTestSandbox({ now: () => INSTANT });
  const dir = mkdtempSync(join(tmpdir(), 'trellis-live-'));
  writeFileSync(
    join(dir, 'config'),
    `[profile frozen]\nregion = ${SANDBOX_REGION}\nendpoint_url = ${sandbox.endpoint}\n`,
  );
  writeFileSync(
    join(dir, 'credentials'),
    `[frozen]\naws_access_key_id = ${SANDBOX_ADMIN_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${SANDBOX_ADMIN_CREDENTIALS.secretAccessKey}\n`,
  );
  ctx = await consoleIn(dir, { sandbox: false });
  cloudwatch = new CloudWatchClient(sandbox.clientConfig());
});
afterAll(async () => {
  cloudwatch?.destroy();
  await ctx?.close();
  await sandbox?.dispose();
});

const live = (environmentName: string) => mustCall(ctx.router, 'beanstalk.instancesLive', { target, environmentName });

const METRICS = {
  total: 'ApplicationRequestsTotal',
  r2xx: 'ApplicationRequests2xx',
  r5xx: 'ApplicationRequests5xx',
  p99: 'ApplicationLatencyP99',
  p50: 'ApplicationLatencyP50',
  user: 'CPUUser',
  idle: 'CPUIdle',
  load: 'LoadAverage1min',
} as const;
type Figures = Partial<Record<keyof typeof METRICS, number>>;

/** The instance's (or, without one, the environment's) metrics for the sandbox minute `at` falls in. */
async function metricsAt(environmentName: string, instanceId: string | undefined, at: Date): Promise<Figures> {
  const dimensions = [
    { Name: 'EnvironmentName', Value: environmentName },
    ...(instanceId ? [{ Name: 'InstanceId', Value: instanceId }] : []),
  ];
  const queries: MetricDataQuery[] = Object.entries(METRICS)
    .filter(([id]) => instanceId !== undefined || !['user', 'idle', 'load'].includes(id))
    .map(([id, MetricName]) => ({
      Id: id,
      MetricStat: {
        Metric: { Namespace: 'AWS/ElasticBeanstalk', MetricName, Dimensions: dimensions },
        Period: 60,
        Stat: 'Average',
      },
    }));
  const minute = Math.floor(at.getTime() / MINUTE) * MINUTE;
  const answer = await cloudwatch.send(
    new GetMetricDataCommand({
      MetricDataQueries: queries,
      StartTime: new Date(minute),
      EndTime: new Date(minute + MINUTE),
    }),
  );
  const figures: Figures = {};
  for (const result of answer.MetricDataResults ?? []) {
    const value = result.Values?.[0];
    if (value !== undefined) figures[result.Id as keyof typeof METRICS] = value;
  }
  return figures;
}

/** The table's figures against CloudWatch's: r/sec is the 10-second count over 10, shares of that count, and the rest as published. */
function expectConsistent(app: LiveInstances['application'], cw: Figures) {
  if (cw.total === undefined) throw new Error('CloudWatch has no ApplicationRequestsTotal for this minute');
  expect(app?.requestCount).toBe(cw.total);
  expect(app?.requestsPerSecond).toBeCloseTo(cw.total / 10, 1);
  if (cw.total > 0) {
    expect(app?.percent?.s2xx).toBeCloseTo(((cw.r2xx ?? 0) / cw.total) * 100, 1);
    expect(app?.percent?.s5xx).toBeCloseTo(((cw.r5xx ?? 0) / cw.total) * 100, 1);
    expect(app?.latency?.p99).toBeCloseTo(cw.p99 ?? NaN, 4);
    expect(app?.latency?.p50).toBeCloseTo(cw.p50 ?? NaN, 4);
  }
}

describe('beanstalk.instancesLive against the training lab', () => {
  it('reports the broken lab instance as Severe, with the figures CloudWatch has for that minute', async () => {
    const { environmentName, instanceId } = TRAINING_LAB.learnerEnvironment;
    const answer = await live(environmentName);
    expect(answer.refreshedAt).toBe(INSTANT.toISOString());
    expect(answer).toMatchObject({ healthStatus: 'Severe', color: 'Red' });
    expect(answer.instances.map((i) => i.instanceId)).toEqual([instanceId]);
    const [instance] = answer.instances;
    expect(instance).toMatchObject({ healthStatus: 'Severe', color: 'Red' });
    expect(instance?.causes.length).toBeGreaterThan(0);

    const cw = await metricsAt(environmentName, instanceId, INSTANT);
    expect(cw.total).toBeGreaterThan(0);
    // A broken app answers nothing with 2xx: 4xx on the legacy platform, 5xx on AL2/AL2023.
    expect(instance?.application?.percent?.s2xx).toBe(0);
    expectConsistent(instance?.application, cw);
    expect(instance?.system?.cpu?.user).toBe(cw.user);
    expect(instance?.system?.cpu?.idle).toBe(cw.idle);
    expect(instance?.system?.load1).toBe(cw.load);
    expectConsistent(answer.application, await metricsAt(environmentName, undefined, INSTANT));
  });

  it('follows the sandbox clock, still agreeing with CloudWatch minute by minute', async () => {
    const { environmentName, instanceId } = TRAINING_LAB.demoEnvironment;
    const before = await live(environmentName);
    const instance = before.instances.find((i) => i.instanceId === instanceId);
    expectConsistent(instance?.application, await metricsAt(environmentName, instanceId, INSTANT));

    // Seven minutes on: a new reading, still the CloudWatch minute's figures.
    sandbox.advanceClock(7 * MINUTE);
    const later = new Date(INSTANT.getTime() + 7 * MINUTE);
    const after = await live(environmentName);
    expect(after.refreshedAt).toBe(later.toISOString());
    const moved = after.instances.find((i) => i.instanceId === instanceId);
    const cw = await metricsAt(environmentName, instanceId, later);
    expectConsistent(moved?.application, cw);
    expect(moved?.system?.load1).toBe(cw.load);
    expect(moved?.system?.cpu?.user).toBe(cw.user);
    // The 5-minute load is the mean of the last five 1-minute loads, as the metric publishes them.
    const loads = await Promise.all(
      [0, 1, 2, 3, 4].map(
        async (back) =>
          (await metricsAt(environmentName, instanceId, new Date(later.getTime() - back * MINUTE))).load ?? NaN,
      ),
    );
    expect(moved?.system?.load5).toBeCloseTo(loads.reduce((a, b) => a + b, 0) / loads.length, 2);
  });

  it('answers an unknown environment as a clear error, not an empty table', async () => {
    const result = await dispatch(ctx.router, 'beanstalk.instancesLive', { target, environmentName: 'no-such-env' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.problem?.message).toMatch(/no-such-env/);
    expect(result.data.instancesProblem?.message).toMatch(/no-such-env/);
    expect(result.data.instances).toEqual([]);
  });

  it('refuses malformed input before any call', async () => {
    const result = await dispatch(ctx.router, 'beanstalk.instancesLive', { target, environmentName: 'x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('validation');
  });
});
