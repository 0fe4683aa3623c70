/**
 * F13 judges "anyone" statements by the addresses they admit: an IP condition
 * that lets the internet in is as public as a bare `*`, however it is
 * written, and a Deny on addresses narrows what the Allows admit.
 */
import { describe, expect, it } from 'vitest';
import { evaluateSearchDomains } from '../../../src/main/diagnostics/rules/searchDomains';
import type { RuleOutput } from '../../../src/main/diagnostics/types';
import { context, findingOf } from './support/evaluation';
import { appAllowed, DOMAIN_ARN, domain, facts, policyOf } from './support/searchFixtures';

const ctx = context();

function anyoneFrom(condition: Record<string, unknown>, sid?: string) {
  return {
    ...(sid ? { Sid: sid } : {}),
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Action: 'es:ESHttp*',
    Resource: `${DOMAIN_ARN}/*`,
    Condition: condition,
  };
}

const denyUnlessFrom = (cidrs: string[]) => ({
  Effect: 'Deny',
  Principal: '*',
  Action: 'es:*',
  Resource: `${DOMAIN_ARN}/*`,
  Condition: { NotIpAddress: { 'aws:SourceIp': cidrs } },
});
const openStatement = { Effect: 'Allow', Principal: '*', Action: 'es:*', Resource: `${DOMAIN_ARN}/*` };

function judge(statements: unknown[], over: Parameters<typeof domain>[1] = {}): RuleOutput {
  // The app's role is allowed, so only the exposure findings can appear.
  return evaluateSearchDomains(facts([domain([appAllowed, ...statements], over)]), ctx);
}

const ids = (out: RuleOutput) => out.findings.map((f) => `${f.id} ${f.severity}`);

