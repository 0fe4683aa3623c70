/**
 * Metrics as evidence: when the health metric went bad or the 5xx share
 * rose, and the deploy or configuration change just before it, read from the
 * environment's own events. Times are written in UTC because main does not
 * know the reader's zone; the evidence's `at` carries the instant, which the
 * console shows in local time beside it.
 */
import type { Evidence, MetricSeries } from '../../../shared/contract';
import type { EnvironmentMetricFacts, EventFact, MetricPointFact } from '../facts';
import { healthName } from '../../../shared/monitoring/healthCodes';

/** Degraded and Severe: what a failing app reports, and what the findings here explain. */
export const HEALTH_BAD_FROM = 20;
/** Below Warning: OK, Info (and Unknown/No data, which say nothing is failing). */
export const HEALTH_OK_BELOW = 15;
/** A 5xx share this high is an app failing most requests, not background noise. */
const HIGH_5XX_PERCENT = 50;
/** A change further back than this before a rise is not offered as its cause. */
const CHANGE_WINDOW_MS = 30 * 60_000;

export interface ChangeEvent {
  at: string;
  /** How the change reads in a sentence: "version v7 was deployed", "the configuration change". */
  phrase: string;
  /** A short label for the chart's marker. */
  label: string;
}

/** The events that open an operation which changes what runs; their start is what a rise follows. */
export function changeOf(event: EventFact): ChangeEvent | undefined {
  const m = event.message;
  if (/^Deploying new version to instance\(s\)\./.test(m)) {
    const version = event.versionLabel ? `version ${event.versionLabel}` : 'a new version';
    return {
      at: event.at,
      phrase: `${version} was deployed`,
      label: `Deploy${event.versionLabel ? ` ${event.versionLabel}` : ''}`,
    };
  }
  if (/^Updating environment .*configuration settings\./.test(m)) {
    return { at: event.at, phrase: 'the configuration change', label: 'Configuration change' };
  }
  if (/^rebuildEnvironment is starting\./.test(m)) return { at: event.at, phrase: 'the rebuild', label: 'Rebuild' };
  if (/^restartAppServer is starting\./.test(m)) {
    return { at: event.at, phrase: 'the app server restart', label: 'App server restart' };
  }
  if (/^createEnvironment is starting\./.test(m)) {
    return { at: event.at, phrase: 'the environment was created', label: 'Created' };
  }
  return undefined;
}

/** The newest change at or before `at`, within the window; events arrive newest first. */
export function changeBefore(events: readonly EventFact[], at: number): ChangeEvent | undefined {
  for (const event of events) {
    const when = Date.parse(event.at);
    if (!Number.isFinite(when) || when > at) continue;
    if (at - when > CHANGE_WINDOW_MS) return undefined;
    const change = changeOf(event);
    if (change) return change;
  }
  return undefined;
}

/** The newest change at or after `at` (the fix's own operation, for verification). */
export function changeSince(events: readonly EventFact[], at: number): ChangeEvent | undefined {
  let found: ChangeEvent | undefined;
  for (const event of events) {
    const when = Date.parse(event.at);
    if (!Number.isFinite(when) || when < at) continue;
    const change = changeOf(event);
    if (change && (!found || when > Date.parse(found.at))) found = change;
  }
  return found;
}

export function clockTime(iso: string, reference?: string): string {
  const d = new Date(iso);
  const hm = d.toISOString().slice(11, 16);
  const sameDay =
    reference !== undefined && new Date(reference).toISOString().slice(0, 10) === d.toISOString().slice(0, 10);
  if (reference === undefined || sameDay) return `${hm} UTC`;
  const day = d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return `${hm} UTC on ${day}`;
}

/** "2 min", "45 s", "3 min 10 s", "1 h 5 min": how long, for a reader. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  const seconds = s % 60;
  if (minutes < 60) return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

function relation(change: ChangeEvent | undefined, at: number, reference: string): string {
  if (!change) return '';
  const gap = at - Date.parse(change.at);
  const when = gap < 60_000 ? `${duration(gap)} after` : `${duration(Math.round(gap / 60_000) * 60_000)} after`;
  return `, ${when} ${change.phrase} at ${clockTime(change.at, reference)}`;
}

/** The first point of the newest run that satisfies `test`, or undefined when the newest point does not. */
function runStart(points: readonly MetricPointFact[], test: (v: number) => boolean): number | undefined {
  let start: number | undefined;
  for (let i = points.length - 1; i >= 0; i -= 1) {
    const p = points[i];
    if (!p || !test(p.v)) break;
    start = i;
  }
  return start;
}

