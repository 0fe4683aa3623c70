import { describe, expect, it } from 'vitest';
import {
  checkCidr,
  checkPort,
  checkPortRange,
  checkProtocol,
  checkSecurityGroupId,
  ingressRuleProblems,
  parseCidr,
  portLabel,
} from '../../../src/shared/network/ingress';
import { changeIntentSchema } from '../../../src/shared/contract';

describe('ports', () => {
  it('accepts 1 to 65535 and names what is wrong otherwise', () => {
    expect(checkPort(1)).toBeUndefined();
    expect(checkPort(65535)).toBeUndefined();
    expect(checkPort(0)).toBe('Port 0 is out of range: ports run from 1 to 65535.');
    expect(checkPort(65536)).toBe('Port 65536 is out of range: ports run from 1 to 65535.');
    expect(checkPort(33.5)).toBe('Port 33.5 is not a whole number.');
    expect(checkPort(NaN)).toBe('Port NaN is not a whole number.');
  });

  it('wants from ≤ to for tcp and udp, and ignores ports for icmp and all traffic', () => {
    expect(checkPortRange('tcp', 3306, 3306)).toBeUndefined();
    expect(checkPortRange('udp', 3307, 3306)).toBe('From port 3307 is greater than to port 3306.');
    expect(checkPortRange('tcp', 1, 70000)).toBe('To port 70000 is out of range: ports run from 1 to 65535.');
    expect(checkPortRange('icmp', -1, -1)).toBeUndefined();
    expect(checkPortRange('-1', -1, -1)).toBeUndefined();
  });
});

describe('protocols and group ids', () => {
  it('knows tcp, udp, icmp and -1', () => {
    for (const p of ['tcp', 'udp', 'icmp', '-1']) expect(checkProtocol(p)).toBeUndefined();
    expect(checkProtocol('TCP')).toMatch(/Protocol "TCP" is not supported/);
    expect(checkProtocol('sctp')).toMatch(/use tcp, udp, icmp or -1/);
  });

  it('accepts sg- with 8 to 17 lower-case hex digits', () => {
    expect(checkSecurityGroupId('sg-0965722cdbe774e58')).toBeUndefined();
    expect(checkSecurityGroupId('sg-12345678')).toBeUndefined();
    expect(checkSecurityGroupId('sg-1234567')).toMatch(/not a security group id/);
    expect(checkSecurityGroupId('sg-0965722CDBE774E58')).toMatch(/not a security group id/);
    expect(checkSecurityGroupId('rds-launch-wizard')).toBe(
      '"rds-launch-wizard" is not a security group id: expected sg- followed by 8 to 17 hex digits.',
    );
  });
});

describe('CIDRs', () => {
  it('parses IPv4 into canonical form and flags the whole internet', () => {
    expect(parseCidr('10.1.0.0/16')).toEqual({
      ok: true,
      cidr: { version: 4, canonical: '10.1.0.0/16', isWorld: false },
    });
    expect(parseCidr(' 0.0.0.0/0 ')).toEqual({ ok: true, cidr: { version: 4, canonical: '0.0.0.0/0', isWorld: true } });
    expect(parseCidr('172.31.27.190/32')).toMatchObject({ ok: true, cidr: { canonical: '172.31.27.190/32' } });
  });

  it('refuses host bits, bad octets, bad prefixes and missing prefixes with specific messages', () => {
    expect(checkCidr('10.1.2.3/16')).toBe('"10.1.2.3/16" has host bits set: the network is 10.1.0.0/16.');
    expect(checkCidr('10.1.0.300/16')).toBe('"10.1.0.300" is not an IPv4 address (four numbers 0-255).');
    expect(checkCidr('10.1.0.0/33')).toBe('"10.1.0.0/33" has prefix length "33": it must be 0 to 32.');
    expect(checkCidr('10.1.0.0')).toBe('"10.1.0.0" is not a CIDR: add a prefix length, e.g. 10.1.0.0/32.');
  });

  it('parses IPv6, compressing to the canonical form', () => {
    expect(parseCidr('2001:DB8:0:0::/32')).toEqual({
      ok: true,
      cidr: { version: 6, canonical: '2001:db8::/32', isWorld: false },
    });
    expect(parseCidr('::/0')).toMatchObject({ ok: true, cidr: { canonical: '::/0', isWorld: true } });
    expect(checkCidr('2001:db8::1/64')).toBe('"2001:db8::1/64" has host bits set: the network is 2001:db8::/64.');
    expect(checkCidr('2001:db8:::1/64')).toBe('"2001:db8:::1" is not an IPv6 address.');
    expect(checkCidr('::/129')).toMatch(/it must be 0 to 128/);
  });
});

describe('whole rules', () => {
  const rule = {
    groupId: 'sg-0965722cdbe774e58',
    protocol: 'tcp',
    fromPort: 3306,
    toPort: 3306,
    source: { groupId: 'sg-0f2a6c8e4b1d3a579' },
  };

  it('reports every problem by field', () => {
    expect(ingressRuleProblems(rule)).toEqual({});
    expect(
      ingressRuleProblems({ ...rule, groupId: 'x', fromPort: 0, source: { cidr: '1.2.3.4/8' }, description: 'é' }),
    ).toEqual({
      groupId: expect.stringMatching(/"x" is not a security group id/),
      ports: 'From port 0 is out of range: ports run from 1 to 65535.',
      source: '"1.2.3.4/8" has host bits set: the network is 1.0.0.0/8.',
      description: expect.stringMatching(/may use only/),
    });
  });

  it('refuses a bad intent in the contract with the same message', () => {
    const parsed = changeIntentSchema.safeParse({
      kind: 'ec2.authorizeIngress',
      ...rule,
      fromPort: 70000,
      toPort: 70000,
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual([
      'From port 70000 is out of range: ports run from 1 to 65535.',
    ]);
    expect(changeIntentSchema.safeParse({ kind: 'ec2.revokeIngress', ...rule }).success).toBe(true);
  });

  it('labels ports for summaries', () => {
    expect(portLabel('tcp', 3306, 3306)).toBe('tcp 3306');
    expect(portLabel('udp', 8000, 8080)).toBe('udp 8000-8080');
    expect(portLabel('-1')).toBe('all traffic');
    expect(portLabel('icmp', -1, -1)).toBe('icmp');
  });
});