describe('F13: IP conditions that admit the internet are public', () => {
  it('rates 0.0.0.0/0 among narrow entries critical, names it, and can keep the narrow entries', () => {
    const out = judge([anyoneFrom({ IpAddress: { 'aws:SourceIp': ['203.0.113.7/32', '0.0.0.0/0'] } }, 'Office')]);
    expect(ids(out)).toEqual(['F13:search-domain/catalog@open critical']);
    const f = findingOf(out.findings, 'F13:search-domain/catalog@open');
    expect(f.summary).toBe(
      'Search domain catalog is open to anyone on the internet (Statement 2 (Office): its aws:SourceIp list includes 0.0.0.0/0)',
    );
    expect(f.fixes.map((x) => [x.id, x.recommended])).toEqual([
      ['drop-open', true],
      ['remove-open-ip', false],
    ]);
    expect(policyOf(f, 'drop-open').Statement).toEqual([appAllowed]);
    const narrowed = policyOf(f, 'remove-open-ip');
    expect(narrowed.Statement[1]).toMatchObject({ Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.7/32'] } } });
    // What is left is the workstation's hole, which the next scan reports as such.
    const after = evaluateSearchDomains(facts([{ ...domain([]), accessPolicy: JSON.stringify(narrowed) }]), ctx);
    expect(ids(after)).toEqual(['F13:search-domain/catalog@ip medium']);
  });

  it('rates ::/0 alone critical, as a single string or in a list', () => {
    expect(ids(judge([anyoneFrom({ IpAddress: { 'aws:SourceIp': '::/0' } })]))).toEqual([
      'F13:search-domain/catalog@open critical',
    ]);
    expect(ids(judge([anyoneFrom({ IpAddressIfExists: { 'aws:SourceIp': ['2001:db8::/32', '::/0'] } })]))).toEqual([
      'F13:search-domain/catalog@open critical',
    ]);
  });

  it('adds up entries that together cover the address space', () => {
    const halves = judge([anyoneFrom({ IpAddress: { 'aws:SourceIp': ['0.0.0.0/1', '128.0.0.0/1'] } })]);
    const f = findingOf(halves.findings, 'F13:search-domain/catalog@open');
    expect(f.summary).toContain('0.0.0.0/1, 128.0.0.0/1 together cover every IPv4 address');
    // Half the internet is still public, so no narrower list would do: only dropping the statement is offered.
    expect(f.fixes.map((x) => x.id)).toEqual(['drop-open']);
    const quarters = ['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2', '192.0.0.0/2'];
    const byQuarters = findingOf(
      judge([anyoneFrom({ IpAddress: { 'aws:SourceIp': quarters } })]).findings,
      'F13:search-domain/catalog@open',
    );
    expect(byQuarters.severity).toBe('critical');
    // Three quarters must go before less than half is left.
    expect(policyOf(byQuarters, 'remove-open-ip').Statement[1]).toMatchObject({
      Condition: { IpAddress: { 'aws:SourceIp': ['192.0.0.0/2'] } },
    });
    // A /8 is a big hole but not the internet: an IP hole, not public.
    expect(ids(judge([anyoneFrom({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '0.0.0.0/3'] } })]))).toEqual([
      'F13:search-domain/catalog@ip medium',
    ]);
  });

  it('reads NotIpAddress on an Allow as everywhere except its list, which is public', () => {
    const out = judge([anyoneFrom({ NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } })]);
    const f = findingOf(out.findings, 'F13:search-domain/catalog@open');
    expect(f.summary).toContain('its NotIpAddress admits every address except 10.0.0.0/8, 192.168.0.0/16');
    // Taking entries out of a NotIpAddress list would open it further: only dropping the statement is offered.
    expect(f.fixes.map((x) => x.id)).toEqual(['drop-open']);
  });

  it('reads a Deny NotIpAddress as narrowing an open Allow to those addresses', () => {
    const out = judge([openStatement, denyUnlessFrom(['203.0.113.0/24'])]);
    expect(ids(out)).toEqual(['F13:search-domain/catalog@ip medium']);
    const f = findingOf(out.findings, 'F13:search-domain/catalog@ip');
    expect(f.summary).toBe(
      'Search domain catalog lets unsigned requests in from anywhere, limited by a Deny to 203.0.113.0/24',
    );
    expect(f.evidence.map((e) => e.label)).toEqual(['Statement 2', 'Statement 3', 'Endpoint']);
    // The fix drops the open Allow and keeps the Deny, so nothing opens up.
    expect(policyOf(f, 'remove-ip').Statement).toEqual([appAllowed, denyUnlessFrom(['203.0.113.0/24'])]);
    // A Deny whose own list admits the internet narrows nothing.
    expect(ids(judge([openStatement, denyUnlessFrom(['0.0.0.0/0'])]))).toEqual([
      'F13:search-domain/catalog@open critical',
    ]);
  });

  it('treats an internet-wide IP condition like a bare * behind fine-grained access control or a VPC', () => {
    const world = anyoneFrom({ IpAddress: { 'aws:SourceIp': ['0.0.0.0/0'] } });
    const fgac = judge([world], { fineGrainedAccessControl: true });
    expect(fgac.findings).toEqual([]);
    expect(fgac.checks.find((c) => c.id === 'F13:search-domain/catalog@open')?.detail).toBe(
      'Allows anyone from 0.0.0.0/0, which is open to the internet, but the domain requires a fine-grained access control login.',
    );
    expect(judge([world], { vpc: { vpcId: 'vpc-0abc', subnetIds: ['subnet-1'] } }).findings).toEqual([]);
  });

  it('keeps a wide statement with another condition IP-restricted, rated high', () => {
    const out = judge([
      anyoneFrom({
        IpAddress: { 'aws:SourceIp': '0.0.0.0/0' },
        StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
      }),
    ]);
    expect(ids(out)).toEqual(['F13:search-domain/catalog@ip high']);
  });

  it('judges domains in other partitions by their own ARNs', () => {
    const arn = 'arn:aws-cn:es:cn-north-1:111122223333:domain/catalog';
    const cn = domain([{ ...anyoneFrom({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }), Resource: `${arn}/*` }], {
      arn,
      endpoint: 'search-catalog-a1b2c3d4e5.cn-north-1.es.amazonaws.com.cn',
    });
    const out = evaluateSearchDomains(facts([cn], []), context({ region: 'cn-north-1', partition: 'aws-cn' }));
    expect(ids(out)).toEqual(['F13:search-domain/catalog@open critical']);
    expect(out.findings[0]?.resource.arn).toBe(arn);
  });
});
