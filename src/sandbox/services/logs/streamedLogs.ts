/**
 * What CloudWatch Logs holds for Elastic Beanstalk: for each environment that
 * streams (`aws:elasticbeanstalk:cloudwatch:logs` StreamLogs), one group per
 * log file of its platform generation, `/aws/elasticbeanstalk/<env>/var/log/...`,
 * one stream per instance id, fed by the same derived lines the instance logs
 * show, for the spans of time the environment streamed.
 *
 * Lines are ingested up to the last time the environment's logs were
 * observed; reads observe at most every few seconds, which plays the part of
 * the CloudWatch agent's batching and keeps polling from writing the state on
 * every call.
 */
import type { EnvironmentState } from '../../state/beanstalkState';
import type { StateDocument } from '../../state/document';
import type { InstanceState } from '../../state/networkState';
import type { StateStore } from '../../state/store';
import { seededInt } from '../../simulation/logs/logClock';
import { CLOUDWATCH_LOGS_NAMESPACE, confirmedUntil, observeLogEpochs, streamsLogs } from '../../simulation/logs/epochs';
import { instanceLogFiles } from '../../simulation/logs/instanceLogs';
import { logFilePaths, logGeneration, logGroupName, type RenderedLogFile } from '../../simulation/logs/logFiles';
import { optionValue } from '../../simulation/options';
import { environmentInstances } from '../../simulation/provisioning';
import { evaluationContext } from '../elasticbeanstalk/healthRefresh';

/** How stale the ingested lines may get before a read observes the environment again. */
const INGESTION_INTERVAL_MS = 5_000;
/** EB's default for `RetentionInDays`. */
const DEFAULT_RETENTION_DAYS = 7;

export interface StreamedGroup {
  readonly name: string;
  /** The file on the instances, e.g. `/var/log/web.stdout.log`. */
  readonly path: string;
  readonly environment: EnvironmentState;
  readonly creationTime: number;
  readonly retentionInDays: number;
}

export interface StreamedEvent {
  readonly logStreamName: string;
  readonly timestamp: number;
  readonly ingestionTime: number;
  readonly message: string;
  /** Orders events within a stream: the timestamp, then the line's place among lines of the same millisecond. */
  readonly position: readonly [number, number];
  /** CloudWatch's 56-digit event id, stable across reads: the de-duplication key of a live tail. */
  readonly eventId: string;
}

function streamedSince(env: EnvironmentState): number | undefined {
  return env.logEpochs?.find((epoch) => epoch.streaming)?.from;
}

function keepsGroups(env: EnvironmentState): boolean {
  if (env.status !== 'Terminated') return true;
  return optionValue(env.optionSettings, CLOUDWATCH_LOGS_NAMESPACE, 'DeleteOnTerminate') !== 'true';
}

/** Observes streaming environments whose ingested lines are stale, in one write. */
export function ingestStreamedLogs(store: StateStore, now: Date): void {
  const at = now.getTime();
  const stale = (env: EnvironmentState): boolean =>
    env.status !== 'Terminated' &&
    (streamsLogs(env) || streamedSince(env) !== undefined) &&
    (confirmedUntil(env) ?? Number.NEGATIVE_INFINITY) + INGESTION_INTERVAL_MS <= at;
  const ids = store.document.elasticbeanstalk.environments.filter(stale).map((env) => env.id);
  if (ids.length === 0) return;
  const context = evaluationContext(store);
  store.mutate((draft) => {
    for (const env of draft.elasticbeanstalk.environments) {
      if (ids.includes(env.id)) observeLogEpochs(draft, env, at, context);
    }
  });
}

/** Every group EB created, by name; a live environment wins over a terminated one of the same name. */
export function streamedGroups(doc: StateDocument): StreamedGroup[] {
  const groups = new Map<string, StreamedGroup>();
  const ordered = [...doc.elasticbeanstalk.environments].sort(
    (a, b) => Number(a.status !== 'Terminated') - Number(b.status !== 'Terminated'),
  );
  for (const environment of ordered) {
    const since = streamedSince(environment);
    if (since === undefined || !keepsGroups(environment)) continue;
    const retention = Number(optionValue(environment.optionSettings, CLOUDWATCH_LOGS_NAMESPACE, 'RetentionInDays'));
    for (const path of logFilePaths(logGeneration(environment))) {
      const name = logGroupName(environment.name, path);
      groups.set(name, {
        name,
        path,
        environment,
        creationTime: Math.max(since, Date.parse(environment.dateCreated)),
        retentionInDays: Number.isInteger(retention) && retention > 0 ? retention : DEFAULT_RETENTION_DAYS,
      });
    }
  }
  // CloudWatch lists names in byte order (upper case before lower case).
  return [...groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The streams of a group: one per instance, named by its id. */
export function groupStreams(doc: StateDocument, group: StreamedGroup): InstanceState[] {
  return environmentInstances(doc, group.environment).sort((a, b) => a.id.localeCompare(b.id));
}

/** 56 digits: the timestamp, the line's place within its millisecond, and digits fixed by the stream. */
function eventId(streamDigits: string, timestamp: number, index: number): string {
  return `${String(timestamp).padStart(14, '0')}${String(index).padStart(6, '0')}${streamDigits}`.padEnd(56, '0');
}

/**
 * Rendered files by environment snapshot: every state change replaces the environment object, so a
 * live tail polling several groups of one environment renders each instance once per ingestion.
 */
const rendered = new WeakMap<EnvironmentState, Map<string, RenderedLogFile[]>>();

function renderedFiles(
  doc: StateDocument,
  env: EnvironmentState,
  instance: InstanceState,
  until: number,
): RenderedLogFile[] {
  const cache = rendered.get(env) ?? new Map<string, RenderedLogFile[]>();
  rendered.set(env, cache);
  const key = `${instance.id}@${until}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const files = instanceLogFiles(doc, env, instance, until);
  cache.set(key, files);
  return files;
}

/** A stream's events, oldest first, for the spans the environment streamed. */
export function streamEvents(doc: StateDocument, group: StreamedGroup, instance: InstanceState): StreamedEvent[] {
  const env = group.environment;
  const until = confirmedUntil(env);
  const epochs = env.logEpochs ?? [];
  if (until === undefined) return [];
  const spans = epochs.flatMap((epoch, index) =>
    epoch.streaming ? [[epoch.from, epochs[index + 1]?.from ?? Number.POSITIVE_INFINITY] as const] : [],
  );
  const file = renderedFiles(doc, env, instance, until).find((f) => f.path === group.path);
  const streamDigits = String(seededInt(`stream:${instance.id}`, 0, 2 ** 48)).padStart(16, '0');
  const events: StreamedEvent[] = [];
  let previous = Number.NaN;
  let index = 0;
  for (const line of file?.lines ?? []) {
    index = line.at === previous ? index + 1 : 0;
    previous = line.at;
    if (!spans.some(([from, to]) => from <= line.at && line.at < to)) continue;
    events.push({
      logStreamName: instance.id,
      timestamp: line.at,
      // The agent ships in batches a second or so behind the write.
      ingestionTime: line.at + seededInt(`${instance.id}:${line.at}`, 300, 1_500),
      message: line.text,
      position: [line.at, index],
      eventId: eventId(streamDigits, line.at, index),
    });
  }
  return events;
}

export function comparePositions(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}
