/**
 * The metric simulation: figures derived from the state on the sandbox
 * clock. The broken lab environment reports Severe; after the sandbox's own
 * UpdateEnvironment fixes it and the clock moves on, health drops and
 * requests turn 2xx; DescribeEnvironmentHealth reports the same numbers as
 * the metrics for the current minute.
 */
import {
  DescribeEnvironmentHealthCommand,
  DescribeInstancesHealthCommand,
  ElasticBeanstalkClient,
  UpdateEnvironmentCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import { afterEach, describe, expect, it } from 'vitest';
import { buildScenario } from '../../../src/sandbox/scenarios';
import { metricSourceFor } from '../../../src/sandbox/simulation/metrics/source';
import type { MetricDimension, MetricSource } from '../../../src/sandbox/simulation/metrics/types';
import type { StateDocument } from '../../../src/sandbox/state/document';
import { readStateFile } from '../../../src/sandbox/state/store';
import { startTestSandbox, TRAINING_LAB, type TestSandbox } from '../../support/sandbox';
import { fixLearnerOutsideBeanstalk } from '../../support/trainingLabFixes';

const NOW = new Date('2026-12-06T12:00:30Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LEARNER = TRAINING_LAB.learnerEnvironment;
const envDims = (name: string): MetricDimension[] => [{ name: 'EnvironmentName', value: name }];
const instanceDims = (env: string, id: string): MetricDimension[] => [
  { name: 'EnvironmentName', value: env },
  { name: 'InstanceId', value: id },
];

function values(
  source: MetricSource,
  namespace: string,
  metricName: string,
  dimensions: MetricDimension[],
  start: Date,
  end: Date,
  now: Date,
  periodSeconds = 60,
): number[] {
  return source
    .samples({ namespace, metricName, dimensions }, start, end, periodSeconds, now)
    .flatMap((period) => period.values);
}

/** The newest one-minute value at `now`. */
function newest(source: MetricSource, metricName: string, dimensions: MetricDimension[], now: Date): number {
  const all = values(
    source,
    'AWS/ElasticBeanstalk',
    metricName,
    dimensions,
    new Date(now.getTime() - 5 * MINUTE),
    now,
    now,
  );
  const last = all[all.length - 1];
  if (last === undefined) throw new Error(`no ${metricName} at ${now.toISOString()}`);
  return last;
}

describe('metric simulation on the training lab', () => {
  const doc = buildScenario('training-lab', NOW);
  const source = metricSourceFor(doc, NOW);

  it('is deterministic: the same state and clock give the same samples', () => {
    const again = metricSourceFor(buildScenario('training-lab', NOW), NOW);
    const dims = instanceDims('Bbruceeb1-env', 'i-0d5b7e9f1a3c68b24');
    const start = new Date(NOW.getTime() - 24 * HOUR);
    for (const name of ['CPUUser', 'ApplicationRequests5xx', 'ApplicationLatencyP99', 'LoadAverage1min']) {
      const first = values(source, 'AWS/ElasticBeanstalk', name, dims, start, NOW, NOW);
      expect(first.length).toBeGreaterThan(1_400);
      expect(values(again, 'AWS/ElasticBeanstalk', name, dims, start, NOW, NOW)).toEqual(first);
    }
    // Seeded noise: the series is not a constant.
    expect(new Set(values(source, 'AWS/ElasticBeanstalk', 'CPUUser', dims, start, NOW, NOW)).size).toBeGreaterThan(10);
  });

  it('reports the WSGIPath-broken Bbruceeb2-env as Severe (25), with its one instance Severe', () => {
    expect(newest(source, 'EnvironmentHealth', envDims(LEARNER.environmentName), NOW)).toBe(25);
    expect(newest(source, 'InstancesSevere', envDims(LEARNER.environmentName), NOW)).toBe(1);
    expect(newest(source, 'InstancesOk', envDims(LEARNER.environmentName), NOW)).toBe(0);
    // No app is deployed: nothing answers 2xx.
    expect(newest(source, 'ApplicationRequests2xx', envDims(LEARNER.environmentName), NOW)).toBe(0);
    // Before its rebuild 26 hours ago it had no running instance: No data (10).
    const early = values(
      source,
      'AWS/ElasticBeanstalk',
      'EnvironmentHealth',
      envDims(LEARNER.environmentName),
      new Date(NOW.getTime() - 40 * HOUR),
      new Date(NOW.getTime() - 30 * HOUR),
      NOW,
    );
    expect(new Set(early)).toEqual(new Set([10]));
  });

  it('keeps CPU shares summing to 100 and one-minute samples grouped by period', () => {
    const dims = instanceDims(LEARNER.environmentName, LEARNER.instanceId);
    const start = new Date(NOW.getTime() - 3 * HOUR - MINUTE);
    const parts = ['CPUUser', 'CPUSystem', 'CPUIowait', 'CPUIdle'].map((name) =>
      values(source, 'AWS/ElasticBeanstalk', name, dims, start, NOW, NOW),
    );
    const [user = [], system = [], iowait = [], idle = []] = parts;
    expect(user.length).toBe(181);
    user.forEach((u, i) => expect(u + (system[i] ?? 0) + (iowait[i] ?? 0) + (idle[i] ?? 0)).toBeCloseTo(100, 5));
    const hourly = source.samples(
      { namespace: 'AWS/ElasticBeanstalk', metricName: 'CPUUser', dimensions: dims },
      new Date('2026-12-06T09:00:00Z'),
      new Date('2026-12-06T12:00:00Z'),
      3600,
      NOW,
    );
    expect(hourly.map((p) => [p.timestamp.toISOString(), p.values.length, p.unit])).toEqual([
      ['2026-12-06T09:00:00.000Z', 60, 'Percent'],
      ['2026-12-06T10:00:00.000Z', 60, 'Percent'],
      ['2026-12-06T11:00:00.000Z', 60, 'Percent'],
    ]);
    // The restart three hours ago shows as a CPU step in its minute.
    const restartMinute = values(
      source,
      'AWS/ElasticBeanstalk',
      'CPUUser',
      dims,
      start,
      new Date(start.getTime() + 2 * MINUTE),
      NOW,
    );
    expect(Math.max(...restartMinute)).toBeGreaterThan(25);
    expect(Math.max(...user.slice(10))).toBeLessThan(25);
  });

  it('follows a daily traffic curve: the afternoon (UTC) is far busier than the small hours', () => {
    const day = source.samples(
      {
        namespace: 'AWS/ElasticBeanstalk',
        metricName: 'ApplicationRequestsTotal',
        dimensions: envDims('Bbruceeb1-env'),
      },
      new Date('2026-12-05T00:00:00Z'),
      new Date('2026-12-06T00:00:00Z'),
      3600,
      NOW,
    );
    expect(day).toHaveLength(24);
    const mean = (hour: number): number => {
      const v = day[hour]?.values ?? [];
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    const means = day.map((_p, hour) => mean(hour));
    const busiest = means.indexOf(Math.max(...means));
    const quietest = means.indexOf(Math.min(...means));
    expect(busiest).toBeGreaterThanOrEqual(12);
    expect(busiest).toBeLessThanOrEqual(18);
    expect(quietest).toBeLessThanOrEqual(6);
    expect(mean(busiest)).toBeGreaterThan(2.5 * mean(quietest));
  });

  it('publishes RDS datapoints for the lab databases', () => {
    for (const id of ['edx-photos-db', 'flask-db-instance-1']) {
      const cpu = source.samples(
        {
          namespace: 'AWS/RDS',
          metricName: 'CPUUtilization',
          dimensions: [{ name: 'DBInstanceIdentifier', value: id }],
        },
        new Date(NOW.getTime() - HOUR),
        NOW,
        60,
        NOW,
      );
      expect(cpu.length).toBeGreaterThanOrEqual(60);
      expect(cpu.every((p) => p.unit === 'Percent' && p.values.every((v) => v > 0 && v < 100))).toBe(true);
    }
  });

  it('lists every metric of the environments, instances and databases, by namespace', () => {
    const all = source.list(NOW);
    const has = (namespace: string, metricName: string, dimensions: MetricDimension[]): boolean =>
      all.some(
        (m) =>
          m.namespace === namespace &&
          m.metricName === metricName &&
          JSON.stringify(m.dimensions) === JSON.stringify(dimensions),
      );
    expect(has('AWS/ElasticBeanstalk', 'EnvironmentHealth', envDims(LEARNER.environmentName))).toBe(true);
    expect(has('AWS/ElasticBeanstalk', 'ApplicationLatencyP99.9', envDims(LEARNER.environmentName))).toBe(true);
    expect(has('AWS/ElasticBeanstalk', 'CPUUser', instanceDims(LEARNER.environmentName, LEARNER.instanceId))).toBe(
      true,
    );
    expect(has('AWS/EC2', 'CPUUtilization', [{ name: 'InstanceId', value: LEARNER.instanceId }])).toBe(true);
    expect(has('AWS/RDS', 'DatabaseConnections', [{ name: 'DBInstanceIdentifier', value: 'edx-photos-db' }])).toBe(
      true,
    );
    // The staging environment never got an instance: environment metrics only.
    expect(has('AWS/ElasticBeanstalk', 'EnvironmentHealth', envDims('flask-ssm-demo-staging'))).toBe(true);
    expect(
      all.some(
        (m) =>
          m.dimensions.some((d) => d.name === 'InstanceId') &&
          m.dimensions.some((d) => d.value === 'flask-ssm-demo-staging'),
      ),
    ).toBe(false);
    const rds = source.list(NOW, 'AWS/RDS');
    expect(rds.length).toBe(8);
    expect(rds.every((m) => m.namespace === 'AWS/RDS')).toBe(true);
    // Nothing of Elastic Beanstalk is listed before the environments existed; the databases are older.
    const before = source.list(new Date(NOW.getTime() - 30 * 24 * HOUR));
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((m) => m.namespace === 'AWS/RDS')).toBe(true);
  });

  it('produces a week of one-minute CPUUser for 20 instances quickly, computed rather than stored', () => {
    const big = structuredClone(doc) as StateDocument;
    const template = big.ec2.instances.find((i) => i.id === 'i-0c4e8a2f6b1d39a75');
    if (!template) throw new Error('no demo instance');
    const ids = [template.id];
    for (let n = 1; n < 20; n += 1) {
      const id = `i-0c4e8a2f6b1d3${String(n).padStart(4, '0')}`;
      big.ec2.instances.push({ ...template, id, privateIpAddress: `10.1.2.${n}` });
      ids.push(id);
    }
    // Launched over a week ago, so every minute of the week has a sample.
    const launched = new Date(NOW.getTime() - 8 * 24 * HOUR).toISOString().replace('.000', '');
    for (const instance of big.ec2.instances) if (ids.includes(instance.id)) instance.launchTime = launched;
    const weekSource = metricSourceFor(big, NOW);
    const start = new Date(NOW.getTime() - 7 * 24 * HOUR);
    const week = (): { samples: number; ms: number } => {
      const began = performance.now();
      let samples = 0;
      for (const id of ids) {
        const dims = instanceDims('flask-ssm-demo-prod', id);
        samples += weekSource.samples(
          { namespace: 'AWS/ElasticBeanstalk', metricName: 'CPUUser', dimensions: dims },
          start,
          NOW,
          60,
          NOW,
        ).length;
      }
      return { samples, ms: performance.now() - began };
    };
    const first = week();
    const repeat = week();
    const samples = first.samples;
    const elapsed = first.ms;
    console.log(
      `metric benchmark: ${samples} one-minute CPUUser samples (20 instances × 1 week): ` +
        `first read ${first.ms.toFixed(1)} ms, repeated ${repeat.ms.toFixed(1)} ms`,
    );
    expect(repeat.samples).toBe(samples);
    expect(samples).toBe(20 * 7 * 24 * 60);
    // The target is well under 100 ms; the bound leaves room for a loaded CI machine.
    expect(elapsed).toBeLessThan(1_000);
  });
});

describe('metrics after the fix lands through the sandbox', () => {
  let sandbox: TestSandbox | undefined;
  afterEach(async () => {
    await sandbox?.dispose();
    sandbox = undefined;
  });

  it('turns Severe into OK and 2xx, and DescribeEnvironmentHealth reports the metrics of the current minute', async () => {
    const running = await startTestSandbox({ now: () => NOW });
    sandbox = running;
    const eb = new ElasticBeanstalkClient(running.clientConfig());
    try {
      await fixLearnerOutsideBeanstalk(running.clientConfig());
      const fixedAt = NOW.getTime();
      await eb.send(
        new UpdateEnvironmentCommand({
          EnvironmentName: LEARNER.environmentName,
          // The guided fix: the app's folder in WSGIPath (F3), the region (F7) and the missing secret (F8).
          OptionSettings: (
            [
              ['container:python', 'WSGIPath', 'FlaskApp/application.py'],
              ['application:environment', 'AWS_DEFAULT_REGION', 'us-east-1'],
              ['application:environment', 'FLASK_SECRET', 'dev-secret'],
            ] as const
          ).map(([ns, OptionName, Value]) => ({ Namespace: `aws:elasticbeanstalk:${ns}`, OptionName, Value })),
        }),
      );
      // The sandbox clock moves on: the update completes after 15 s, then a few minutes pass.
      running.advanceClock(4 * MINUTE);
      const now = new Date(NOW.getTime() + 4 * MINUTE);
      const health = await eb.send(
        new DescribeEnvironmentHealthCommand({ EnvironmentName: LEARNER.environmentName, AttributeNames: ['All'] }),
      );
      expect(health.HealthStatus).toBe('Ok');
      const instances = await eb.send(
        new DescribeInstancesHealthCommand({ EnvironmentName: LEARNER.environmentName, AttributeNames: ['All'] }),
      );

      const state = await readStateFile(running.stateFile);
      if (!state) throw new Error('no state file');
      const after = metricSourceFor(state, now);
      const env = envDims(LEARNER.environmentName);
      expect(newest(after, 'EnvironmentHealth', env, now)).toBeLessThan(20);
      expect(newest(after, 'EnvironmentHealth', env, now)).toBe(0);
      expect(newest(after, 'ApplicationRequests2xx', env, now)).toBeGreaterThan(0);
      expect(newest(after, 'ApplicationRequests5xx', env, now)).toBe(0);
      // The fix is a step: Severe before it, OK from the minute after it completed.
      const around = values(
        after,
        'AWS/ElasticBeanstalk',
        'EnvironmentHealth',
        env,
        new Date(fixedAt - 3 * MINUTE),
        now,
        now,
      );
      expect(around.slice(0, 2)).toEqual([25, 25]);
      expect(around.slice(-3)).toEqual([0, 0, 0]);
      // The app now reaches its database.
      const connections = values(
        after,
        'AWS/RDS',
        'DatabaseConnections',
        [{ name: 'DBInstanceIdentifier', value: 'edx-photos-db' }],
        new Date(now.getTime() - MINUTE),
        now,
        now,
      );
      expect(connections[connections.length - 1]).toBeGreaterThan(0);

      // DescribeEnvironmentHealth and DescribeInstancesHealth read the same simulation.
      const metrics = health.ApplicationMetrics;
      expect(metrics?.Duration).toBe(10);
      expect(metrics?.RequestCount).toBe(newest(after, 'ApplicationRequestsTotal', env, now));
      expect(metrics?.StatusCodes?.Status2xx).toBe(newest(after, 'ApplicationRequests2xx', env, now));
      expect(metrics?.StatusCodes?.Status4xx).toBe(newest(after, 'ApplicationRequests4xx', env, now));
      expect(metrics?.Latency?.P99).toBe(newest(after, 'ApplicationLatencyP99', env, now));
      expect(metrics?.Latency?.P50).toBe(newest(after, 'ApplicationLatencyP50', env, now));
      const row = instances.InstanceHealthList?.[0];
      const dims = instanceDims(LEARNER.environmentName, LEARNER.instanceId);
      expect(row?.ApplicationMetrics?.RequestCount).toBe(newest(after, 'ApplicationRequestsTotal', dims, now));
      expect(row?.System?.CPUUtilization?.User).toBe(newest(after, 'CPUUser', dims, now));
      expect(row?.System?.CPUUtilization?.Idle).toBe(newest(after, 'CPUIdle', dims, now));
      expect(row?.System?.LoadAverage?.[0]).toBe(newest(after, 'LoadAverage1min', dims, now));
      expect(row?.ApplicationMetrics?.Latency?.P90).toBe(newest(after, 'ApplicationLatencyP90', dims, now));
    } finally {
      eb.destroy();
    }
  });
});
