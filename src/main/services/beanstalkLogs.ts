/**
 * Instance logs as EB's "Request logs" and `eb logs` get them:
 * RequestEnvironmentInfo, then DescribeEvents by its request id until EB says
 * the logs were pulled, then RetrieveEnvironmentInfo and the presigned S3
 * objects it names, downloaded and unpacked here. The renderer gets text and
 * main's own request handle; never AWS's URLs, request ids or credentials.
 */
import {
  DescribeEventsCommand,
  RequestEnvironmentInfoCommand,
  RetrieveEnvironmentInfoCommand,
  type EnvironmentInfoDescription,
  type EventDescription,
} from '@aws-sdk/client-elastic-beanstalk';
import type {
  InstanceLogs,
  LiveLogPage,
  LogFile,
  LogInfoType,
  LogRequest,
  LogRetrieval,
  LogStreaming,
  Target,
} from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { TrellisError } from '../aws/errors';
import { panelProblem } from './beanstalkEnvironments';
import { resources } from './beanstalkResources';
import { downloadLogObject, type Fetcher } from './logs/download';
import { logStreaming, tailLiveLogs } from './logs/liveTail';
import { parseTailText, unpackLogBundle } from './logs/logFiles';
import { describeRequest, LogRequestRegistry, type TrackedRequest } from './logs/requests';
import { getCallerIdentity } from './sts';

export interface LogServiceOptions {
  /** Main's clock (epoch ms); the wait limit is measured on it. */
  now?: () => number;
  fetch?: Fetcher;
  downloadTimeoutMs?: number;
  /** Per downloaded object. */
  maxDownloadBytes?: number;
  /** Uncompressed, per bundle. */
  maxBundleBytes?: number;
}

/** What EB says when the instances have uploaded (the EB CLI waits for the same event). */
const PULLED = /^Pulled .*logs/i;

export class BeanstalkLogService {
  private readonly requests: LogRequestRegistry;
  private readonly now: () => number;
  private readonly fetcher: Fetcher;
  private readonly limits: { timeoutMs: number; maxDownloadBytes: number; maxBundleBytes: number };
  /** One retrieval at a time per request: overlapping polls share it instead of downloading twice. */
  private readonly inFlight = new Map<string, Promise<LogRetrieval>>();

  constructor(
    private readonly aws: ClientFactory,
    options: LogServiceOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.requests = new LogRequestRegistry(this.now);
    this.fetcher = options.fetch ?? ((url, init) => fetch(url, init));
    this.limits = {
      timeoutMs: options.downloadTimeoutMs ?? 60_000,
      maxDownloadBytes: options.maxDownloadBytes ?? 100 * 1024 * 1024,
      maxBundleBytes: options.maxBundleBytes ?? 200 * 1024 * 1024,
    };
  }

  async requestLogs(
    target: Target,
    environmentName: string,
    infoType: LogInfoType,
    waitLimitSeconds: number,
  ): Promise<LogRequest> {
    // Asked first, so the wait can say how many instances are expected; a stopped one sends nothing.
    const found = await resources(this.aws, target, environmentName);
    const instanceIds = found.instances
      .filter((i) => i.state === undefined || i.state === 'running')
      .map((i) => i.instanceId);
    const out = await this.aws.call(target, 'elasticbeanstalk', 'RequestEnvironmentInfo', (client) =>
      client.send(new RequestEnvironmentInfoCommand({ EnvironmentName: environmentName, InfoType: infoType })),
    );
    const awsRequestId = out.$metadata.requestId;
    if (!awsRequestId) {
      throw new TrellisError({
        code: 'aws',
        message: 'RequestEnvironmentInfo returned no request id, so there is no way to tell when the logs are ready.',
        service: 'elasticbeanstalk',
        operation: 'RequestEnvironmentInfo',
        retryable: false,
      });
    }
    const tracked = this.requests.add({
      target,
      environmentName,
      infoType,
      awsRequestId,
      instanceIds,
      waitLimitMs: waitLimitSeconds * 1000,
      // DescribeEnvironmentResources, DescribeInstances when there were instances, RequestEnvironmentInfo.
      apiCalls: (found.instances.length ? 2 : 1) + 1,
    });
    return describeRequest(tracked);
  }

  async retrieveLogs(target: Target, requestId: string): Promise<LogRetrieval> {
    const request = this.requests.get(target, requestId);
    let running = this.inFlight.get(request.handle);
    if (!running) {
      running = this.retrieve(request).finally(() => this.inFlight.delete(request.handle));
      this.inFlight.set(request.handle, running);
    }
    return running;
  }

  logStreaming(target: Target, environmentName: string): Promise<LogStreaming> {
    return logStreaming(this.aws, target, environmentName);
  }

  tailLiveLogs(
    target: Target,
    environmentName: string,
    query: { since: string; logGroups?: string[]; filterPattern?: string },
  ): Promise<LiveLogPage> {
    return tailLiveLogs(this.aws, target, environmentName, query);
  }

