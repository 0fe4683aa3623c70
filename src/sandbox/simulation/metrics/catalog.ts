/**
 * Every metric the sandbox publishes, as series: an id, a unit, the span it
 * has data for, and its value for a minute. Elastic Beanstalk's enhanced
 * health metrics per environment and per instance, EC2's per instance, RDS's
 * per DB instance.
 */
import type { HealthStatus } from '../../state/beanstalkState';
import {
  type CpuMinute,
  cpuMinute,
  type InstanceMinute,
  instanceMinute,
  type InstanceSpan,
  LATENCY_NAMES,
  latencyOf,
  sampleTime,
} from './instanceFigures';
import type { EnvironmentTimeline } from './healthTimeline';
import { dailyTraffic, jitter, MINUTE_MS, noiseAt } from './noise';
import type { DatabaseScene, EnvironmentScene, MetricScene } from './scene';
import { publishedSeries } from './publishing';
import { healthValue, servingAt } from './serving';
import type { MetricDimension, MetricId } from './types';

export interface Series {
  readonly id: MetricId;
  readonly unit: string;
  /** Epoch ms of the first and past the last minute with data. */
  readonly from: number;
  readonly until: number;
  /** The minute's value, or undefined when nothing was published that minute. */
  valueAt(minuteStart: number, now: number): number | undefined;
}

const INSTANCE_STATUSES: ReadonlyArray<readonly [string, HealthStatus]> = [
  ['InstancesOk', 'Ok'],
  ['InstancesPending', 'Pending'],
  ['InstancesInfo', 'Info'],
  ['InstancesUnknown', 'Unknown'],
  ['InstancesNoData', 'NoData'],
  ['InstancesWarning', 'Warning'],
  ['InstancesDegraded', 'Degraded'],
  ['InstancesSevere', 'Severe'],
];
const REQUESTS = [
  ['ApplicationRequestsTotal', 'total'],
  ['ApplicationRequests2xx', 's2xx'],
  ['ApplicationRequests3xx', 's3xx'],
  ['ApplicationRequests4xx', 's4xx'],
  ['ApplicationRequests5xx', 's5xx'],
] as const;
type Figure = (m: InstanceMinute) => number | undefined;
/** Per-instance figures beyond requests and latency, as EB names them. */
const CPU: ReadonlyArray<readonly [string, (m: CpuMinute) => number]> = [
  ['CPUUser', (m) => m.cpu.user],
  ['CPUSystem', (m) => m.cpu.system],
  ['CPUIowait', (m) => m.cpu.iowait],
  ['CPUIdle', (m) => m.cpu.idle],
];
const SYSTEM: ReadonlyArray<readonly [string, string, Figure]> = [
  ['LoadAverage1min', 'None', (m) => m.load1],
  ['RootFilesystemUtil', 'Percent', (m) => m.rootFilesystemUtil],
];

export function metricId(namespace: string, metricName: string, dimensions: MetricDimension[]): MetricId {
  return { namespace, metricName, dimensions: [...dimensions].sort((a, b) => a.name.localeCompare(b.name)) };
}

function running(scene: EnvironmentScene, at: number): EnvironmentScene['instances'] {
  return scene.instances.filter((i) => i.launched <= at && at < i.ended);
}

/** Figures that only exist while the app answers: requests and latency. */
function applicationFigures(
  figures: (minute: number, now: number) => InstanceMinute[],
): Array<{ name: string; unit: string; value: (minute: number, now: number) => number | undefined }> {
  const requests = REQUESTS.map(([name, key]) => ({
    name,
    unit: 'Count',
    value: (minute: number, now: number): number | undefined => {
      const all = figures(minute, now).filter((m) => m.serving.answering);
      return all.length === 0 ? undefined : all.reduce((sum, m) => sum + m.requests[key], 0);
    },
  }));
  const latency = LATENCY_NAMES.map((p, index) => ({
    name: `ApplicationLatency${p}`,
    unit: 'Seconds',
    value: (minute: number, now: number): number | undefined => {
      const values = figures(minute, now)
        .map((m) => latencyOf(m, index))
        .filter((v): v is number => v !== undefined);
      if (values.length === 0) return undefined;
      return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10_000) / 10_000;
    },
  }));
  return [...requests, ...latency];
}

