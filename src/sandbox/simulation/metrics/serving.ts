/**
 * What an environment's visitors get at a moment, from its health verdict:
 * the same reading of causes as the log simulation (logs/timeline.ts), so
 * the access logs and the request metrics agree on status codes.
 */
import type { HealthStatus } from '../../state/beanstalkState';
import { FAILING_5XX, SOME_FAILING_5XX, WEB_NOT_RUNNING } from '../problems';
import { type EnvironmentTimeline, operationAt, segmentAt } from './healthTimeline';

export interface Serving {
  readonly status: HealthStatus;
  /** False when EB has no application data to publish: no instance running, or EB cannot read health. */
  readonly answering: boolean;
  /** Shares of requests by status class; they sum to 1 when answering. */
  readonly share2xx: number;
  readonly share3xx: number;
  readonly share4xx: number;
  readonly share5xx: number;
  /** Multiplies the healthy latency: a proxy answering 502 is quick, a failing view is slower. */
  readonly latencyScale: number;
  /** An operation (deploy, update, restart…) running at that moment. */
  readonly operation: boolean;
}

/** A healthy app's background: redirects and the odd bot asking for a missing page. */
const HEALTHY = { share2xx: 0.93, share3xx: 0.05, share4xx: 0.02, share5xx: 0, latencyScale: 1 };

const NOT_SENDING = 'None of the instances are sending data.';
const COMMAND_FAILED = 'Command failed on all instances.';

function shares(
  status: HealthStatus,
  causes: readonly string[],
  legacy: boolean,
): Omit<Serving, 'status' | 'operation'> {
  const none = { answering: false, share2xx: 0, share3xx: 0, share4xx: 0, share5xx: 0, latencyScale: 1 };
  if (causes.includes(NOT_SENDING) || ['Pending', 'Unknown', 'NoData', 'Suspended'].includes(status)) return none;
  if (causes.includes(COMMAND_FAILED)) {
    // No app deployed: Apache answers 404 on the legacy platform, nginx 502 on AL2/AL2023 (as the logs print).
    return legacy
      ? { answering: true, share2xx: 0, share3xx: 0, share4xx: 1, share5xx: 0, latencyScale: 0.3 }
      : { answering: true, share2xx: 0, share3xx: 0, share4xx: 0, share5xx: 1, latencyScale: 0.1 };
  }
  if (causes.includes(WEB_NOT_RUNNING)) {
    return { answering: true, share2xx: 0, share3xx: 0, share4xx: 0, share5xx: 1, latencyScale: 0.1 };
  }
  const failing = causes.includes(FAILING_5XX) || (causes.length === 0 && status === 'Severe');
  if (failing) return { answering: true, share2xx: 0, share3xx: 0, share4xx: 0, share5xx: 1, latencyScale: 1.5 };
  const partial = causes.includes(SOME_FAILING_5XX) || (causes.length === 0 && status === 'Degraded') ? 0.32 : 0;
  const some = partial > 0 ? partial : status === 'Warning' ? 0.05 : 0;
  const rest = 1 - some;
  return {
    answering: true,
    share2xx: HEALTHY.share2xx * rest,
    share3xx: HEALTHY.share3xx * rest,
    share4xx: HEALTHY.share4xx * rest,
    share5xx: some,
    latencyScale: some > 0 ? 1.2 : 1,
  };
}

/**
 * What visitors get changes only where a verdict or an operation starts or
 * ends, so each timeline is cut once into phases at those moments and a
 * minute finds its phase by binary search: a week of minutes for twenty
 * instances then costs no more than a few comparisons each.
 */
interface Phase {
  readonly from: number;
  readonly serving: Serving;
}
const phasesOf = new WeakMap<EnvironmentTimeline, readonly Phase[]>();

function phases(timeline: EnvironmentTimeline): readonly Phase[] {
  const known = phasesOf.get(timeline);
  if (known) return known;
  const moments = new Set<number>([timeline.created]);
  for (const segment of timeline.segments) moments.add(segment.from);
  for (const op of timeline.operations) {
    moments.add(op.startedAt);
    if (Number.isFinite(op.completedAt)) moments.add(op.completedAt);
  }
  const cut = [...moments].sort((a, b) => a - b).map((from) => ({ from, serving: deriveServing(timeline, from) }));
  phasesOf.set(timeline, cut);
  return cut;
}

/** The verdict and what visitors get at `at`; an operation in progress reports as EB does (Pending or Info). */
export function servingAt(timeline: EnvironmentTimeline, at: number): Serving {
  const cut = phases(timeline);
  let low = 0;
  let high = cut.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((cut[mid]?.from ?? Infinity) <= at) low = mid;
    else high = mid - 1;
  }
  const phase = cut[low];
  return phase && phase.from <= at ? phase.serving : deriveServing(timeline, at);
}

function deriveServing(timeline: EnvironmentTimeline, at: number): Serving {
  const segment = segmentAt(timeline, at);
  const operation = operationAt(timeline, at);
  const base = shares(segment.status, segment.causes, timeline.legacy);
  if (!operation) return { status: segment.status, operation: false, ...base };
  // As DescribeEnvironmentHealth reports the operation: Launching is Pending, Terminating Unknown, the rest Info.
  if (operation.kind === 'launch') return { status: 'Pending', operation: true, ...shares('Pending', [], false) };
  if (operation.kind === 'terminate') return { status: 'Unknown', operation: true, ...shares('Unknown', [], false) };
  // While configuration or code is swapped the old process keeps answering.
  return { status: 'Info', operation: true, ...base };
}

/** CloudWatch's EnvironmentHealth numbers; Pending counts as No data while no instance runs. */
export function healthValue(status: HealthStatus, instancesRunning: number): number {
  switch (status) {
    case 'Ok':
      return 0;
    case 'Info':
      return 1;
    case 'Warning':
      return 15;
    case 'Degraded':
      return 20;
    case 'Severe':
      return 25;
    case 'NoData':
      return 10;
    case 'Pending':
      return instancesRunning === 0 ? 10 : 5;
    default:
      return 5;
  }
}
