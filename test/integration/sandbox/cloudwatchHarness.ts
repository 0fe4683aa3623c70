/**
 * The CloudWatch service behind the sandbox router, over a small in-memory
 * MetricSource whose every sample is known, with a clock the test moves and
 * an authorizer that records (and can refuse) what it is asked.
 */
import { cbor, dateToTag } from '@smithy/core/cbor';
import { expect } from 'vitest';
import { AwsError } from '../../../src/sandbox/errors';
import type { AuthorizationRequest } from '../../../src/sandbox/identity';
import { createRouter, type Router } from '../../../src/sandbox/router';
import type { SandboxResponse } from '../../../src/sandbox/serviceModule';
import { createCloudWatchService } from '../../../src/sandbox/services/cloudwatch';
import type { MetricId, MetricSource, PeriodSamples } from '../../../src/sandbox/simulation/metrics/types';
import { StateStore } from '../../../src/sandbox/state/store';
import { signedHeaders } from './rawHttp';

export const MINUTE = 60_000;
/** The fake's clock: metrics start a day before it. */
const START = Date.parse('2026-11-22T10:00:00Z');
const FIRST_SAMPLE = START - 24 * 60 * MINUTE;
export const WEB: MetricId = {
  namespace: 'Test/App',
  metricName: 'Requests',
  dimensions: [{ name: 'Service', value: 'web' }],
};
export const ERRORS: MetricId = { ...WEB, metricName: 'Errors' };
const OTHER: MetricId = { namespace: 'Test/Other', metricName: 'Load', dimensions: [] };
const MANY: MetricId[] = Array.from({ length: 620 }, (_, i) => ({
  namespace: 'Test/Many',
  metricName: 'Depth',
  dimensions: [{ name: 'Queue', value: `q${String(i).padStart(4, '0')}` }],
}));

/** Requests in minute m is m % 10; Errors is 1 every minute; other metrics 5. */
function valueAt(id: MetricId, minute: number): number {
  if (id.metricName === 'Requests') return minute % 10;
  if (id.metricName === 'Errors') return 1;
  return 5;
}

const key = (id: MetricId): string => JSON.stringify(id);
const KNOWN = new Set([WEB, ERRORS, OTHER, ...MANY].map(key));

function fakeSource(): MetricSource {
  return {
    list: (_now, namespace) =>
      [WEB, ERRORS, OTHER, ...MANY].filter((id) => namespace === undefined || id.namespace === namespace),
    samples: (id, start, end, periodSeconds, now) => {
      if (!KNOWN.has(key(id))) return [];
      const out: PeriodSamples[] = [];
      const periodMs = periodSeconds * 1000;
      const first = Math.max(start.getTime(), FIRST_SAMPLE);
      const stop = Math.min(end.getTime(), now.getTime() + 1);
      for (let t = Math.ceil(first / MINUTE) * MINUTE; t < stop; t += MINUTE) {
        const bucket = Math.floor(t / periodMs) * periodMs;
        const last = out[out.length - 1];
        const value = valueAt(id, (t - FIRST_SAMPLE) / MINUTE);
        const unit = id.metricName === 'Load' ? 'Percent' : 'Count';
        if (last?.timestamp.getTime() === bucket) (last.values as number[]).push(value);
        else out.push({ timestamp: new Date(bucket), values: [value], unit });
      }
      return out;
    },
  };
}

export const HEADERS = signedHeaders('monitoring');

/** Timestamps go on the wire as CBOR tag 1, as the SDKs send them. */
function tagDates(value: unknown): unknown {
  if (value instanceof Date) return dateToTag(value);
  if (Array.isArray(value)) return value.map(tagDates);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, tagDates(v)]));
  return value;
}

function decode(response: SandboxResponse): Record<string, unknown> {
  return cbor.deserialize(
    typeof response.body === 'string' ? new TextEncoder().encode(response.body) : response.body,
  ) as Record<string, unknown>;
}

/** CBOR timestamps are tag 1 with epoch seconds. */
export const epochMs = (tagged: unknown): number => (tagged as { tag: number; value: number }).value * 1000;

export class CloudWatchHarness {
  clock = START;
  readonly actions: string[] = [];
  readonly resources: Array<readonly string[] | undefined> = [];
  readonly denied = new Set<string>();
  readonly router: Router;

  private constructor(readonly store: StateStore) {
    this.router = createRouter({
      store,
      now: () => new Date(this.clock),
      services: [createCloudWatchService({ metricSource: () => fakeSource() })],
      authorizer: {
        authorize: (request: AuthorizationRequest) => {
          this.actions.push(request.action);
          this.resources.push(request.resources);
          if (this.denied.has(request.action))
            throw new AwsError('AccessDenied', `Not authorized to perform: ${request.action}`, 403);
        },
      },
    });
  }

  static async open(): Promise<CloudWatchHarness> {
    return new CloudWatchHarness(await StateStore.open({ scenario: 'empty', now: () => new Date(START) }));
  }

  /** `minutesBeforeNow` on the harness clock. */
  at(minutesBeforeNow: number): Date {
    return new Date(this.clock - minutesBeforeNow * MINUTE);
  }

  callCbor(operation: string, input: Record<string, unknown>): Promise<SandboxResponse> {
    return this.router({
      method: 'POST',
      path: `/service/GraniteServiceVersion20100801/operation/${operation}`,
      query: new URLSearchParams(),
      headers: { ...HEADERS, 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' },
      body: Buffer.from(cbor.serialize(tagDates(input))),
    });
  }

  /** A CBOR call that must succeed: its decoded output. */
  async ok<T>(operation: string, input: Record<string, unknown>): Promise<T> {
    const response = await this.callCbor(operation, input);
    expect(response.headers['smithy-protocol']).toBe('rpc-v2-cbor');
    expect(response.status).toBe(200);
    return decode(response) as T;
  }

  /** A CBOR call that must fail: status, the query code clients report, the model's shape and the message. */
  async failure(operation: string, input: Record<string, unknown>) {
    const response = await this.callCbor(operation, input);
    const body = decode(response);
    return {
      status: response.status,
      code: response.headers['x-amzn-query-error']?.split(';')[0],
      type: body['__type'],
      message: body['message'],
    };
  }

  callQuery(params: Record<string, string>): Promise<SandboxResponse> {
    return this.router({
      method: 'POST',
      path: '/',
      query: new URLSearchParams(),
      headers: HEADERS,
      body: Buffer.from(new URLSearchParams({ Version: '2010-08-01', ...params }).toString()),
    });
  }
}