type MinuteOf = (instance: InstanceSpan, minute: number, now: number) => InstanceMinute;

/** Most minutes a request can read (CloudWatch keeps one-minute data 15 days), per instance. */
const MAX_REMEMBERED_MINUTES = 15 * 24 * 60 + 2;

/**
 * An environment's instance minutes, each computed once per clock reading: its request and latency series
 * read every running instance's minute, and its per-instance series the same minutes again.
 */
function rememberedMinutes(timeline: EnvironmentTimeline): MinuteOf {
  const byInstance = new Map<InstanceSpan, Map<number, InstanceMinute>>();
  let clock = NaN;
  return (instance, minute, now) => {
    if (now !== clock) {
      byInstance.clear();
      clock = now;
    }
    let minutes = byInstance.get(instance);
    if (!minutes) {
      minutes = new Map();
      byInstance.set(instance, minutes);
    }
    const known = minutes.get(minute);
    if (known) return known;
    if (minutes.size >= MAX_REMEMBERED_MINUTES) minutes.clear();
    const figures = instanceMinute(timeline, instance, minute, now);
    minutes.set(minute, figures);
    return figures;
  };
}

function environmentSeries(scene: EnvironmentScene, minuteOf: MinuteOf): Series[] {
  const { timeline } = scene;
  const dims = [{ name: 'EnvironmentName', value: timeline.name }];
  const span = { from: timeline.created, until: timeline.ended };
  const figures = (minute: number, now: number): InstanceMinute[] =>
    running(scene, sampleTime(minute, now)).map((i) => minuteOf(i, minute, now));
  const series: Series[] = [
    {
      id: metricId('AWS/ElasticBeanstalk', 'EnvironmentHealth', dims),
      unit: 'None',
      ...span,
      valueAt: (minute, now) => {
        const at = sampleTime(minute, now);
        return healthValue(servingAt(timeline, at).status, running(scene, at).length);
      },
    },
    ...INSTANCE_STATUSES.map(([name, status]) => ({
      id: metricId('AWS/ElasticBeanstalk', name, dims),
      unit: 'Count',
      ...span,
      valueAt: (minute: number, now: number) => {
        const at = sampleTime(minute, now);
        return servingAt(timeline, at).status === status ? running(scene, at).length : 0;
      },
    })),
    ...applicationFigures(figures).map(({ name, unit, value }) => ({
      id: metricId('AWS/ElasticBeanstalk', name, dims),
      unit,
      ...span,
      valueAt: value,
    })),
  ];
  return series;
}

function instanceSeries(scene: EnvironmentScene, minuteOf: MinuteOf): Series[] {
  const { timeline } = scene;
  return scene.instances.flatMap((instance) => {
    const span = { from: instance.launched, until: instance.ended };
    const one = (minute: number, now: number): InstanceMinute[] =>
      sampleTime(minute, now) < instance.launched ? [] : [minuteOf(instance, minute, now)];
    const ebDims = [
      { name: 'EnvironmentName', value: timeline.name },
      { name: 'InstanceId', value: instance.id },
    ];
    const ec2Dims = [{ name: 'InstanceId', value: instance.id }];
    const figure =
      (pick: Figure) =>
      (minute: number, now: number): number | undefined => {
        const [m] = one(minute, now);
        return m === undefined ? undefined : pick(m);
      };
    return [
      {
        id: metricId('AWS/ElasticBeanstalk', 'InstanceHealth', ebDims),
        unit: 'None',
        ...span,
        valueAt: figure((m) => healthValue(m.serving.status, 1)),
      },
      ...applicationFigures(one).map(({ name, unit, value }) => ({
        id: metricId('AWS/ElasticBeanstalk', name, ebDims),
        unit,
        ...span,
        valueAt: value,
      })),
      // The CPU series skip the figures they do not need: a week of them for twenty instances is a common read.
      ...CPU.map(([name, pick]) => ({
        id: metricId('AWS/ElasticBeanstalk', name, ebDims),
        unit: 'Percent',
        ...span,
        valueAt: (minute: number, now: number): number | undefined =>
          sampleTime(minute, now) < instance.launched ? undefined : pick(cpuMinute(timeline, instance, minute, now)),
      })),
      ...SYSTEM.map(([name, unit, pick]) => ({
        id: metricId('AWS/ElasticBeanstalk', name, ebDims),
        unit,
        ...span,
        valueAt: figure(pick),
      })),
      {
        id: metricId('AWS/EC2', 'CPUUtilization', ec2Dims),
        unit: 'Percent',
        ...span,
        valueAt: (minute: number, now: number): number | undefined =>
          sampleTime(minute, now) < instance.launched
            ? undefined
            : Math.round((100 - cpuMinute(timeline, instance, minute, now).cpu.idle) * 10) / 10,
      },
      { id: metricId('AWS/EC2', 'NetworkIn', ec2Dims), unit: 'Bytes', ...span, valueAt: figure((m) => m.networkIn) },
      { id: metricId('AWS/EC2', 'NetworkOut', ec2Dims), unit: 'Bytes', ...span, valueAt: figure((m) => m.networkOut) },
    ];
  });
}

