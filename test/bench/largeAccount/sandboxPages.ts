/**
 * Is the sandbox the bottleneck? Each view's pages fetched with bare SDK
 * clients (no Trellis), sequentially, at the APIs' largest page sizes, timing
 * each request from sent to the sandbox's response headers: the sandbox's own
 * time to build a page. Compared with Trellis's time to complete, this says
 * how much of it is the sandbox's.
 */
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeEnvironmentsCommand,
  DescribeEventsCommand,
  ElasticBeanstalkClient,
} from '@aws-sdk/client-elastic-beanstalk';
import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeDomainsCommand, ListDomainNamesCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { Agent } from 'node:http';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../../src/sandbox';
import type { ViewFixture, ViewId } from './trellisViews';

export interface SandboxPages {
  pages: number;
  /** Sum over pages of request sent → response headers: the sandbox building each page. */
  sandboxMs: number;
  /** The same pages' wall time through a bare SDK client (the SDK's parsing included). */
  sdkMs: number;
}

/** Times each request to its response headers. */
class TimingHandler extends NodeHttpHandler {
  spent = 0;
  pages = 0;

  override async handle(...args: Parameters<NodeHttpHandler['handle']>): ReturnType<NodeHttpHandler['handle']> {
    const t0 = performance.now();
    const answer = await super.handle(...args);
    this.spent += performance.now() - t0;
    this.pages += 1;
    return answer;
  }
}

const MAX_PAGES = 10_000;

export interface SandboxProbe {
  /** The view's pages fetched once, sequentially; undefined for a view with no pages of its own. */
  measure(view: ViewId): Promise<SandboxPages | undefined>;
  close(): void;
}

export function sandboxProbe(endpoint: string, fx: ViewFixture): SandboxProbe {
  // A fresh connection a request: a kept-alive socket the sandbox closed while idle (between rounds) would
  // fail the next request, and these clients do not retry, so every page is counted once.
  const handler = new TimingHandler({ requestTimeout: 120_000, httpAgent: new Agent({ keepAlive: false }) });
  const config = {
    region: SANDBOX_REGION,
    endpoint,
    credentials: SANDBOX_ADMIN_CREDENTIALS,
    requestHandler: handler,
    maxAttempts: 1,
  };
  const iam = new IAMClient(config);
  const ssm = new SSMClient(config);
  const eb = new ElasticBeanstalkClient(config);
  const rds = new RDSClient(config);
  const ec2 = new EC2Client(config);
  const search = new OpenSearchClient(config);

  const fetchers: Partial<Record<ViewId, () => Promise<void>>> = {
    roles: async () => {
      let marker: string | undefined;
      for (let i = 0; i < MAX_PAGES; i++) {
        const page = await iam.send(
          new GetAccountAuthorizationDetailsCommand({
            Filter: ['Role', 'User', 'LocalManagedPolicy'],
            MaxItems: 1000,
            ...(marker ? { Marker: marker } : {}),
          }),
        );
        marker = page.IsTruncated ? page.Marker : undefined;
        if (!marker) break;
      }
    },
    environments: async () => {
      await eb.send(new DescribeEnvironmentsCommand({ IncludeDeleted: false }));
    },
    events: async () => {
      let token: string | undefined;
      for (let i = 0; i < MAX_PAGES; i++) {
        const page = await eb.send(
          new DescribeEventsCommand({
            EnvironmentName: fx.eventsEnvironment,
            StartTime: new Date(fx.since),
            Severity: 'INFO',
            MaxRecords: 1000,
            ...(token ? { NextToken: token } : {}),
          }),
        );
        token = page.NextToken;
        if (!token) break;
      }
    },
    parameters: async () => {
      let token: string | undefined;
      for (let i = 0; i < MAX_PAGES; i++) {
        const page = await ssm.send(
          new DescribeParametersCommand({ MaxResults: 50, ...(token ? { NextToken: token } : {}) }),
        );
        token = page.NextToken;
        if (!token) break;
      }
    },
    // What Trellis reads (src/main/services/securityGroups.ts): the list, then the first database's groups by id,
    // then the EB instances carrying them or their rules' sources.
    databases: async () => {
      let marker: string | undefined;
      const ids: Array<{ id: string; groupIds: string[] }> = [];
      for (let i = 0; i < MAX_PAGES; i++) {
        const page = await rds.send(
          new DescribeDBInstancesCommand({ MaxRecords: 100, ...(marker ? { Marker: marker } : {}) }),
        );
        for (const db of page.DBInstances ?? [])
          ids.push({
            id: db.DBInstanceIdentifier ?? '',
            groupIds: (db.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId ?? ''),
          });
        marker = page.Marker;
        if (!marker) break;
      }
      const [first] = ids.sort((a, b) => a.id.localeCompare(b.id));
      if (!first || first.groupIds.length === 0) return;
      const groups =
        (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: first.groupIds }] })))
          .SecurityGroups ?? [];
      const sources = groups.flatMap((g) =>
        (g.IpPermissions ?? []).flatMap((p) => (p.UserIdGroupPairs ?? []).map((u) => u.GroupId ?? '')),
      );
      await ec2.send(
        new DescribeInstancesCommand({
          Filters: [
            { Name: 'instance.group-id', Values: [...first.groupIds, ...sources] },
            { Name: 'tag-key', Values: ['elasticbeanstalk:environment-name'] },
          ],
        }),
      );
    },
    domains: async () => {
      const names = ((await search.send(new ListDomainNamesCommand({}))).DomainNames ?? []).map(
        (d) => d.DomainName ?? '',
      );
      for (let i = 0; i < names.length; i += 5) {
        await search.send(new DescribeDomainsCommand({ DomainNames: names.slice(i, i + 5) }));
      }
    },
  };

  return {
    async measure(view) {
      const fetch = fetchers[view];
      if (!fetch) return undefined;
      handler.spent = 0;
      handler.pages = 0;
      const t0 = performance.now();
      await fetch();
      return { pages: handler.pages, sandboxMs: handler.spent, sdkMs: performance.now() - t0 };
    },
    close() {
      for (const client of [iam, ssm, eb, rds, ec2, search]) client.destroy();
    },
  };
}
