/**
 * The search-domain service layer and policy plan against moto, an emulator
 * nobody on this project wrote: listing, describing (moto's DescribeDomainConfig
 * entries carry no Status) and UpdateDomainConfig through a plan with undo.
 */
import { CreateDomainCommand, DescribeDomainConfigCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { afterAll, describe, expect, it } from 'vitest';
import { removeIpEntry } from '../../src/shared/search';
import { motoClientConfig } from '../support/moto';
import { motoConsole } from '../support/motoConsole';

let client: OpenSearchClient;

// moto's account and a documentation-range office address: nothing here is the training lab.
const domainArn = 'arn:aws:es:eu-central-1:123456789012:domain/catalog';
const stored = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::123456789012:role/indexer' },
      Action: 'es:ESHttp*',
      Resource: `${domainArn}/*`,
    },
    {
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'es:ESHttpGet',
      Resource: `${domainArn}/*`,
      Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '0.0.0.0/0'] } },
    },
  ],
});

const { call, target } = motoConsole(
  'search',
  async (endpoint) => {
    client = new OpenSearchClient(motoClientConfig(endpoint, 'eu-central-1'));
    await client.send(
      new CreateDomainCommand({
        DomainName: 'catalog',
        EngineVersion: 'OpenSearch_2.11',
        ClusterConfig: { InstanceType: 'r6g.large.search', InstanceCount: 1 },
        AccessPolicies: stored,
      }),
    );
  },
  'eu-central-1',
);

afterAll(() => client?.destroy());

describe('search domains against moto', () => {
  it('lists the domain and calls its 0.0.0.0/0 entry open to the internet', async () => {
    const domains = await call('search.listDomains', { target });
    expect(domains.map((d) => [d.name, d.engine, d.version, d.exposure])).toEqual([
      ['catalog', 'OpenSearch', '2.11', 'public'],
    ]);
  });

  it('describes the domain and classifies its statements without a config Status', async () => {
    const detail = await call('search.getDomain', { target, domainName: 'catalog' });
    expect(detail.arn).toBe(domainArn);
    expect(detail.policyState).toBeUndefined();
    expect(detail.statements.map((s) => s.classification)).toEqual(['iam-principals', 'ip-restricted']);
    expect(detail.statements[1]?.sourceRanges.map((r) => r.open)).toEqual([false, true]);
  });

  it('removes the open entry through a plan, verifies it, and the undo restores the stored text exactly', async () => {
    const detail = await call('search.getDomain', { target, domainName: 'catalog' });
    const policy = removeIpEntry(detail.accessPolicy, '0.0.0.0/0');
    const plan = await call('changes.plan', {
      target,
      intent: { kind: 'search.updateAccessPolicy', domainName: 'catalog', policy },
    });
    expect(plan.blocked).toBeUndefined();
    const applied = await call('changes.apply', { planId: plan.id });
    expect(applied.entry.status).toBe('applied');
    expect(applied.entry.verification?.verified).toBe(true);
    expect((await call('search.getDomain', { target, domainName: 'catalog' })).exposure).toBe('ip-restricted');

    const undo = await call('journal.planUndo', { entryId: applied.entry.id });
    expect((await call('changes.apply', { planId: undo.id })).entry.status).toBe('applied');
    const config = await client.send(new DescribeDomainConfigCommand({ DomainName: 'catalog' }));
    expect(config.DomainConfig?.AccessPolicies?.Options).toBe(stored);
  });
});
