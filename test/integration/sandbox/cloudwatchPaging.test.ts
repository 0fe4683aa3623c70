/**
 * GetMetricData paged by MaxDatapoints gives exactly the points of one big
 * answer, in the same order, whichever way it scans; and the pages of one
 * answer agree even when the clock moves between them (the continuation reads
 * the series its first page computed, as CloudWatch's pages do).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchHarness, epochMs, ERRORS, MINUTE, WEB } from './cloudwatchHarness';
import type { MetricId } from '../../../src/sandbox/simulation/metrics/types';

let h: CloudWatchHarness;

beforeEach(async () => {
  h = await CloudWatchHarness.open();
});

interface Result {
  Id: string;
  Timestamps: unknown[];
  Values: number[];
  StatusCode: string;
}
interface Answer {
  MetricDataResults: Result[];
  NextToken?: string;
}

const stat = (id: MetricId, name: string, period: number) => ({
  Metric: { Namespace: id.namespace, MetricName: id.metricName, Dimensions: [{ Name: 'Service', Value: 'web' }] },
  Period: period,
  Stat: name,
});
const QUERIES = [
  { Id: 'req', MetricStat: stat(WEB, 'Sum', 60) },
  { Id: 'err', MetricStat: stat(ERRORS, 'Sum', 60), ReturnData: false },
  { Id: 'p90', MetricStat: stat(WEB, 'p90', 300) },
  { Id: 'rate', Expression: '100*(err/req)' },
];

/** Each returned query's [epoch ms, value] pairs, pages joined in the order they came. */
function joined(answers: readonly Answer[]): Map<string, Array<[number, number]>> {
  const out = new Map<string, Array<[number, number]>>();
  for (const answer of answers)
    for (const r of answer.MetricDataResults) {
      const points = out.get(r.Id) ?? [];
      r.Timestamps.forEach((t, i) => points.push([epochMs(t), r.Values[i] ?? Number.NaN]));
      out.set(r.Id, points);
    }
  return out;
}

async function paged(window: Record<string, unknown>, maxDatapoints: number, between?: () => void): Promise<Answer[]> {
  const pages: Answer[] = [];
  let token: string | undefined;
  for (let page = 0; page < 200; page += 1) {
    const answer = await h.ok<Answer>('GetMetricData', {
      MetricDataQueries: QUERIES,
      ...window,
      MaxDatapoints: maxDatapoints,
      ...(token ? { NextToken: token } : {}),
    });
    pages.push(answer);
    token = answer.NextToken;
    if (token === undefined) return pages;
    between?.();
  }
  throw new Error('GetMetricData kept paging');
}

describe('GetMetricData paging', () => {
  for (const scanBy of ['TimestampDescending', 'TimestampAscending']) {
    it(`pages ${scanBy} to exactly the points of one answer`, async () => {
      const window = { StartTime: h.at(90), EndTime: h.at(0), ScanBy: scanBy };
      const whole = await h.ok<Answer>('GetMetricData', { MetricDataQueries: QUERIES, ...window });
      expect(whole.NextToken).toBeUndefined();
      const expected = joined([whole]);
      expect([...expected.keys()]).toEqual(['req', 'p90', 'rate']);
      expect(expected.get('req')).toHaveLength(90);
      expect(expected.get('p90')).toHaveLength(18);

      const pages = await paged(window, 7);
      // A minute with no requests has no error rate (a division by zero is left out).
      const total = [...expected.values()].reduce((sum, points) => sum + points.length, 0);
      expect(expected.get('rate')?.length).toBeLessThan(90);
      expect(pages.length).toBe(Math.ceil(total / 7));
      expect(joined(pages)).toEqual(expected);
      // A page cut through a series says so; the last page of each series is complete.
      expect(pages[0]?.MetricDataResults[0]?.StatusCode).toBe('PartialData');
      expect(pages.at(-1)?.MetricDataResults.map((r) => r.StatusCode)).toEqual(['Complete', 'Complete', 'Complete']);
    });
  }

  it('keeps the pages of one answer consistent when the clock moves between them', async () => {
    // The window runs past now, so each minute the clock moves adds a point to a fresh answer.
    const window = { StartTime: h.at(60), EndTime: h.at(-60), ScanBy: 'TimestampAscending' };
    const before = joined([await h.ok<Answer>('GetMetricData', { MetricDataQueries: QUERIES, ...window })]);
    const pages = await paged(window, 11, () => {
      h.clock += 3 * MINUTE;
    });
    expect(joined(pages)).toEqual(before);
    // A new request (no token) reads the moved clock.
    const after = joined([await h.ok<Answer>('GetMetricData', { MetricDataQueries: QUERIES, ...window })]);
    expect(after.get('req')?.length).toBeGreaterThan(before.get('req')?.length ?? 0);
  });
});
