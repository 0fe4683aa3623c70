/** List-page latency on the default large account, and the AWS CLI reading the same data. */
import { DescribeEventsCommand, ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { spawn } from 'node:child_process';
import type { RunningSandbox } from '../../../src/sandbox';
import { clientConfig, median, timed } from './measures';

/**
 * Times each call's raw HTTP exchange (request sent to response headers; the
 * sandbox renders the whole body before it answers), apart from the SDK's own
 * parsing of the body, which at these sizes costs more than the sandbox does.
 */
function timeExchanges(client: SSMClient | IAMClient | EC2Client | ElasticBeanstalkClient | RDSClient): number[] {
  const times: number[] = [];
  const timer =
    <A, R>(next: (args: A) => Promise<R>) =>
    async (args: A): Promise<R> => {
      const t0 = performance.now();
      const out = await next(args);
      times.push(performance.now() - t0);
      return out;
    };
  client.middlewareStack.addRelativeTo(timer, {
    relation: 'after',
    toMiddleware: 'deserializerMiddleware',
    name: 'benchExchangeTime',
  });
  return times;
}

async function pages(
  exchanges: number[],
  fetchPage: (token: string | undefined) => Promise<{ next?: string | undefined; items: number }>,
) {
  const times: number[] = [];
  const start = exchanges.length;
  let token: string | undefined;
  let items = 0;
  do {
    const { ms, value } = await timed(() => fetchPage(token));
    times.push(ms);
    items += value.items;
    token = value.next;
  } while (token !== undefined && times.length < 10_000);
  const server = exchanges.slice(start);
  return {
    pages: times.length,
    items,
    medianMs: median(times),
    maxMs: Math.max(...times),
    sandboxMedianMs: median(server),
    sandboxMaxMs: Math.max(...server),
  };
}

export async function measurePages(sandbox: RunningSandbox) {
  const config = clientConfig(sandbox);
  const ssm = new SSMClient(config);
  const iam = new IAMClient(config);
  const ec2 = new EC2Client(config);
  const eb = new ElasticBeanstalkClient(config);
  const rds = new RDSClient(config);
  const exchanges = { ssm: timeExchanges(ssm), iam: timeExchanges(iam), ec2: timeExchanges(ec2) };
  const more = { eb: timeExchanges(eb), rds: timeExchanges(rds) };
  try {
    return {
      describeParameters: await pages(exchanges.ssm, async (NextToken) => {
        const r = await ssm.send(new DescribeParametersCommand({ MaxResults: 50, NextToken }));
        return { next: r.NextToken, items: r.Parameters?.length ?? 0 };
      }),
      getAccountAuthorizationDetails: await pages(exchanges.iam, async (Marker) => {
        const r = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1000, Marker }));
        const items = (r.RoleDetailList?.length ?? 0) + (r.UserDetailList?.length ?? 0) + (r.Policies?.length ?? 0);
        return { next: r.IsTruncated ? r.Marker : undefined, items };
      }),
      describeSecurityGroups: await pages(exchanges.ec2, async (NextToken) => {
        const r = await ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 1000, NextToken }));
        return { next: r.NextToken, items: r.SecurityGroups?.length ?? 0 };
      }),
      describeEvents: await pages(more.eb, async (NextToken) => {
        const r = await eb.send(new DescribeEventsCommand({ MaxRecords: 1000, NextToken }));
        return { next: r.NextToken, items: r.Events?.length ?? 0 };
      }),
      describeDBInstances: await pages(more.rds, async (Marker) => {
        const r = await rds.send(new DescribeDBInstancesCommand({ MaxRecords: 100, Marker }));
        return { next: r.Marker, items: r.DBInstances?.length ?? 0 };
      }),
    };
  } finally {
    for (const client of [ssm, iam, ec2, eb, rds]) client.destroy();
  }
}

/** One run of the AWS CLI (its start-up included: that is what a user waits for). */
export function runCli(
  endpoint: string,
  env: NodeJS.ProcessEnv,
  args: string[],
): Promise<{ ms: number; ok: boolean; bytes: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    // Async: the sandbox runs in this process, so a blocking spawn would starve it.
    const child = spawn('aws', ['--endpoint-url', endpoint, '--output', 'json', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 600_000,
    });
    let bytes = 0;
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    child.on('exit', (code) => resolve({ ms: performance.now() - t0, ok: code === 0, bytes }));
    child.on('error', () => resolve({ ms: performance.now() - t0, ok: false, bytes }));
  });
}
