/**
 * One instance's figures for one minute, as a pure function of the
 * environment's timeline, the instance and the clock. Nothing is stored: a
 * week of one-minute samples is recomputed on demand in a few milliseconds.
 */
import type { EnvironmentTimeline } from './healthTimeline';
import { dailyTraffic, jitter, MINUTE_MS, noiseAt, seriesSeed } from './noise';
import { type Serving, servingAt } from './serving';

const DAY_MS = 24 * 60 * MINUTE_MS;
/** EB's enhanced health counts requests over a 10-second window (ApplicationMetrics.Duration). */
export const REQUEST_WINDOW_SECONDS = 10;
/** Healthy percentiles in seconds, P10 … P99.9, at full daily traffic. */
const LATENCY_BASE = [0.002, 0.006, 0.013, 0.024, 0.031, 0.052, 0.203, 0.412] as const;
export const LATENCY_NAMES = ['P10', 'P50', 'P75', 'P85', 'P90', 'P95', 'P99', 'P99.9'] as const;
/** CPU the deployment itself burns in a minute an operation runs: the step a deploy leaves on the chart. */
const OPERATION_CPU = 35;

export interface InstanceSpan {
  readonly id: string;
  readonly launched: number;
  /** Infinity while it runs. */
  readonly ended: number;
  readonly seed: number;
  /** Requests a second at the day's peak. */
  readonly peakRps: number;
  /** Root volume use when it launched, in percent. */
  readonly diskBase: number;
}

export interface InstanceMinute {
  readonly serving: Serving;
  readonly requests: { total: number; s2xx: number; s3xx: number; s4xx: number; s5xx: number };
  /** Multiplies LATENCY_BASE; 0 when nothing was answered (read with `latencyOf`). */
  readonly latencyFactor: number;
  readonly cpu: { user: number; system: number; iowait: number; idle: number };
  readonly load1: number;
  readonly rootFilesystemUtil: number;
  readonly networkIn: number;
  readonly networkOut: number;
}

/** A latency percentile in seconds (index into LATENCY_NAMES), or undefined when nothing was answered. */
export function latencyOf(minute: InstanceMinute, index: number): number | undefined {
  const base = LATENCY_BASE[index];
  if (minute.latencyFactor === 0 || base === undefined) return undefined;
  return Math.round(base * minute.latencyFactor * 10_000) / 10_000;
}

export function instanceSpan(id: string, launched: number, ended: number): InstanceSpan {
  const seed = seriesSeed(id);
  return {
    id,
    launched,
    ended,
    seed,
    peakRps: 4 + 4 * noiseAt(seed, -1),
    diskBase: 18 + 14 * noiseAt(seed, -2),
  };
}

const round = (value: number, digits: number): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};
const tenths = (value: number): number => Math.round(value * 10) / 10;

/** The moment a minute's sample describes: its last millisecond, or now for the minute in progress. */
export function sampleTime(minuteStart: number, now: number): number {
  return Math.min(minuteStart + MINUTE_MS - 1, now);
}

function operationDuring(timeline: EnvironmentTimeline, minuteStart: number, at: number): boolean {
  return timeline.operations.some((op) => op.startedAt <= at && op.completedAt > minuteStart);
}

export interface CpuMinute {
  readonly serving: Serving;
  /** Requests answered over the 10-second window. */
  readonly total: number;
  readonly cpu: { readonly user: number; readonly system: number; readonly iowait: number; readonly idle: number };
}

/** Requests and CPU only: what the CPU series need, without the rest of the minute's figures. */
export function cpuMinute(
  timeline: EnvironmentTimeline,
  instance: InstanceSpan,
  minuteStart: number,
  now: number,
): CpuMinute {
  const at = sampleTime(minuteStart, now);
  const minute = Math.floor(minuteStart / MINUTE_MS);
  const serving = servingAt(timeline, at);
  const seed = instance.seed;
  const total = serving.answering
    ? Math.round(instance.peakRps * dailyTraffic(at) * jitter(seed, minute, 0.15) * REQUEST_WINDOW_SECONDS)
    : 0;
  const rps = total / REQUEST_WINDOW_SECONDS;
  const deploying = operationDuring(timeline, minuteStart, at) ? OPERATION_CPU : 0;
  const busy = (serving.answering ? 1.5 + rps * 1.4 : 0.6) * jitter(seed ^ 0x27d4eb2f, minute, 0.2) + deploying;
  const user = tenths(busy * 0.78);
  const system = tenths(busy * 0.18);
  const iowait = tenths(0.1 + busy * 0.04 + 0.2 * noiseAt(seed ^ 0x165667b1, minute));
  return { serving, total, cpu: { user, system, iowait, idle: tenths(100 - user - system - iowait) } };
}

export function instanceMinute(
  timeline: EnvironmentTimeline,
  instance: InstanceSpan,
  minuteStart: number,
  now: number,
): InstanceMinute {
  const { serving, total, cpu } = cpuMinute(timeline, instance, minuteStart, now);
  const at = sampleTime(minuteStart, now);
  const minute = Math.floor(minuteStart / MINUTE_MS);
  const seed = instance.seed;
  const s3xx = Math.round(total * serving.share3xx);
  const s4xx = Math.round(total * serving.share4xx);
  const s5xx = Math.round(total * serving.share5xx);
  const requests = { total, s2xx: Math.max(0, total - s3xx - s4xx - s5xx), s3xx, s4xx, s5xx };
  const slowdown = serving.latencyScale * (0.7 + 0.5 * dailyTraffic(at)) * jitter(seed ^ 0x5bd1e995, minute, 0.12);
  const requestsPerMinute = (total / REQUEST_WINDOW_SECONDS) * 60;
  return {
    serving,
    requests,
    latencyFactor: total > 0 ? slowdown : 0,
    cpu,
    load1: round(((cpu.user + cpu.system + cpu.iowait) / 100) * 1.3 * jitter(seed ^ 0x61c88647, minute, 0.1), 2),
    rootFilesystemUtil: tenths(Math.min(95, instance.diskBase + ((at - instance.launched) / DAY_MS) * 0.4)),
    networkIn: Math.round(requestsPerMinute * 900 + 3_000 * jitter(seed, minute, 0.3)),
    networkOut: Math.round(requestsPerMinute * 14_000 + 2_000 * jitter(seed, minute, 0.3)),
  };
}

/** The 5- and 15-minute load averages DescribeInstancesHealth reports, from the minutes before. */
export function loadAverages(
  timeline: EnvironmentTimeline,
  instance: InstanceSpan,
  minuteStart: number,
  now: number,
): [number, number, number] {
  const loads: number[] = [];
  for (let back = 0; back < 15; back += 1) {
    const start = minuteStart - back * MINUTE_MS;
    if (start < instance.launched - MINUTE_MS) break;
    loads.push(instanceMinute(timeline, instance, start, now).load1);
  }
  const mean = (values: readonly number[]): number =>
    values.length === 0 ? 0 : round(values.reduce((a, b) => a + b, 0) / values.length, 2);
  return [loads[0] ?? 0, mean(loads.slice(0, 5)), mean(loads)];
}
