/**
 * The environment list's sparkline queries: ids CloudWatch accepts whatever
 * the environment is called, the 5xx share only while it fits one call,
 * requests split at the 500-query limit and no sooner, and pages merged.
 */
import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import {
  MAX_QUERIES_PER_CALL,
  environmentListMetrics,
  errorMeasureFor,
  sparklineBatches,
} from '../../../src/main/services/monitoringList';
import { contract } from '../../../src/shared/contract';
import { scriptedFactory } from './beanstalkFakes';

const target = { profile: 'sandbox', region: 'us-east-1' };
// CloudWatch's rule for a query id (the sandbox refuses the same).
const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;
const names = (n: number) => Array.from({ length: n }, (_, i) => `Env-${String(i).padStart(4, '0')}`);
const NOW = new Date('2026-12-06T22:00:30.000Z');

type Request = { MetricDataQueries: MetricDataQuery[]; NextToken?: string; StartTime: Date; EndTime: Date };

describe('sparkline queries', () => {
  it('maps environment names to valid ids and asks for health Maximum and the 5xx share by metric math', () => {
    const [batch, ...rest] = sparklineBatches(['Bbruceeb2-env', 'flask-ssm-demo-prod'], 'percent', 60);
    expect(rest).toEqual([]);
    expect(batch!.environments).toEqual([
      { environmentName: 'Bbruceeb2-env', healthId: 'h0', errorsId: 's0', requestsId: 't0' },
      { environmentName: 'flask-ssm-demo-prod', healthId: 'h1', errorsId: 's1', requestsId: 't1' },
    ]);
    const byId = new Map(batch!.queries.map((q) => [q.Id, q]));
    expect([...byId.keys()]).toEqual(['h0', 'e0', 't0', 's0', 'h1', 'e1', 't1', 's1']);
    for (const id of byId.keys()) expect(id).toMatch(QUERY_ID);
    expect(byId.get('h0')).toEqual({
      Id: 'h0',
      ReturnData: true,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/ElasticBeanstalk',
          MetricName: 'EnvironmentHealth',
          Dimensions: [{ Name: 'EnvironmentName', Value: 'Bbruceeb2-env' }],
        },
        Period: 60,
        Stat: 'Maximum',
      },
    });
    expect(byId.get('e1')?.MetricStat?.Metric?.MetricName).toBe('ApplicationRequests5xx');
    expect(byId.get('e1')?.MetricStat?.Stat).toBe('Sum');
    expect(byId.get('t1')?.MetricStat?.Metric?.MetricName).toBe('ApplicationRequestsTotal');
    expect(byId.get('s1')).toEqual({ Id: 's1', ReturnData: true, Expression: '100*e1/t1' });
    // The 5xx count is only the share's input; the total comes back to tell "no requests" from "no data".
    expect(batch!.queries.filter((q) => q.ReturnData).map((q) => q.Id)).toEqual(['h0', 't0', 's0', 'h1', 't1', 's1']);
  });

  it('asks for the 5xx count, two queries an environment, when counting', () => {
    const [batch] = sparklineBatches(['Bbruceeb2-env'], 'count', 60);
    expect(batch!.queries.map((q) => [q.Id, q.ReturnData, q.MetricStat?.Metric?.MetricName])).toEqual([
      ['h0', true, 'EnvironmentHealth'],
      ['e0', true, 'ApplicationRequests5xx'],
    ]);
    expect(batch!.environments[0]).toEqual({ environmentName: 'Bbruceeb2-env', healthId: 'h0', errorsId: 'e0' });
  });

  it('keeps the 5xx share only while the whole list fits one call', () => {
    expect(errorMeasureFor(0)).toBe('percent');
    expect(errorMeasureFor(125)).toBe('percent');
    expect(errorMeasureFor(126)).toBe('count');
    expect(errorMeasureFor(200)).toBe('count');
  });

  it('splits only beyond 250 environments, never above 500 queries a call, with ids unique across calls', () => {
    expect(sparklineBatches([], 'count', 60)).toEqual([]);
    expect(sparklineBatches(names(250), 'count', 60).map((b) => b.queries.length)).toEqual([500]);
    expect(sparklineBatches(names(251), 'count', 60).map((b) => b.queries.length)).toEqual([500, 2]);
    const batches = sparklineBatches(names(600), 'count', 60);
    expect(batches.map((b) => b.environments.length)).toEqual([250, 250, 100]);
    const ids = batches.flatMap((b) => b.queries.map((q) => q.Id));
    expect(new Set(ids).size).toBe(1200);
    expect(batches.every((b) => b.queries.length <= MAX_QUERIES_PER_CALL)).toBe(true);
    // Each environment's ids are in its own call.
    for (const batch of batches) {
      const own = new Set(batch.queries.map((q) => q.Id));
      for (const env of batch.environments) expect(own.has(env.healthId) && own.has(env.errorsId)).toBe(true);
    }
    expect(sparklineBatches(names(125), 'percent', 60).map((b) => b.queries.length)).toEqual([500]);
  });
});

