import { describe, expect, it } from 'vitest';
import {
  complement,
  coversAFamily,
  intersect,
  isEmpty,
  parseCidr,
  setOf,
  share,
} from '../../../src/shared/diagnostics/ipRanges';
import { removeStatementIps } from '../../../src/shared/diagnostics/sourceIpEdits';

describe('address ranges', () => {
  it('parses IPv4 and IPv6 ranges, single addresses, and ignores host bits as IAM does', () => {
    expect(parseCidr('10.1.2.3/8')).toEqual({ family: 4, start: 10n << 24n, end: (11n << 24n) - 1n, prefix: 8 });
    expect(parseCidr('203.0.113.7')).toMatchObject({ prefix: 32, start: parseCidr('203.0.113.7/32')?.start });
    expect(parseCidr('::/0')).toMatchObject({ family: 6, start: 0n, end: (1n << 128n) - 1n, prefix: 0 });
    expect(parseCidr('2001:db8::/32')?.start).toBe(0x20010db8n << 96n);
    expect(parseCidr('::ffff:192.0.2.1')?.start).toBe((0xffffn << 32n) + (192n << 24n) + (2n << 8n) + 1n);
    for (const bad of ['', '10.0.0.256', '10.0.0.0/33', '1::2::3', '10.0.0.0/8/8', 'example.com', '::/129']) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });

  it('adds up, intersects and complements sets', () => {
    expect(coversAFamily(setOf(['0.0.0.0/1', '128.0.0.0/1']))).toBe(true);
    expect(coversAFamily(setOf(['0.0.0.0/1', '128.0.0.0/2']))).toBe(false);
    expect(share(setOf(['0.0.0.0/1', '10.0.0.0/8']), 4)).toBe(0.5);
    expect(share(setOf(['::/1']), 6)).toBe(0.5);
    const exceptPrivate = complement(setOf(['10.0.0.0/8']));
    expect(share(exceptPrivate, 4)).toBeCloseTo(1 - 1 / 256, 6);
    expect(share(exceptPrivate, 6)).toBe(1);
    expect(isEmpty(intersect(setOf(['10.0.0.0/8']), setOf(['192.168.0.0/16'])))).toBe(true);
    expect(intersect(setOf(['10.0.0.0/8']), setOf(['10.1.0.0/16', '172.16.0.0/12']))).toEqual(setOf(['10.1.0.0/16']));
  });
});

describe('narrowing one statement’s allow-list', () => {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'es:*',
        Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.7', '0.0.0.0/0'] } },
      },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 'es:*',
        Condition: { NotIpAddress: { 'aws:SourceIp': ['0.0.0.0/0'] } },
      },
    ],
  });

  it('removes entries from that statement only, never from a Deny or a NotIpAddress list', () => {
    const out = JSON.parse(removeStatementIps(policy, 0, ['0.0.0.0/0'])) as {
      Statement: Array<{ Condition: unknown }>;
    };
    expect(out.Statement[0]?.Condition).toEqual({ IpAddress: { 'aws:SourceIp': ['203.0.113.7'] } });
    expect(out.Statement[1]?.Condition).toEqual({ NotIpAddress: { 'aws:SourceIp': ['0.0.0.0/0'] } });
  });

  it('drops the statement when its list empties, and says when there is nothing to remove', () => {
    const out = JSON.parse(removeStatementIps(policy, 0, ['203.0.113.7/32', '0.0.0.0/0'])) as { Statement: unknown[] };
    expect(out.Statement).toHaveLength(1);
    expect(() => removeStatementIps(policy, 1, ['0.0.0.0/0'])).toThrow('Statement 2 lists none of 0.0.0.0/0.');
    expect(() => removeStatementIps('{', 0, ['x'])).toThrow(/JSON syntax error/);
  });
});
