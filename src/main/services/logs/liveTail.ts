/**
 * The CloudWatch Logs side of instance logs, as `eb logs --stream` reads it:
 * whether the environment streams (`aws:elasticbeanstalk:cloudwatch:logs`),
 * the groups EB made for it, and new events since a time across those groups.
 */
import {
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  type FilteredLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import type { LiveLogEvent, LiveLogPage, LogStreaming, Target } from '../../../shared/contract';
import type { ClientFactory } from '../../aws/clientFactory';
import { TrellisError } from '../../aws/errors';
import { readConfigurationSets } from '../beanstalkConfiguration';

export const STREAMING_NAMESPACE = 'aws:elasticbeanstalk:cloudwatch:logs';

/** Pages per group per poll: a poll every few seconds rarely needs more than one. */
const MAX_PAGES_PER_GROUP = 5;
const MAX_GROUP_PAGES = 10;
/** Events handed back per poll; past this the newest wait for the next poll, which resumes from the last one kept. */
const MAX_EVENTS = 5_000;

export const groupPrefix = (environmentName: string) => `/aws/elasticbeanstalk/${environmentName}/`;

export async function logStreaming(aws: ClientFactory, target: Target, environmentName: string): Promise<LogStreaming> {
  const sets = await readConfigurationSets(aws, target, environmentName);
  const settings = (sets.deployed ?? sets.pending)?.OptionSettings ?? [];
  const option = (name: string) =>
    settings.find((o) => o.Namespace === STREAMING_NAMESPACE && o.OptionName === name)?.Value;
  const enabled = option('StreamLogs')?.toLowerCase() === 'true';
  const retention = Number(option('RetentionInDays'));
  const deleteOnTerminate = option('DeleteOnTerminate');
  return {
    environmentName,
    enabled,
    ...(Number.isInteger(retention) && retention > 0 ? { retentionInDays: retention } : {}),
    ...(deleteOnTerminate !== undefined ? { deleteOnTerminate: deleteOnTerminate.toLowerCase() === 'true' } : {}),
    // Groups outlive streaming (unless DeleteOnTerminate), but with streaming off nothing new arrives in them.
    logGroups: enabled ? await listLogGroups(aws, target, environmentName) : [],
  };
}

export async function listLogGroups(aws: ClientFactory, target: Target, environmentName: string): Promise<string[]> {
  return aws.call(target, 'logs', 'DescribeLogGroups', async (client) => {
    const names: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_GROUP_PAGES; page++) {
      const out = await client.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: groupPrefix(environmentName), nextToken: token }),
      );
      for (const g of out.logGroups ?? []) if (g.logGroupName) names.push(g.logGroupName);
      token = out.nextToken;
      if (!token) break;
    }
    return names.sort();
  });
}

interface GroupRead {
  events: FilteredLogEvent[];
  /** More pages were left unread, so the poll after this must start no later than the newest event read. */
  truncated: boolean;
  calls: number;
}

async function readGroup(
  aws: ClientFactory,
  target: Target,
  group: string,
  since: number,
  filterPattern: string | undefined,
): Promise<GroupRead> {
  return aws.call(target, 'logs', 'FilterLogEvents', async (client) => {
    const events: FilteredLogEvent[] = [];
    let token: string | undefined;
    let calls = 0;
    for (let page = 0; page < MAX_PAGES_PER_GROUP; page++) {
      const out = await client.send(
        new FilterLogEventsCommand({
          logGroupName: group,
          startTime: since,
          interleaved: true,
          ...(filterPattern ? { filterPattern } : {}),
          ...(token ? { nextToken: token } : {}),
        }),
      );
      calls++;
      events.push(...(out.events ?? []));
      token = out.nextToken;
      if (!token) return { events, truncated: false, calls };
    }
    return { events, truncated: true, calls };
  });
}

/**
 * New lines across the environment's groups since `since`, oldest first, one
 * per eventId. nextSince is the newest time read, or, when a group had more
 * pages than one poll reads, the newest time read from that group, so the
 * next poll carries on from there; the overlap comes back and is de-duplicated.
 */
export async function tailLiveLogs(
  aws: ClientFactory,
  target: Target,
  environmentName: string,
  query: { since: string; logGroups?: string[]; filterPattern?: string },
): Promise<LiveLogPage> {
  const since = Date.parse(query.since);
  if (Number.isNaN(since)) {
    throw new TrellisError({
      code: 'validation',
      message: `since must be an ISO date, got ${JSON.stringify(query.since)}.`,
      retryable: false,
    });
  }
  const prefix = groupPrefix(environmentName);
  const foreign = query.logGroups?.find((g) => !g.startsWith(prefix));
  if (foreign !== undefined) {
    throw new TrellisError({
      code: 'validation',
      message: `${foreign} is not one of ${environmentName}'s log groups (they start with ${prefix}).`,
      retryable: false,
    });
  }
  let apiCalls = 0;
  let groups = query.logGroups;
  if (!groups) {
    groups = await listLogGroups(aws, target, environmentName);
    apiCalls++;
  }
  const reads = await Promise.all(
    groups.map(async (group) => ({ group, read: await readGroup(aws, target, group, since, query.filterPattern) })),
  );
  const byId = new Map<string, LiveLogEvent & { at: number }>();
  let newest = since;
  let resumeAt = Number.POSITIVE_INFINITY;
  for (const { group, read } of reads) {
    apiCalls += read.calls;
    let groupNewest = since;
    for (const e of read.events) {
      const at = e.timestamp ?? 0;
      groupNewest = Math.max(groupNewest, at);
      const id = e.eventId ?? `${group}\u0000${e.logStreamName ?? ''}\u0000${at}\u0000${e.message ?? ''}`;
      if (byId.has(id)) continue;
      byId.set(id, {
        id,
        at,
        timestamp: new Date(at).toISOString(),
        file: group.slice(prefix.length - 1),
        instanceId: e.logStreamName ?? '',
        message: (e.message ?? '').replace(/\r?\n$/, ''),
      });
    }
    newest = Math.max(newest, groupNewest);
    if (read.truncated) resumeAt = Math.min(resumeAt, groupNewest);
  }
  const sorted = [...byId.values()].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  const kept = sorted.length > MAX_EVENTS ? sorted.slice(0, MAX_EVENTS) : sorted;
  if (kept.length < sorted.length) resumeAt = Math.min(resumeAt, kept[kept.length - 1]!.at);
  const next = Number.isFinite(resumeAt) ? resumeAt : newest;
  return {
    events: kept.map(({ at: _at, ...event }) => event),
    nextSince: new Date(next).toISOString(),
    apiCalls,
  };
}
