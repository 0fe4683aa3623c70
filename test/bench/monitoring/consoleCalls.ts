/**
 * The console's side of the two screens, in this process against the scene:
 * the Monitoring tab's answer (the service at a one-minute period over a week,
 * and the channel at the tab's own 1 w), and the environment list's (the list,
 * then its sparklines for every environment). Per run: wall time, AWS calls
 * the console sent (counted by the client factory), the sandbox's own time on
 * them (the timing proxy), points and answer bytes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientFactory } from '../../../src/main/aws/clientFactory';
import { ProfileRegistry } from '../../../src/main/aws/profiles';
import { environmentMetrics } from '../../../src/main/services/monitoring';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../../src/sandbox';
import type { EnvironmentMetrics, Target } from '../../../src/shared/contract';
import { mustCall } from '../../support/rpc';
import { RequestTally, totalCalls, type BenchConsole, type CallCounts } from '../largeAccount/consoleMain';
import type { TimingProxy } from './timingProxy';

export const WEEK_MINUTES = 10080;
export const ONE_MINUTE = 60;

export interface CallRun {
  ms: number;
  calls: CallCounts;
  /** The sandbox's time on those calls (request sent → whole answer received at the proxy). */
  sandboxMs: number;
  /** Each call the sandbox answered, in order: its operation and ms. */
  sandboxCalls: { operation: string; ms: number }[];
  series: number;
  points: number;
  /** The answer as JSON, what crosses IPC or web mode's HTTP. */
  answerBytes: number;
}

/** A ClientFactory of its own for calling the service directly (the channel cannot ask for a one-minute week). */
export function directFactory(endpoint: string): {
  aws: ClientFactory;
  target: Target;
  tally: RequestTally;
  close(): void;
} {
  const home = mkdtempSync(join(tmpdir(), 'trellis-bench-monitoring-'));
  const tally = new RequestTally();
  const registry = new ProfileRegistry({
    env: {},
    homeDir: home,
    watch: false,
    sandbox: { endpoint, region: SANDBOX_REGION, credentials: SANDBOX_ADMIN_CREDENTIALS },
  });
  const aws = new ClientFactory(registry, { onRequest: (r) => tally.record(r), requestTimeoutMs: 120_000 });
  return {
    aws,
    target: { profile: 'sandbox', region: SANDBOX_REGION },
    tally,
    close: () => rmSync(home, { recursive: true, force: true }),
  };
}

async function timed(
  tally: RequestTally,
  proxy: TimingProxy,
  run: () => Promise<{ series: number; points: number; answer: unknown }>,
): Promise<CallRun> {
  tally.take();
  proxy.take();
  const t0 = performance.now();
  const { series, points, answer } = await run();
  const ms = performance.now() - t0;
  const calls = tally.take();
  const proxied = proxy.take();
  return {
    ms,
    calls,
    sandboxMs: proxied.reduce((sum, c) => sum + c.sandboxMs, 0),
    sandboxCalls: proxied.map((c) => ({ operation: c.operation, ms: c.sandboxMs })),
    series,
    points,
    answerBytes: JSON.stringify(answer).length,
  };
}

const metricsShape = (m: EnvironmentMetrics) => ({
  series: m.series.length,
  points: m.series.reduce((sum, s) => sum + s.points.length, 0),
  answer: m,
});

/** The tab's answer for a week at one-minute periods, from the service (what the tab would get if it asked for it). */
export async function tabAtOneMinute(
  direct: ReturnType<typeof directFactory>,
  proxy: TimingProxy,
  environmentName: string,
): Promise<{ run: CallRun; answer: EnvironmentMetrics }> {
  let answer: EnvironmentMetrics | undefined;
  const run = await timed(direct.tally, proxy, async () => {
    answer = await environmentMetrics(direct.aws, direct.target, {
      environmentName,
      rangeMinutes: WEEK_MINUTES,
      periodSeconds: ONE_MINUTE,
    });
    return metricsShape(answer);
  });
  if (!answer) throw new Error('no answer');
  return { run, answer };
}

/** The tab's answer through the channel the renderer calls, at its own 1 w range (its own period). */
export function tabThroughChannel(bench: BenchConsole, proxy: TimingProxy, environmentName: string): Promise<CallRun> {
  return timed(bench.tally, proxy, async () =>
    metricsShape(
      await mustCall(bench.ctx.router, 'monitoring.environment', {
        target: bench.target,
        environmentName,
        rangeMinutes: WEEK_MINUTES,
      }),
    ),
  );
}

export interface ListRuns {
  /** beanstalk.listEnvironments: the rows. */
  list: CallRun;
  /** monitoring.environmentList for every row: the sparklines. */
  sparklines: CallRun;
  errorsAs: string;
  queries: number;
}

/** The environment list as the renderer loads it: its rows, then every row's sparklines in one request. */
export async function environmentList(bench: BenchConsole, proxy: TimingProxy): Promise<ListRuns> {
  let names: string[] = [];
  const list = await timed(bench.tally, proxy, async () => {
    const rows = await mustCall(bench.ctx.router, 'beanstalk.listEnvironments', { target: bench.target });
    names = rows.map((r) => r.name);
    return { series: 0, points: rows.length, answer: rows };
  });
  let errorsAs = '';
  let queries = 0;
  const sparklines = await timed(bench.tally, proxy, async () => {
    const answer = await mustCall(bench.ctx.router, 'monitoring.environmentList', {
      target: bench.target,
      environmentNames: names,
    });
    errorsAs = answer.errorsAs;
    queries = answer.queries;
    return {
      series: answer.environments.length * 2,
      points: answer.environments.reduce((sum, e) => sum + e.health.length + e.errors.length, 0),
      answer,
    };
  });
  return { list, sparklines, errorsAs, queries };
}

export { totalCalls };
