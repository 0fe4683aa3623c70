/**
 * The live instance table's mapping: EB's ApplicationMetrics and System
 * blocks become `eb health`'s r/sec, % by status class, latency, load and
 * CPU; what an endpoint leaves out stays out, and nonsense is not shown.
 */
import type { SingleInstanceHealth } from '@aws-sdk/client-elastic-beanstalk';
import { describe, expect, it } from 'vitest';
import { TrellisError } from '../../../src/main/aws/errors';
import { type EnhancedHealthRead } from '../../../src/main/services/beanstalkHealth';
import { liveApplication, liveInstancesOf, liveSystem } from '../../../src/main/services/liveInstances';

const READ_AT = new Date('2026-12-06T22:00:05.000Z');

describe('liveApplication', () => {
  it('turns a 10-second window into requests a second and shares by status class, to one decimal', () => {
    expect(
      liveApplication({
        Duration: 10,
        RequestCount: 73,
        StatusCodes: { Status2xx: 61, Status3xx: 4, Status4xx: 1, Status5xx: 7 },
        Latency: { P999: 0.9, P99: 0.412, P95: 0.2, P90: 0.031, P85: 0.024, P75: 0.013, P50: 0.006, P10: 0.002 },
      }),
    ).toEqual({
      requestCount: 73,
      durationSeconds: 10,
      requestsPerSecond: 7.3,
      percent: { s2xx: 83.6, s3xx: 5.5, s4xx: 1.4, s5xx: 9.6 },
      latency: { p999: 0.9, p99: 0.412, p95: 0.2, p90: 0.031, p85: 0.024, p75: 0.013, p50: 0.006, p10: 0.002 },
    });
  });

  it('reads the window from Duration, not a fixed 10 s (an environment over 60 s)', () => {
    expect(liveApplication({ Duration: 60, RequestCount: 90, StatusCodes: { Status2xx: 90 } })).toMatchObject({
      requestsPerSecond: 1.5,
      percent: { s2xx: 100, s3xx: 0, s4xx: 0, s5xx: 0 },
    });
  });

  it('gives no shares or latency for a window with no requests, and nothing when EB sent no count', () => {
    expect(liveApplication({ Duration: 10, RequestCount: 0, StatusCodes: {} })).toEqual({
      requestCount: 0,
      durationSeconds: 10,
      requestsPerSecond: 0,
      percent: undefined,
      latency: undefined,
    });
    // An app that answers nothing: EB sends only Duration.
    expect(liveApplication({ Duration: 10 })).toBeUndefined();
    expect(liveApplication(undefined)).toBeUndefined();
  });

  it('falls back to EB’s documented 10-second window when Duration is missing, and drops nonsense figures', () => {
    const app = liveApplication({ RequestCount: 20, Latency: { P99: Number.NaN, P50: -1, P10: 0.001 } });
    expect(app?.requestsPerSecond).toBe(2);
    expect(app?.latency).toEqual(expect.objectContaining({ p99: undefined, p50: undefined, p10: 0.001 }));
  });
});

describe('liveSystem', () => {
  it('reads the 1, 5 and 15-minute loads and the CPU shares', () => {
    expect(
      liveSystem({
        LoadAverage: [0.12, 0.08, 0.05],
        CPUUtilization: { User: 6.2, Nice: 0, System: 1.4, Idle: 92.1, IOWait: 0.3, IRQ: 0, SoftIRQ: 0 },
      }),
    ).toEqual({
      load1: 0.12,
      load5: 0.08,
      load15: 0.05,
      cpu: { user: 6.2, nice: 0, system: 1.4, idle: 92.1, iowait: 0.3 },
    });
  });

  it('leaves out what is missing and caps a share at 100', () => {
    expect(liveSystem({ CPUUtilization: { User: 140 } })).toEqual({
      load1: undefined,
      load5: undefined,
      load15: undefined,
      cpu: { user: 100, nice: undefined, system: undefined, idle: undefined, iowait: undefined },
    });
    expect(liveSystem(undefined)).toBeUndefined();
  });
});

describe('liveInstancesOf', () => {
  const instance = (id: string, requests: number): SingleInstanceHealth => ({
    InstanceId: id,
    HealthStatus: 'Severe',
    Color: 'Red',
    Causes: ['100.0 % of the requests are failing with HTTP 5xx.'],
    ApplicationMetrics: { Duration: 10, RequestCount: requests, StatusCodes: { Status5xx: requests } },
    System: { LoadAverage: [0.5, 0.4, 0.3], CPUUtilization: { User: 3, Idle: 96 } },
    Deployment: { DeploymentId: 4, Status: 'Deployed', VersionLabel: 'v3' },
  });

  it('joins each instance with its own figures, sorted by id, beside the environment’s overall line', () => {
    const read: EnhancedHealthRead = {
      environment: {
        status: 'fulfilled',
        value: {
          $metadata: {},
          HealthStatus: 'Severe',
          Color: 'Red',
          Causes: ['100.0 % of the requests are failing with HTTP 5xx.'],
          InstancesHealth: { Severe: 2, Ok: 0 },
          ApplicationMetrics: { Duration: 10, RequestCount: 50, StatusCodes: { Status5xx: 50 } },
          RefreshedAt: new Date('2026-12-06T22:00:00.000Z'),
        },
      },
      instances: { status: 'fulfilled', value: [instance('i-b', 30), instance('i-a', 20)] },
    };
    const live = liveInstancesOf('Bbruceeb2-env', read, READ_AT);
    expect(live.readAt).toBe(READ_AT.toISOString());
    expect(live.refreshedAt).toBe('2026-12-06T22:00:00.000Z');
    expect(live.application).toMatchObject({ requestsPerSecond: 5, percent: { s5xx: 100 } });
    expect(live.instanceCounts).toEqual({ Severe: 2, Ok: 0 });
    expect(live.instances.map((i) => [i.instanceId, i.application?.requestsPerSecond, i.system?.load1])).toEqual([
      ['i-a', 2, 0.5],
      ['i-b', 3, 0.5],
    ]);
    expect(live.instances[0]).toMatchObject({ healthStatus: 'Severe', color: 'Red', deployment: { deploymentId: 4 } });
  });

  it('keeps the instances when the environment half is refused, and says which half failed', () => {
    const denied = new TrellisError({
      code: 'access-denied',
      message: 'User is not authorized to perform: elasticbeanstalk:DescribeEnvironmentHealth',
      awsCode: 'AccessDenied',
      retryable: false,
    });
    const live = liveInstancesOf(
      'Bbruceeb2-env',
      {
        environment: { status: 'rejected', reason: denied },
        instances: { status: 'fulfilled', value: [instance('i-a', 10)] },
      },
      READ_AT,
    );
    expect(live.problem).toMatchObject({ code: 'access-denied', awsCode: 'AccessDenied' });
    expect(live.application).toBeUndefined();
    expect(live.instances).toHaveLength(1);
    expect(live.instances[0]?.application?.requestCount).toBe(10);
    expect(live.instancesProblem).toBeUndefined();
  });
});
