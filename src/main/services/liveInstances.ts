/**
 * `eb health --refresh` as data: the same two enhanced-health reads as the
 * Health tab, with EB's ApplicationMetrics and System blocks turned into the
 * figures `eb health` prints (r/sec, % by status class, latency, load, CPU).
 */
import type { ApplicationMetrics, SystemStatus } from '@aws-sdk/client-elastic-beanstalk';
import type { LiveApplication, LiveInstances, LiveSystem, Target } from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { type EnhancedHealthRead, healthOf, readEnhancedHealth } from './beanstalkHealth';

/** EB documents its request window as usually 10 seconds; an endpoint that leaves Duration out gets that. */
const DEFAULT_WINDOW_SECONDS = 10;

const tenths = (value: number): number => Math.round(value * 10) / 10;

/** A figure another endpoint (moto, LocalStack) may leave out or send as nonsense: kept only when it can be shown. */
function figure(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : undefined;
}
const percent = (value: number | undefined): number | undefined => {
  const known = figure(value);
  return known === undefined ? undefined : Math.min(100, known);
};

export function liveApplication(metrics: ApplicationMetrics | undefined): LiveApplication | undefined {
  const requestCount = figure(metrics?.RequestCount);
  if (metrics === undefined || requestCount === undefined) return undefined;
  const durationSeconds = figure(metrics.Duration) || DEFAULT_WINDOW_SECONDS;
  const codes = metrics.StatusCodes;
  const share = (count: number | undefined): number => tenths(((figure(count) ?? 0) / requestCount) * 100);
  const latency = metrics.Latency;
  return {
    requestCount: Math.round(requestCount),
    durationSeconds,
    requestsPerSecond: tenths(requestCount / durationSeconds),
    percent:
      requestCount > 0 && codes
        ? {
            s2xx: share(codes.Status2xx),
            s3xx: share(codes.Status3xx),
            s4xx: share(codes.Status4xx),
            s5xx: share(codes.Status5xx),
          }
        : undefined,
    latency: latency && {
      p999: figure(latency.P999),
      p99: figure(latency.P99),
      p95: figure(latency.P95),
      p90: figure(latency.P90),
      p85: figure(latency.P85),
      p75: figure(latency.P75),
      p50: figure(latency.P50),
      p10: figure(latency.P10),
    },
  };
}

export function liveSystem(system: SystemStatus | undefined): LiveSystem | undefined {
  if (!system) return undefined;
  const [load1, load5, load15] = system.LoadAverage ?? [];
  const cpu = system.CPUUtilization;
  return {
    load1: figure(load1),
    load5: figure(load5),
    load15: figure(load15),
    cpu: cpu && {
      user: percent(cpu.User),
      nice: percent(cpu.Nice),
      system: percent(cpu.System),
      idle: percent(cpu.Idle),
      iowait: percent(cpu.IOWait),
    },
  };
}

/** The Health tab's reading, each instance joined with its own figures by id. */
export function liveInstancesOf(environmentName: string, read: EnhancedHealthRead, readAt: Date): LiveInstances {
  const base = healthOf(environmentName, read);
  const raw = new Map(
    read.instances.status === 'fulfilled' ? read.instances.value.map((i) => [i.InstanceId ?? '', i] as const) : [],
  );
  return {
    ...base,
    application:
      read.environment.status === 'fulfilled' ? liveApplication(read.environment.value.ApplicationMetrics) : undefined,
    instances: base.instances.map((instance) => {
      const own = raw.get(instance.instanceId);
      return { ...instance, application: liveApplication(own?.ApplicationMetrics), system: liveSystem(own?.System) };
    }),
    readAt: readAt.toISOString(),
  };
}

export async function instancesLive(
  aws: ClientFactory,
  target: Target,
  environmentName: string,
): Promise<LiveInstances> {
  const read = await readEnhancedHealth(aws, target, environmentName);
  return liveInstancesOf(environmentName, read, new Date());
}
