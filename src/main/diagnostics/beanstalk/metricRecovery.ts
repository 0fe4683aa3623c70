/**
 * After a fix: has the health metric followed the health colour? The
 * metric lags by minutes, so "waiting" is an answer, not a failure. Time is
 * measured between the change's event and the first OK datapoint, both on
 * the endpoint's clock (the sandbox's own clock against the sandbox), never
 * this computer's, so a clock moved forward in the sandbox reads true.
 */
import type { MetricRecovery } from '../../../shared/contract';
import type { EnvironmentMetricFacts, EventFact, MetricPointFact } from '../facts';
import { healthName } from '../../../shared/monitoring/healthCodes';
import { changeOf, clockTime, duration, HEALTH_OK_BELOW, type ChangeEvent } from './metricEvidence';

/** The newest change the environment's events record: the fix's own operation. */
function newestChange(events: readonly EventFact[]): ChangeEvent | undefined {
  let found: ChangeEvent | undefined;
  for (const event of events) {
    const change = changeOf(event);
    if (change && (!found || Date.parse(change.at) > Date.parse(found.at))) found = change;
  }
  return found;
}

function secondsClock(iso: string): string {
  return `${new Date(iso).toISOString().slice(11, 19)} UTC`;
}

/** The newest run of OK points, oldest first. */
function okRun(points: readonly MetricPointFact[]): MetricPointFact[] {
  const run: MetricPointFact[] = [];
  for (let i = points.length - 1; i >= 0; i -= 1) {
    const p = points[i];
    if (!p || p.v >= HEALTH_OK_BELOW) break;
    run.unshift(p);
  }
  return run;
}

export function metricRecovery(
  metrics: EnvironmentMetricFacts | undefined,
  events: readonly EventFact[],
): MetricRecovery {
  if (!metrics || metrics.status !== 'read') {
    return {
      state: 'unavailable',
      text: `Health metric not checked: ${metrics?.note ?? 'no metrics were read for this environment.'}`,
    };
  }
  const newest = metrics.health[metrics.health.length - 1];
  if (!newest) {
    return {
      state: 'unavailable',
      text: 'Health metric not checked: CloudWatch has no EnvironmentHealth datapoints for it.',
    };
  }
  const change = newestChange(events);
  const periodMs = metrics.period * 1000;
  // A datapoint whose period ended before the change says nothing about the fix.
  const sinceChange = !change || Date.parse(newest.t) + periodMs > Date.parse(change.at);
  const name = healthName(newest.v);
  if (newest.v >= HEALTH_OK_BELOW || !sinceChange) {
    const what = sinceChange
      ? `still ${name} at ${clockTime(newest.t)}`
      : `has no datapoint since ${change ? change.phrase : 'the change'} yet (newest ${name} at ${clockTime(newest.t)})`;
    return { state: 'waiting', text: `Health metric ${what}; waiting for it to drop below Warning.`, newest };
  }
  const run = okRun(metrics.health);
  if (!change) {
    return { state: 'recovered', text: `Health metric ${name} since ${clockTime((run[0] ?? newest).t)}.`, newest };
  }
  const changeAt = Date.parse(change.at);
  // Counted from the change: an OK minute before it says nothing about the fix.
  const ok = run.find((p) => Date.parse(p.t) + periodMs > changeAt) ?? newest;
  const tookMs = Math.max(0, Date.parse(ok.t) - changeAt);
  const took = tookMs === 0 ? 'within a minute of the change' : `${duration(tookMs)} after the change`;
  return {
    state: 'recovered',
    text:
      `Health metric ${name} ${took} ` +
      `(on the endpoint's clock: ${change.phrase} at ${secondsClock(change.at)}, first ${name} minute at ${clockTime(ok.t)}).`,
    newest,
    tookSeconds: Math.round(tookMs / 1000),
  };
}