describe('environmentListMetrics', () => {
  /** A CloudWatch that answers every returned query with one point a minute valued by its id's number. */
  const cloudwatch = (pageSize = Infinity) =>
    scriptedFactory({
      GetMetricDataCommand: (input) => {
        const request = input as unknown as Request;
        const returned = request.MetricDataQueries.filter((q) => q.ReturnData !== false);
        const all = returned.flatMap((q) =>
          [0, 1].map((m) => ({
            id: q.Id!,
            t: new Date(request.StartTime.getTime() + m * 60_000),
            v: Number(q.Id!.slice(1)) + m,
          })),
        );
        const offset = Number(request.NextToken ?? 0);
        const page = all.slice(offset, offset + pageSize);
        return {
          MetricDataResults: returned.map((q) => ({
            Id: q.Id,
            Timestamps: page.filter((p) => p.id === q.Id).map((p) => p.t),
            Values: page.filter((p) => p.id === q.Id).map((p) => p.v),
          })),
          ...(offset + pageSize < all.length ? { NextToken: String(offset + pageSize) } : {}),
        };
      },
    });

  it('reads 200 environments in one call, for the last hour ending at the current minute', async () => {
    const { aws, calls } = cloudwatch();
    const list = await environmentListMetrics(aws, target, names(200), NOW);
    expect(calls.map((c) => c.command)).toEqual(['GetMetricDataCommand']);
    expect(list).toMatchObject({ calls: 1, queries: 400, errorsAs: 'count', period: 60 });
    expect(list.start).toBe('2026-12-06T21:01:00.000Z');
    expect(list.end).toBe('2026-12-06T22:01:00.000Z');
    expect(list.environments).toHaveLength(200);
    expect(list.environments[199]).toEqual({
      environmentName: 'Env-0199',
      health: [
        { t: '2026-12-06T21:01:00.000Z', v: 199 },
        { t: '2026-12-06T21:02:00.000Z', v: 200 },
      ],
      errors: [
        { t: '2026-12-06T21:01:00.000Z', v: 199 },
        { t: '2026-12-06T21:02:00.000Z', v: 200 },
      ],
      requests: [],
    });
    expect(contract['monitoring.environmentList'].output.parse(list)).toEqual(list);
  });

  it('makes two calls for 300 environments and says so', async () => {
    const { aws, calls } = cloudwatch();
    const list = await environmentListMetrics(aws, target, names(300), NOW);
    expect(calls.map((c) => (c.input as unknown as Request).MetricDataQueries.length)).toEqual([500, 100]);
    expect(list).toMatchObject({ calls: 2, queries: 600 });
    expect(list.environments.map((e) => e.environmentName)).toEqual(names(300));
    expect(list.environments[299]!.health.map((p) => p.v)).toEqual([299, 300]);
  });

  it('follows NextToken, counts each page as a call and merges the pages', async () => {
    const { aws, calls } = cloudwatch(5);
    const list = await environmentListMetrics(aws, target, ['alpha-env', 'beta-env'], NOW);
    expect(list.errorsAs).toBe('percent');
    // Six returned series of two points, five a page.
    expect(calls.map((c) => (c.input as unknown as Request).NextToken)).toEqual([undefined, '5', '10']);
    expect(list.calls).toBe(3);
    expect(list.environments.map((e) => [e.health.length, e.errors.length, e.requests.length])).toEqual([
      [2, 2, 2],
      [2, 2, 2],
    ]);
    expect(list.environments[1]!.errors.map((p) => p.v)).toEqual([1, 2]);
  });

  it('asks once per environment however often it is named, and makes no call for an empty list', async () => {
    const { aws, calls } = cloudwatch();
    const list = await environmentListMetrics(aws, target, ['alpha-env', 'alpha-env', 'beta-env'], NOW);
    expect(list.environments.map((e) => e.environmentName)).toEqual(['alpha-env', 'beta-env']);
    expect(list.queries).toBe(8);
    const empty = await environmentListMetrics(aws, target, [], NOW);
    expect(empty).toMatchObject({ calls: 0, queries: 0, environments: [] });
    expect(calls).toHaveLength(1);
  });

  it('refuses a list longer than it will chart before calling AWS', () => {
    const input = contract['monitoring.environmentList'].input.safeParse({ target, environmentNames: names(2001) });
    expect(input.success).toBe(false);
    expect(input.error?.issues[0]?.message).toBe(
      'At most 2000 environments can be charted at once; filter the list first.',
    );
  });
});
