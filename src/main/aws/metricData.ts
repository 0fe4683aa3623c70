/**
 * GetMetricData's pages, shared by the Monitoring tab and the Doctor: one
 * request's NextToken pages followed up to a bound, and a query's points
 * merged across them. Sending each page is the caller's, so the Doctor's
 * reads still go through its scan source, which counts them.
 */
import { GetMetricDataCommand, type MetricDataQuery, type MetricDataResult } from '@aws-sdk/client-cloudwatch';

export interface MetricDataPage {
  MetricDataResults?: MetricDataResult[];
  NextToken?: string;
}

export interface MetricDataRequest {
  queries: MetricDataQuery[];
  start: Date;
  end: Date;
}

/** Sends the request's pages oldest points first; `maxPages` bounds a NextToken that never ends. */
export async function followMetricDataPages(
  sendPage: (command: GetMetricDataCommand) => Promise<MetricDataPage>,
  request: MetricDataRequest,
  maxPages: number,
): Promise<{ results: MetricDataResult[]; pages: number }> {
  const results: MetricDataResult[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    pages += 1;
    const page = await sendPage(
      new GetMetricDataCommand({
        MetricDataQueries: request.queries,
        StartTime: request.start,
        EndTime: request.end,
        ScanBy: 'TimestampAscending',
        ...(token ? { NextToken: token } : {}),
      }),
    );
    results.push(...(page.MetricDataResults ?? []));
    token = page.NextToken;
  } while (token && pages < maxPages);
  return { results, pages };
}

/** Pages repeat a query's id with more points; they are merged and sorted oldest first. */
export function pointsOf(id: string, results: readonly MetricDataResult[]): Array<{ t: string; v: number }> {
  const byTime = new Map<number, number>();
  for (const result of results) {
    if (result.Id !== id) continue;
    const values = result.Values ?? [];
    (result.Timestamps ?? []).forEach((time, i) => {
      const value = values[i];
      if (value !== undefined && Number.isFinite(value)) byTime.set(time.getTime(), value);
    });
  }
  return [...byTime.entries()].sort(([a], [b]) => a - b).map(([t, v]) => ({ t: new Date(t).toISOString(), v }));
}
