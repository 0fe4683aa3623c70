/**
 * The Monitoring tab's answer: every chart line (the environment's, one CPU
 * and one load line per instance, the database's CPU and connections) in ONE
 * GetMetricData request (more only when CloudWatch pages the answer), never
 * one per chart; and the deploys and configuration changes drawn over them.
 */
import type {
  EnvironmentMetrics,
  EnvironmentEvent,
  JournalEntry,
  MonitoringRange,
  Target,
} from '../../shared/contract';
import { customWindowProblem, periodForWindow } from '../../shared/monitoring/window';
import type { ClientFactory } from '../aws/clientFactory';
import { TrellisError } from '../aws/errors';
import { describeEvents } from './beanstalkEvents';
import { panelProblem } from './beanstalkEnvironments';
import { markersFromEvents, markersFromJournal, mergeMarkers } from './monitoringMarkers';
import {
  alignedRange,
  alignedWindow,
  emptyMetricNames,
  metricQueries,
  periodFor,
  readMetricData,
  seriesOf,
  seriesSpecs,
} from './monitoringQueries';
import { monitoringTargets } from './monitoringTargets';

// The list's sparklines read with the same request and period rules.
export { alignedRange, periodFor, pointsOf, readMetricData } from './monitoringQueries';

export interface EnvironmentMetricsQuery {
  environmentName: string;
  /** A preset range; give it or `start` and `end`. */
  rangeMinutes?: MonitoringRange;
  /** A custom window (ISO instants). */
  start?: string;
  end?: string;
  /** Overrides the range's period (benchmarks ask for one minute over a week). */
  periodSeconds?: number;
  /** The end of a preset range: the target's clock, which for the practice sandbox may run ahead. */
  now?: Date;
  /** The Trellis journal, newest first, for markers of the changes made here. */
  journal?: readonly JournalEntry[];
}

/** Events over a week of a busy environment fit in a few pages; more would be noise on a chart anyway. */
const EVENT_PAGE_SIZE = 1000;
const MAX_EVENT_PAGES = 3;

interface Window {
  start: Date;
  end: Date;
  period: number;
}

function windowOf(query: EnvironmentMetricsQuery, now: Date): Window {
  if (query.start !== undefined || query.end !== undefined) {
    const startMs = Date.parse(query.start ?? '');
    const endMs = Date.parse(query.end ?? '');
    const problem = customWindowProblem(startMs, endMs, now.getTime());
    if (problem) throw new TrellisError({ code: 'validation', message: problem.message, retryable: false });
    const period = query.periodSeconds ?? periodForWindow(startMs, endMs, now.getTime());
    return { ...alignedWindow(startMs, endMs, period), period };
  }
  if (query.rangeMinutes === undefined) {
    throw new TrellisError({
      code: 'validation',
      message: 'Choose a range or a custom start and end.',
      retryable: false,
    });
  }
  const period = query.periodSeconds ?? periodFor(query.rangeMinutes);
  return { ...alignedRange(now, period, query.rangeMinutes), period };
}

export async function environmentMetrics(
  aws: ClientFactory,
  target: Target,
  query: EnvironmentMetricsQuery,
): Promise<EnvironmentMetrics> {
  const now = query.now ?? new Date();
  const { start, end, period } = windowOf(query, now);
  const [targets, events] = await Promise.all([
    monitoringTargets(aws, target, query.environmentName, now.getTime()),
    windowEvents(aws, target, query.environmentName, start, end),
  ]);
  const specs = seriesSpecs(query.environmentName, targets.instances, targets.database?.id ?? null);
  const { results, calls } = await readMetricData(aws, target, metricQueries(specs, period), start, end);
  const series = specs.map((spec) => seriesOf(spec, results));
  const markers = mergeMarkers(
    markersFromEvents(events.events),
    markersFromJournal(query.journal ?? [], target, query.environmentName),
    start.getTime(),
    end.getTime(),
  );

  return {
    environmentName: query.environmentName,
    ...(query.rangeMinutes !== undefined && query.start === undefined ? { rangeMinutes: query.rangeMinutes } : {}),
    period,
    start: start.toISOString(),
    end: end.toISOString(),
    series,
    emptyMetricNames: emptyMetricNames(series),
    instances: targets.instances,
    database: targets.database,
    notes: [...targets.notes, ...events.notes],
    markers,
    calls,
    lookups: targets.lookups + events.lookups,
    readAt: new Date().toISOString(),
  };
}

/** The environment's events within the window, for markers; a refusal costs the markers only. */
async function windowEvents(
  aws: ClientFactory,
  target: Target,
  environmentName: string,
  start: Date,
  end: Date,
): Promise<{ events: EnvironmentEvent[]; notes: string[]; lookups: number }> {
  const events: EnvironmentEvent[] = [];
  let lookups = 0;
  let nextToken: string | undefined;
  try {
    do {
      lookups++;
      const page = await describeEvents(aws, target, {
        environmentName,
        since: start.toISOString(),
        maxRecords: EVENT_PAGE_SIZE,
        ...(nextToken ? { nextToken } : {}),
      });
      events.push(...page.events.filter((e) => Date.parse(e.date) <= end.getTime()));
      nextToken = page.nextToken;
    } while (nextToken && lookups < MAX_EVENT_PAGES);
  } catch (err) {
    return {
      events,
      notes: [`Events could not be read, so deploys are not marked: ${panelProblem(err).message}`],
      lookups,
    };
  }
  return { events, notes: [], lookups };
}
