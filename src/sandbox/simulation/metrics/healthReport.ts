/**
 * The figures DescribeEnvironmentHealth and DescribeInstancesHealth report,
 * read from the same simulation as the CloudWatch metrics for the current
 * minute, so the live table and the charts never disagree.
 */
import type { EnvironmentState } from '../../state/beanstalkState';
import type { StateDocument } from '../../state/document';
import {
  type InstanceMinute,
  instanceMinute,
  LATENCY_NAMES,
  latencyOf,
  loadAverages,
  sampleTime,
} from './instanceFigures';
import { MINUTE_MS } from './noise';
import { environmentScene } from './scene';

export interface ApplicationFigures {
  readonly requestCount: number;
  readonly status2xx: number;
  readonly status3xx: number;
  readonly status4xx: number;
  readonly status5xx: number;
  /** Seconds by EB's percentile names: P10 … P99.9; undefined when nothing was asked of it (a quiet night). */
  readonly latency: Readonly<Record<(typeof LATENCY_NAMES)[number], number>> | undefined;
}

export interface InstanceFigures {
  /** Undefined when the instance answered nothing this minute. */
  readonly application: ApplicationFigures | undefined;
  readonly cpu: { readonly user: number; readonly system: number; readonly iowait: number; readonly idle: number };
  /** 1, 5 and 15-minute load averages. */
  readonly loadAverage: readonly [number, number, number];
}

function application(minutes: readonly InstanceMinute[]): ApplicationFigures | undefined {
  // As the CloudWatch series count them: an answering instance with no requests this minute still reports 0.
  const answering = minutes.filter((m) => m.serving.answering);
  if (answering.length === 0) return undefined;
  const sum = (pick: (m: InstanceMinute) => number): number => answering.reduce((total, m) => total + pick(m), 0);
  const timed = answering.filter((m) => m.latencyFactor > 0);
  const latency =
    timed.length === 0
      ? undefined
      : (Object.fromEntries(
          LATENCY_NAMES.map((name, index) => [
            name,
            Math.round((timed.reduce((total, m) => total + (latencyOf(m, index) ?? 0), 0) / timed.length) * 10_000) /
              10_000,
          ]),
        ) as Record<(typeof LATENCY_NAMES)[number], number>);
  return {
    requestCount: sum((m) => m.requests.total),
    status2xx: sum((m) => m.requests.s2xx),
    status3xx: sum((m) => m.requests.s3xx),
    status4xx: sum((m) => m.requests.s4xx),
    status5xx: sum((m) => m.requests.s5xx),
    latency,
  };
}

const minuteOf = (now: Date): number => Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;

/** The environment's requests and latency this minute, summed (latency averaged) over its running instances. */
export function environmentApplicationFigures(
  doc: StateDocument,
  env: EnvironmentState,
  now: Date,
): ApplicationFigures | undefined {
  const scene = environmentScene(doc, env);
  const minute = minuteOf(now);
  const at = sampleTime(minute, now.getTime());
  const minutes = scene.instances
    .filter((i) => i.launched <= at && at < i.ended)
    .map((i) => instanceMinute(scene.timeline, i, minute, now.getTime()));
  return application(minutes);
}

export function instanceFigures(
  doc: StateDocument,
  env: EnvironmentState,
  instanceId: string,
  now: Date,
): InstanceFigures | undefined {
  const scene = environmentScene(doc, env);
  const instance = scene.instances.find((i) => i.id === instanceId);
  if (!instance) return undefined;
  const minute = minuteOf(now);
  const figures = instanceMinute(scene.timeline, instance, minute, now.getTime());
  return {
    application: application([figures]),
    cpu: figures.cpu,
    loadAverage: loadAverages(scene.timeline, instance, minute, now.getTime()),
  };
}
