/**
 * The environment list's sparklines through the whole main process (router →
 * service → real CloudWatch SDK client) against the practice sandbox: one
 * GetMetricData request for every lab environment, the broken one's health
 * ending Severe, and the 5xx share agreeing with what CloudWatch itself says
 * about the same environment.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, GetMetricStatisticsCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../../src/sandbox';
import { type AppContext } from '../../../src/main/context';
import { consoleIn } from '../../support/appConsole';
import { mustCall } from '../../support/rpc';
import { TRAINING_LAB } from '../../support/sandbox';

let ctx: AppContext;
let cloudwatch: CloudWatchClient;
const target = { profile: 'sandbox', region: 'us-east-1' };
const BROKEN = TRAINING_LAB.learnerEnvironment.environmentName;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-monitoring-list-'));
  ctx = await consoleIn(dir, { sandbox: true, dataDir: join(dir, 'data') });
  if (!ctx.sandbox) throw new Error('the practice sandbox did not start');
  cloudwatch = new CloudWatchClient({
    endpoint: ctx.sandbox.endpoint,
    region: SANDBOX_REGION,
    credentials: SANDBOX_ADMIN_CREDENTIALS,
    maxAttempts: 1,
  });
});
afterAll(() => {
  cloudwatch?.destroy();
  return ctx?.close();
});

/** GetMetricData requests the sandbox counted while `run` ran. */
async function metricDataRequests<T>(run: () => Promise<T>): Promise<{ answer: T; requests: number }> {
  const stats = () => ctx.sandbox!.faults.stats().byOperation['monitoring:GetMetricData']?.requests ?? 0;
  const before = stats();
  const answer = await run();
  return { answer, requests: stats() - before };
}

/** A statistic per minute as the sandbox's GetMetricStatistics answers it, by epoch ms. */
async function statistic(environmentName: string, metricName: string, start: string, end: string) {
  const out = await cloudwatch.send(
    new GetMetricStatisticsCommand({
      Namespace: 'AWS/ElasticBeanstalk',
      MetricName: metricName,
      Dimensions: [{ Name: 'EnvironmentName', Value: environmentName }],
      StartTime: new Date(start),
      EndTime: new Date(end),
      Period: 60,
      Statistics: ['Sum'],
    }),
  );
  return new Map((out.Datapoints ?? []).map((d) => [d.Timestamp!.getTime(), d.Sum!]));
}

describe('monitoring.environmentList against the training lab', () => {
  it('reads every lab environment in one GetMetricData call; the broken one ends Severe', async () => {
    const environments = await mustCall(ctx.router, 'beanstalk.listEnvironments', { target });
    const names = environments.map((e) => e.name);
    expect(names).toContain(BROKEN);
    expect(names.length).toBeGreaterThan(1);

    const { answer: list, requests } = await metricDataRequests(() =>
      mustCall(ctx.router, 'monitoring.environmentList', { target, environmentNames: names }),
    );
    expect(requests).toBe(1);
    expect(list.calls).toBe(1);
    expect(list.queries).toBe(names.length * 4);
    expect(list.errorsAs).toBe('percent');
    expect(list.environments.map((e) => e.environmentName)).toEqual(names);
    expect(Date.parse(list.end) - Date.parse(list.start)).toBe(3_600_000);

    const broken = list.environments.find((e) => e.environmentName === BROKEN)!;
    expect(broken.health.length).toBeGreaterThan(30);
    expect(broken.health.at(-1)!.v).toBe(25);
    for (const env of list.environments) expect(env.health.length).toBeGreaterThan(0);
  });

  it('draws the 5xx share exactly where CloudWatch has 5xx, as 100 × 5xx ÷ total', async () => {
    const environments = await mustCall(ctx.router, 'beanstalk.listEnvironments', { target });
    const names = environments.map((e) => e.name);
    const list = await mustCall(ctx.router, 'monitoring.environmentList', { target, environmentNames: names });
    const listed = await cloudwatch.send(
      new ListMetricsCommand({ Namespace: 'AWS/ElasticBeanstalk', MetricName: 'ApplicationRequests5xx' }),
    );
    const publishing = new Set(
      (listed.Metrics ?? []).flatMap((m) =>
        (m.Dimensions ?? []).filter((d) => d.Name === 'EnvironmentName').map((d) => d.Value),
      ),
    );
    let serving = 0;
    // Checked against the statistics one environment at a time: the share is not the count.
    for (const env of list.environments) {
      const errors = await statistic(env.environmentName, 'ApplicationRequests5xx', list.start, list.end);
      const totals = await statistic(env.environmentName, 'ApplicationRequestsTotal', list.start, list.end);
      // A share needs 5xx published and a minute with requests; an environment serving nothing has totals of 0.
      const answered = [...totals.values()].some((total) => total > 0);
      if (answered) serving++;
      expect({ name: env.environmentName, drawn: env.errors.length > 0 }).toEqual({
        name: env.environmentName,
        drawn: publishing.has(env.environmentName) && answered,
      });
      expect(env.requests.map((p) => [Date.parse(p.t), p.v])).toEqual([...totals].sort(([a], [b]) => a - b));
      for (const point of env.errors) {
        const t = Date.parse(point.t);
        expect(totals.get(t)).toBeGreaterThan(0);
        expect(point.v).toBeCloseTo((100 * errors.get(t)!) / totals.get(t)!, 6);
      }
      // A minute without requests has no share rather than 0 %.
      const idle = [...totals].filter(([, total]) => total === 0).map(([t]) => new Date(t).toISOString());
      expect(env.errors.filter((p) => idle.includes(p.t))).toEqual([]);
    }
    expect(serving).toBeGreaterThan(0);
  });
});