const TRANSITION_TO_BAD = /^Environment health has transitioned from \w+ to (Degraded|Severe)\./;

/** When a run that began before the window really began: the newest transition into it at or before the window. */
function transitionBefore(events: readonly EventFact[], at: number): EventFact | undefined {
  return events.find((e) => Date.parse(e.at) <= at && TRANSITION_TO_BAD.test(e.message));
}

function series(id: string, metricName: string, label: string, unit: string, points: MetricPointFact[]): MetricSeries {
  return { id, metricName, label, unit, points };
}

function healthEvidence(metrics: EnvironmentMetricFacts, events: readonly EventFact[]): Evidence | undefined {
  const points = metrics.health;
  const newest = points[points.length - 1];
  if (!newest || newest.v < HEALTH_BAD_FROM) return undefined;
  const first = runStart(points, (v) => v >= HEALTH_BAD_FROM) ?? points.length - 1;
  const firstPoint = points[first] ?? newest;
  const name = healthName(newest.v);
  // Bad for the whole window: the transition event, if there is one, says since when.
  const transition = first === 0 ? transitionBefore(events, Date.parse(firstPoint.t) + 60_000) : undefined;
  const known = first > 0 || transition !== undefined;
  const onset = transition?.at ?? firstPoint.t;
  const at = Date.parse(onset);
  const change = known ? changeBefore(events, at) : undefined;
  const text = known
    ? `Health ${name} since ${clockTime(onset, newest.t)}${relation(change, at, newest.t)}` +
      (first === 0 ? `; still ${name} at ${clockTime(newest.t)}` : '')
    : `Health ${name} for all of the last ${duration(Date.parse(newest.t) - at + 60_000)} read, since before ${clockTime(onset, newest.t)}`;
  return {
    source: 'metric',
    label: 'EnvironmentHealth (Maximum per minute)',
    text,
    at: onset,
    metric: {
      series: series('health', 'EnvironmentHealth', 'Health', 'None', points),
      period: metrics.period,
      ...(change ? { change: { at: change.at, label: change.label } } : {}),
    },
  };
}

function percent(v: number): string {
  return `${Math.round(v)} %`;
}

function fiveXxEvidence(metrics: EnvironmentMetricFacts, events: readonly EventFact[]): Evidence | undefined {
  const points = metrics.percent5xx;
  const newest = points[points.length - 1];
  if (!newest || newest.v < HIGH_5XX_PERCENT) return undefined;
  const first = runStart(points, (v) => v >= HIGH_5XX_PERCENT) ?? points.length - 1;
  const rise = points[first] ?? newest;
  const before = points[first - 1];
  const at = Date.parse(rise.t);
  const change = before ? changeBefore(events, at) : undefined;
  const text = before
    ? `5xx rose from ${percent(before.v)} to ${percent(rise.v)} of requests at ${clockTime(rise.t, newest.t)}${relation(change, at, newest.t)}; ${percent(newest.v)} at ${clockTime(newest.t)}`
    : `5xx at ${percent(newest.v)} of requests at ${clockTime(newest.t)}, and at least ${HIGH_5XX_PERCENT} % since ${clockTime(rise.t, newest.t)}`;
  return {
    source: 'metric',
    label: '5xx share of requests (ApplicationRequests5xx / ApplicationRequestsTotal per minute)',
    text,
    at: rise.t,
    metric: {
      series: series('percent5xx', 'ApplicationRequests5xx', '5xx %', 'Percent', points),
      period: metrics.period,
      ...(change ? { change: { at: change.at, label: change.label } } : {}),
    },
  };
}

/**
 * The metric evidence for a finding about a failing environment: health
 * gone Degraded or Severe, and a 5xx share that rose. A denied read says so
 * once (the finding still stands on its other evidence); no data adds nothing.
 */
export function metricEvidence(metrics: EnvironmentMetricFacts | undefined, events: readonly EventFact[]): Evidence[] {
  if (!metrics) return [];
  if (metrics.status !== 'read') {
    return [{ source: 'metric', label: 'CloudWatch metrics', text: metrics.note ?? 'Metrics could not be read.' }];
  }
  return [healthEvidence(metrics, events), fiveXxEvidence(metrics, events)].filter(
    (e): e is Evidence => e !== undefined,
  );
}
