/** DescribeLogGroups and DescribeLogStreams over the groups Elastic Beanstalk streams to. */
import { AwsError } from '../../errors';
import { type JsonAction, type JsonObject, members, validationException } from '../../protocols/awsJson';
import type { RequestContext } from '../../serviceModule';
import { invalidParameter } from './filterPattern';
import { groupStreams, ingestStreamedLogs, streamedGroups, streamEvents, type StreamedGroup } from './streamedLogs';
import { partitionOf } from '../../../shared/aws/partitions';

export function encodeToken(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url');
}

export function decodeToken(token: string): string {
  const value = Buffer.from(token, 'base64url').toString('utf8');
  if (value === '' || encodeToken(value) !== token) throw invalidParameter('The specified nextToken is invalid.');
  return value;
}

export function readLimit(input: JsonObject, max: number): number | undefined {
  const limit = members.number(input, 'limit');
  if (limit !== undefined && (limit < 1 || limit > max)) {
    throw validationException(
      `Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value ${limit < 1 ? 'greater than or equal to 1' : `less than or equal to ${max}`}`,
    );
  }
  return limit;
}

export function groupArn(context: RequestContext, name: string): string {
  return `arn:${partitionOf(context.region)}:logs:${context.region}:${context.store.document.account.id}:log-group:${name}`;
}

/** `logGroupName`, or `logGroupIdentifier` (a name or an ARN), as the newer APIs accept. */
export function requireGroup(input: JsonObject, context: RequestContext): StreamedGroup {
  const name = members.string(input, 'logGroupName');
  const identifier = members.string(input, 'logGroupIdentifier');
  if (name !== undefined && identifier !== undefined) {
    throw invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  const wanted = name ?? identifier?.replace(/^arn:aws[\w-]*:logs:[^:]*:\d{12}:log-group:/, '').replace(/:\*$/, '');
  if (wanted === undefined) throw invalidParameter('Either logGroupName or logGroupIdentifier must be specified.');
  ingestStreamedLogs(context.store, context.now());
  const group = streamedGroups(context.store.document).find((g) => g.name === wanted);
  if (!group) throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.', 400);
  return group;
}

const describeLogGroups: JsonAction = (input, context) => {
  const prefix = members.string(input, 'logGroupNamePrefix');
  if (prefix !== undefined && members.string(input, 'logGroupNamePattern') !== undefined) {
    throw invalidParameter('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
  }
  const pattern = members.string(input, 'logGroupNamePattern');
  const limit = readLimit(input, 50) ?? 50;
  const token = members.string(input, 'nextToken');
  ingestStreamedLogs(context.store, context.now());
  const after = token === undefined ? undefined : decodeToken(token);
  const matches = streamedGroups(context.store.document).filter(
    (g) =>
      (prefix === undefined || g.name.startsWith(prefix)) &&
      (pattern === undefined || g.name.toLowerCase().includes(pattern.toLowerCase())) &&
      (after === undefined || g.name > after),
  );
  const page = matches.slice(0, limit);
  const last = page[page.length - 1];
  return {
    logGroups: page.map((g) => ({
      logGroupName: g.name,
      creationTime: g.creationTime,
      retentionInDays: g.retentionInDays,
      metricFilterCount: 0,
      arn: `${groupArn(context, g.name)}:*`,
      storedBytes: 0,
      logGroupClass: 'STANDARD',
      logGroupArn: groupArn(context, g.name),
    })),
    ...(matches.length > page.length && last ? { nextToken: encodeToken(last.name) } : {}),
  };
};

const describeLogStreams: JsonAction = (input, context) => {
  const group = requireGroup(input, context);
  const prefix = members.string(input, 'logStreamNamePrefix');
  const orderBy = members.string(input, 'orderBy') ?? 'LogStreamName';
  if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
    throw validationException(
      `Value '${orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`,
    );
  }
  if (prefix !== undefined && orderBy === 'LastEventTime') {
    throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
  }
  const descending = members.boolean(input, 'descending') ?? false;
  const limit = readLimit(input, 50) ?? 50;
  const token = members.string(input, 'nextToken');
  const doc = context.store.document;
  const streams = groupStreams(doc, group)
    .filter((instance) => prefix === undefined || instance.id.startsWith(prefix))
    .map((instance) => {
      const events = streamEvents(doc, group, instance);
      const first = events[0];
      const last = events[events.length - 1];
      return {
        logStreamName: instance.id,
        creationTime: Math.max(group.creationTime, Date.parse(instance.launchTime)),
        ...(first && last
          ? {
              firstEventTimestamp: first.timestamp,
              lastEventTimestamp: last.timestamp,
              lastIngestionTime: last.ingestionTime,
            }
          : {}),
        arn: `${groupArn(context, group.name)}:log-stream:${instance.id}`,
        storedBytes: 0,
      };
    });
  const sorted = streams.sort((a, b) =>
    orderBy === 'LastEventTime'
      ? (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0) || a.logStreamName.localeCompare(b.logStreamName)
      : a.logStreamName.localeCompare(b.logStreamName),
  );
  if (descending) sorted.reverse();
  const start = token === undefined ? 0 : Number(decodeToken(token));
  if (!Number.isInteger(start) || start < 0) throw invalidParameter('The specified nextToken is invalid.');
  const page = sorted.slice(start, start + limit);
  return {
    logStreams: page,
    ...(start + page.length < sorted.length ? { nextToken: encodeToken(String(start + page.length)) } : {}),
  };
};

export const groupActions: ReadonlyMap<string, JsonAction> = new Map([
  ['DescribeLogGroups', describeLogGroups],
  ['DescribeLogStreams', describeLogStreams],
]);
