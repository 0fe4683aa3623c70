/**
 * GetLogEvents (one stream, paged forward and backward with AWS's `f/…/s`
 * and `b/…/s` tokens, which come back unchanged once there is nothing newer)
 * and FilterLogEvents (every stream of a group, interleaved by time, with a
 * filter pattern and an opaque token that is left out once the search is done).
 */
import { AwsError } from '../../errors';
import { type JsonAction, type JsonObject, members, validationException } from '../../protocols/awsJson';
import { compileFilterPattern, invalidParameter } from './filterPattern';
import { decodeToken, encodeToken, readLimit, requireGroup } from './groups';
import { comparePositions, groupStreams, streamEvents, type StreamedEvent } from './streamedLogs';

const MAX_EVENTS = 10_000;
/** Both operations stop at 1 MB of messages, counting 26 bytes of overhead per event, as CloudWatch does. */
const MAX_BYTES = 1_048_576;
const EVENT_OVERHEAD = 26;

type Position = readonly [number, number];

function positionToken(direction: 'f' | 'b', [at, index]: Position): string {
  return `${direction}/${`${String(at).padStart(14, '0')}${String(index).padStart(6, '0')}`.padEnd(56, '0')}/s`;
}

function parsePositionToken(token: string): { direction: 'f' | 'b'; position: Position } {
  const match = /^([fb])\/(\d{56})\/s$/.exec(token);
  if (!match?.[1] || !match[2]) throw invalidParameter('The specified nextToken is invalid.');
  return {
    direction: match[1] === 'f' ? 'f' : 'b',
    position: [Number(match[2].slice(0, 14)), Number(match[2].slice(14, 20))],
  };
}

function timeRange(input: JsonObject): (event: StreamedEvent) => boolean {
  const start = members.number(input, 'startTime');
  const end = members.number(input, 'endTime');
  if (start !== undefined && start < 0) {
    throw validationException(
      `Value '${start}' at 'startTime' failed to satisfy constraint: Member must have value greater than or equal to 0`,
    );
  }
  return (event) => (start === undefined || event.timestamp >= start) && (end === undefined || event.timestamp < end);
}

/** The longest run (from the front, or from the back) that fits the count and the 1 MB budget. */
function capped(events: readonly StreamedEvent[], limit: number, fromEnd: boolean): StreamedEvent[] {
  const ordered = fromEnd ? [...events].reverse() : [...events];
  const kept: StreamedEvent[] = [];
  let bytes = 0;
  for (const event of ordered) {
    bytes += Buffer.byteLength(event.message, 'utf8') + EVENT_OVERHEAD;
    if (kept.length === limit || (bytes > MAX_BYTES && kept.length > 0)) break;
    kept.push(event);
  }
  return fromEnd ? kept.reverse() : kept;
}

const getLogEvents: JsonAction = (input, context) => {
  const group = requireGroup(input, context);
  const streamName = members.string(input, 'logStreamName');
  if (streamName === undefined) {
    throw validationException("Value null at 'logStreamName' failed to satisfy constraint: Member must not be null");
  }
  const doc = context.store.document;
  const instance = groupStreams(doc, group).find((i) => i.id === streamName);
  if (!instance) throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.', 400);
  const limit = readLimit(input, MAX_EVENTS) ?? MAX_EVENTS;
  const fromHead = members.boolean(input, 'startFromHead') ?? false;
  const token = members.string(input, 'nextToken');
  const cursor = token === undefined ? undefined : parsePositionToken(token);
  const inRange = timeRange(input);
  const events = streamEvents(doc, group, instance).filter(inRange);
  let page: StreamedEvent[];
  if (cursor?.direction === 'f') {
    page = capped(
      events.filter((e) => comparePositions(e.position, cursor.position) > 0),
      limit,
      false,
    );
  } else if (cursor?.direction === 'b') {
    page = capped(
      events.filter((e) => comparePositions(e.position, cursor.position) < 0),
      limit,
      true,
    );
  } else {
    page = capped(events, limit, !fromHead);
  }
  const first = page[0];
  const last = page[page.length - 1];
  // With nothing to return, the tokens stay where the caller was: that is how a reader knows it reached the end.
  const anchor: Position = cursor?.position ?? (fromHead ? [0, 0] : (events[events.length - 1]?.position ?? [0, 0]));
  return {
    events: page.map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
    nextForwardToken: positionToken('f', last?.position ?? anchor),
    nextBackwardToken: positionToken('b', first?.position ?? anchor),
  };
};

function compareEvents(a: StreamedEvent, b: StreamedEvent): number {
  return a.timestamp - b.timestamp || a.logStreamName.localeCompare(b.logStreamName) || a.position[1] - b.position[1];
}

const filterLogEvents: JsonAction = (input, context) => {
  const group = requireGroup(input, context);
  const names = members.array(input, 'logStreamNames');
  const prefix = members.string(input, 'logStreamNamePrefix');
  if (names !== undefined && prefix !== undefined) {
    throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
  }
  if (names?.some((name) => typeof name !== 'string')) {
    throw new AwsError('SerializationException', 'Unexpected value type for member logStreamNames.', 400);
  }
  const matches = compileFilterPattern(members.string(input, 'filterPattern'));
  const limit = readLimit(input, MAX_EVENTS) ?? MAX_EVENTS;
  const token = members.string(input, 'nextToken');
  const inRange = timeRange(input);
  const doc = context.store.document;
  const streams = groupStreams(doc, group).filter(
    (i) => (names === undefined || names.includes(i.id)) && (prefix === undefined || i.id.startsWith(prefix)),
  );
  let events = streams
    .flatMap((instance) => streamEvents(doc, group, instance))
    .filter((e) => inRange(e) && matches(e.message))
    .sort(compareEvents);
  if (token !== undefined) {
    const [at = '', stream = '', index = ''] = decodeToken(token).split('|');
    const anchor = { timestamp: Number(at), logStreamName: stream, position: [Number(at), Number(index)] as const };
    events = events.filter((e) => compareEvents(e, anchor as StreamedEvent) > 0);
  }
  const page = capped(events, limit, false);
  const last = page[page.length - 1];
  return {
    events: page.map((e) => ({
      logStreamName: e.logStreamName,
      timestamp: e.timestamp,
      message: e.message,
      ingestionTime: e.ingestionTime,
      eventId: e.eventId,
    })),
    searchedLogStreams: streams.map((s) => ({ logStreamName: s.id, searchedCompletely: true })),
    ...(page.length < events.length && last
      ? { nextToken: encodeToken(`${last.timestamp}|${last.logStreamName}|${last.position[1]}`) }
      : {}),
  };
};

export const eventActions: ReadonlyMap<string, JsonAction> = new Map([
  ['GetLogEvents', getLogEvents],
  ['FilterLogEvents', filterLogEvents],
]);
