/**
 * Search domains through the whole main process (router → service → real
 * OpenSearch SDK client → sandbox): listing, classification, and a policy
 * change whose undo puts back the exact bytes AWS had.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeDomainConfigCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleIn } from '../../support/appConsole';
import { dispatch, mustCall } from '../../support/rpc';
import { type AppContext } from '../../../src/main/context';
import { SANDBOX_ADMIN_CREDENTIALS } from '../../../src/sandbox';
import type { Channel, ChannelInput } from '../../../src/shared/contract';
import { removeIpEntry } from '../../../src/shared/search';

let ctx: AppContext;
const target = { profile: 'sandbox', region: 'us-east-1' };
const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => mustCall(ctx.router, channel, input);

/** What the domain holds, read past Trellis, so the test does not trust the code under test. */
async function storedPolicy(domainName: string): Promise<string> {
  const client = new OpenSearchClient({
    endpoint: ctx.sandbox!.endpoint,
    region: 'us-east-1',
    credentials: SANDBOX_ADMIN_CREDENTIALS,
  });
  try {
    const out = await client.send(new DescribeDomainConfigCommand({ DomainName: domainName }));
    return out.DomainConfig?.AccessPolicies?.Options ?? '';
  } finally {
    client.destroy();
  }
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-search-'));
  ctx = await consoleIn(dir, { sandbox: true, dataDir: join(dir, 'data') });
});
afterAll(() => ctx?.close());

describe('search domains through the router against the sandbox', () => {
  it('lists the lab domains with engine, endpoint or VPC, and how exposed each is', async () => {
    const domains = await call('search.listDomains', { target });
    expect(domains.map((d) => [d.name, d.engine, d.version, d.exposure, d.fineGrainedAccessControl])).toEqual([
      ['elastic', 'Elasticsearch', '6.0', 'ip-restricted', false],
      ['secure-search', 'OpenSearch', '2.11', 'restricted', true],
      ['test-domain', 'Elasticsearch', '7.10', 'public', false],
    ]);
    const secure = domains.find((d) => d.name === 'secure-search')!;
    expect(secure.vpc?.vpcId).toBe('vpc-0e5d4c3b2a1f09876');
    expect(domains.find((d) => d.name === 'elastic')?.endpoint).toMatch(/^search-elastic-/);
  });

  it('classifies each statement of a domain policy', async () => {
    const elastic = await call('search.getDomain', { target, domainName: 'elastic' });
    expect(elastic.statements.map((s) => s.classification)).toEqual(['account-wide', 'ip-restricted']);
    expect(elastic.statements[1]?.sourceRanges).toEqual([{ cidr: '8.7.6.5', negated: false, open: false }]);
    expect(elastic.accessPolicy).toContain('\n  "Statement": [');
    expect(elastic.policyState).toBe('Active');

    const secure = await call('search.getDomain', { target, domainName: 'secure-search' });
    expect(secure.statements[0]?.classification).toBe('open-but-guarded');
    const open = await call('search.getDomain', { target, domainName: 'test-domain' });
    expect(open.statements[0]?.classification).toBe('public');
  });

  it('removes the IP hole through a plan, and the undo restores the stored policy byte for byte', async () => {
    const original = await storedPolicy('elastic');
    const detail = await call('search.getDomain', { target, domainName: 'elastic' });
    const policy = removeIpEntry(detail.accessPolicy, '8.7.6.5');

    const plan = await call('changes.plan', {
      target,
      intent: { kind: 'search.updateAccessPolicy', domainName: 'elastic', policy },
    });
    expect(plan.blocked).toBeUndefined();
    expect(plan.steps.map((s) => s.operation)).toEqual(['UpdateDomainConfig']);
    expect(plan.cli[0]).toMatch(
      /^AWS_ACCESS_KEY_ID=.* aws opensearch update-domain-config --domain-name elastic --access-policies '/,
    );
    expect(plan.permissions).toContain('es:UpdateDomainConfig');
    expect(plan.diff.some((r) => r.change === 'remove' && r.before?.includes('aws:SourceIp'))).toBe(true);
    expect(plan.diff.every((r) => r.change !== 'add')).toBe(true);

    const applied = await call('changes.apply', { planId: plan.id });
    expect(applied.entry.status).toBe('applied');
    expect(applied.entry.verification?.verified).toBe(true);
    const after = await call('search.getDomain', { target, domainName: 'elastic' });
    expect(after.statements.map((s) => s.classification)).toEqual(['account-wide']);

    const undo = await call('journal.planUndo', { entryId: applied.entry.id });
    const undone = await call('changes.apply', { planId: undo.id });
    expect(undone.entry.verification?.verified).toBe(true);
    expect(await storedPolicy('elastic')).toBe(original);
  });

  it('rates a plan that opens a domain to everyone as high risk, and blocks a plan that changes nothing', async () => {
    const detail = await call('search.getDomain', { target, domainName: 'elastic' });
    const open = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'es:*', Resource: `${detail.arn}/*` }],
    });
    const risky = await call('changes.plan', {
      target,
      intent: { kind: 'search.updateAccessPolicy', domainName: 'elastic', policy: open },
    });
    expect(risky.risk.level).toBe('high');
    await call('changes.discard', { planId: risky.id });

    const same = await call('changes.plan', {
      target,
      intent: { kind: 'search.updateAccessPolicy', domainName: 'elastic', policy: detail.accessPolicy },
    });
    expect(same.blocked).toMatch(/Nothing to change/);
  });

  it('refuses invalid JSON with the line and column, before any call', async () => {
    const res = await dispatch(ctx.router, 'changes.plan', {
      target,
      intent: {
        kind: 'search.updateAccessPolicy',
        domainName: 'elastic',
        policy: '{\n  "Version": "2012-10-17",\n  "Statement": [\n}',
      },
    });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('validation');
    expect(res.error.message).toMatch(
      /^The access policy for elastic is not valid: JSON syntax error at line 4, column 1: expected a value but found '}'/,
    );

    const shape = await dispatch(ctx.router, 'changes.plan', {
      target,
      intent: {
        kind: 'search.updateAccessPolicy',
        domainName: 'elastic',
        policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*"}]}',
      },
    });
    expect(shape.ok ? '' : shape.error.message).toMatch(/Statement 1: needs exactly one of Action or NotAction/);
  });

  it('reports a missing domain as not found', async () => {
    const res = await dispatch(ctx.router, 'search.getDomain', { target, domainName: 'no-such-domain' });
    expect(res.ok ? '' : res.error.code).toBe('not-found');
  });
});
