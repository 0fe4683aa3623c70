/**
 * The log requests main is waiting on. The renderer holds only main's own
 * handle; AWS's request id (which DescribeEvents filters by), the target and
 * the wait limit stay here, timed on main's clock. Bounded in count and age,
 * since a renderer may start requests and never come back for them.
 */
import { randomUUID } from 'node:crypto';
import type { LogInfoType, LogRequest, Target } from '../../../shared/contract';
import { TrellisError } from '../../aws/errors';

export interface TrackedRequest {
  handle: string;
  target: Target;
  environmentName: string;
  infoType: LogInfoType;
  awsRequestId: string;
  /** Main's clock, epoch ms. */
  startedAt: number;
  instanceIds: string[];
  waitLimitMs: number;
  apiCalls: number;
  /** Set once EB said the logs were pulled; later retrievals skip the event check. */
  completedAt?: number;
}

/** EB keeps the files 15 minutes; a handle outlives that only to say so. */
const MAX_AGE_MS = 60 * 60_000;
const MAX_REQUESTS = 100;

export class LogRequestRegistry {
  private readonly requests = new Map<string, TrackedRequest>();

  constructor(private readonly now: () => number) {}

  add(entry: Omit<TrackedRequest, 'handle' | 'startedAt'>): TrackedRequest {
    this.prune();
    const tracked: TrackedRequest = { ...entry, handle: randomUUID(), startedAt: this.now() };
    this.requests.set(tracked.handle, tracked);
    return tracked;
  }

  /** The request behind a handle, for the same target only: a handle is not a way into another profile. */
  get(target: Target, handle: string): TrackedRequest {
    this.prune();
    const found = this.requests.get(handle);
    if (!found || found.target.profile !== target.profile || found.target.region !== target.region) {
      throw new TrellisError({
        code: 'not-found',
        message:
          'Trellis has no log request with that id (it may be from before a restart, or over an hour old). Request the logs again.',
        retryable: false,
      });
    }
    return found;
  }

  waitedMs(request: TrackedRequest): number {
    return Math.max(0, this.now() - request.startedAt);
  }

  private prune(): void {
    const oldest = this.now() - MAX_AGE_MS;
    for (const [handle, r] of this.requests) if (r.startedAt < oldest) this.requests.delete(handle);
    // Map iteration is insertion order, so the first keys are the oldest.
    for (const handle of this.requests.keys()) {
      if (this.requests.size <= MAX_REQUESTS) break;
      this.requests.delete(handle);
    }
  }
}

export function describeRequest(r: TrackedRequest): LogRequest {
  return {
    requestId: r.handle,
    environmentName: r.environmentName,
    infoType: r.infoType,
    requestedAt: new Date(r.startedAt).toISOString(),
    instanceIds: r.instanceIds,
    waitLimitSeconds: Math.round(r.waitLimitMs / 1000),
  };
}