const GIB = 1024 ** 3;
/** The state keeps no allocated storage; the lab's databases are the 20 GiB RDS offers by default. */
const ALLOCATED_BYTES = 20 * GIB;

/** Connections its client apps hold: a small pool per instance that reaches its views, following traffic. */
function connections(db: DatabaseScene, minute: number, now: number): number {
  const at = sampleTime(minute, now);
  let total = 0;
  for (const client of db.clients) {
    const serving = servingAt(client.timeline, at);
    // An app whose every request fails never got as far as its pool (or the pool cannot connect).
    if (!serving.answering || serving.share5xx >= 1 || serving.share4xx >= 1) continue;
    total += running(client, at).length * (2 + Math.round(4 * dailyTraffic(at)));
  }
  return total;
}

function databaseSeries(db: DatabaseScene): Series[] {
  const dims = [{ name: 'DBInstanceIdentifier', value: db.db.id }];
  const span = { from: db.created, until: Infinity };
  const key = (minute: number): number => Math.floor(minute / MINUTE_MS);
  const series = (name: string, unit: string, value: (minute: number, now: number) => number): Series => ({
    id: metricId('AWS/RDS', name, dims),
    unit,
    ...span,
    valueAt: value,
  });
  return [
    series('CPUUtilization', 'Percent', (minute, now) => {
      const base = 1.5 + 0.6 * connections(db, minute, now);
      return Math.round(base * jitter(db.seed, key(minute), 0.25) * 10) / 10;
    }),
    series('DatabaseConnections', 'Count', (minute, now) => connections(db, minute, now)),
    series('FreeStorageSpace', 'Bytes', (minute, now) => {
      const days = (sampleTime(minute, now) - db.created) / (24 * 60 * MINUTE_MS);
      const used = 1.1 * GIB + days * 25 * 1024 ** 2 + noiseAt(db.seed ^ 0x3c6ef372, key(minute)) * 4 * 1024 ** 2;
      return Math.round(ALLOCATED_BYTES - used);
    }),
    series('ReadLatency', 'Seconds', (minute, now) => {
      const busy = connections(db, minute, now) > 0 ? 0.0004 * dailyTraffic(sampleTime(minute, now)) : 0;
      return Math.round((0.0006 + busy) * jitter(db.seed ^ 0x7f4a7c15, key(minute), 0.2) * 1e6) / 1e6;
    }),
  ];
}

export function allSeries(scene: MetricScene): Series[] {
  return [
    ...scene.environments.flatMap((env) => {
      const minuteOf = rememberedMinutes(env.timeline);
      return [...environmentSeries(env, minuteOf), ...instanceSeries(env, minuteOf)].flatMap((s) =>
        publishedSeries(s, env.publishing),
      );
    }),
    ...scene.databases.flatMap(databaseSeries),
  ];
}