  private async retrieve(request: TrackedRequest): Promise<LogRetrieval> {
    if (request.completedAt === undefined) {
      const progress = await this.checkEvents(request);
      if (request.completedAt === undefined) {
        const waitedMs = this.requests.waitedMs(request);
        if (waitedMs > request.waitLimitMs) throw await this.timedOut(request);
        return { state: 'pending', waitedMs, ...(progress ? { progress } : {}) };
      }
    }
    const entries = await this.aws.call(request.target, 'elasticbeanstalk', 'RetrieveEnvironmentInfo', (client) =>
      client.send(
        new RetrieveEnvironmentInfoCommand({ EnvironmentName: request.environmentName, InfoType: request.infoType }),
      ),
    );
    request.apiCalls++;
    const latest = latestPerInstance(entries.EnvironmentInfo ?? [], request.infoType);
    const instances = await Promise.all(
      [...latest.values()].map((entry) => this.instanceLogs(request.infoType, entry)),
    );
    for (const id of request.instanceIds) {
      if (latest.has(id)) continue;
      instances.push({
        instanceId: id,
        files: [],
        problem: {
          code: 'not-found',
          message: `${id} sent no logs for this request; it may have stopped or failed to upload.`,
        },
      });
    }
    instances.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
    return {
      state: 'ready',
      infoType: request.infoType,
      waitedMs: Math.max(0, (request.completedAt ?? this.now()) - request.startedAt),
      instances,
      totalBytes: instances.reduce((sum, i) => sum + i.files.reduce((s, f) => s + f.bytes, 0), 0),
      apiCalls: request.apiCalls,
    };
  }

  /** Marks the request complete when EB has said so; returns what EB said last, for the wait's progress line. */
  private async checkEvents(request: TrackedRequest): Promise<string | undefined> {
    const out = await this.aws.call(request.target, 'elasticbeanstalk', 'DescribeEvents', (client) =>
      client.send(
        new DescribeEventsCommand({
          EnvironmentName: request.environmentName,
          RequestId: request.awsRequestId,
          MaxRecords: 100,
        }),
      ),
    );
    request.apiCalls++;
    const events = [...(out.Events ?? [])].sort(
      (a, b) => (b.EventDate?.getTime() ?? 0) - (a.EventDate?.getTime() ?? 0),
    );
    const failure = events.find(isFailure);
    if (failure) {
      throw new TrellisError({
        code: 'aws',
        message: `Elastic Beanstalk could not collect the logs of ${request.environmentName}: ${failure.Message ?? 'no reason given'}`,
        service: 'elasticbeanstalk',
        operation: 'RequestEnvironmentInfo',
        retryable: true,
      });
    }
    if (events.some((e) => PULLED.test(e.Message ?? ''))) request.completedAt = this.now();
    return events[0]?.Message;
  }

  private async timedOut(request: TrackedRequest): Promise<TrellisError> {
    // The bucket's name needs the account; without it the message still says which bucket to look at.
    const account = await getCallerIdentity(this.aws, request.target).then(
      (id) => id.account,
      () => '',
    );
    const bucket = `elasticbeanstalk-${request.target.region}-${account || '…'}`;
    const seconds = Math.round(request.waitLimitMs / 1000);
    return new TrellisError({
      code: 'timeout',
      message: `No logs arrived from ${request.environmentName} within ${seconds} s. Its instances may be stopped, or the instance profile may not be allowed to write to the ${bucket} bucket.`,
      hint: 'Check the Health tab for stopped instances and the instance profile for s3:PutObject on that bucket, then request the logs again.',
      service: 'elasticbeanstalk',
      operation: 'RequestEnvironmentInfo',
      retryable: true,
    });
  }

  private async instanceLogs(infoType: LogInfoType, entry: EnvironmentInfoDescription): Promise<InstanceLogs> {
    const instanceId = entry.Ec2InstanceId ?? '(unknown instance)';
    const sampledAt = entry.SampleTimestamp?.toISOString();
    const base = { instanceId, ...(sampledAt ? { sampledAt } : {}) };
    try {
      const bytes = await downloadLogObject(this.fetcher, entry.Message ?? '', {
        timeoutMs: this.limits.timeoutMs,
        maxBytes: this.limits.maxDownloadBytes,
      });
      const files: LogFile[] =
        infoType === 'tail'
          ? parseTailText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'))
          : unpackLogBundle(bytes, { maxTotalBytes: this.limits.maxBundleBytes, maxEntries: 10_000 });
      return { ...base, files };
    } catch (err) {
      return { ...base, files: [], problem: panelProblem(err) };
    }
  }
}

function isFailure(e: EventDescription): boolean {
  return e.Severity === 'ERROR' || e.Severity === 'FATAL' || /^(Failed|Unable|Could not)\b/i.test(e.Message ?? '');
}

/** AWS keeps every request's entries for 15 minutes; the newest sample per instance is this request's. */
export function latestPerInstance(
  entries: readonly EnvironmentInfoDescription[],
  infoType: LogInfoType,
): Map<string, EnvironmentInfoDescription> {
  const out = new Map<string, EnvironmentInfoDescription>();
  for (const e of entries) {
    if (e.InfoType !== undefined && e.InfoType !== infoType) continue;
    const id = e.Ec2InstanceId ?? '';
    const held = out.get(id);
    if (!held || (e.SampleTimestamp?.getTime() ?? 0) > (held.SampleTimestamp?.getTime() ?? 0)) out.set(id, e);
  }
  return out;
}
