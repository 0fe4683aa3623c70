/**
 * Access-policy analysis and rewrites on fixtures that are not the training
 * lab: other accounts, partitions and regions, string and list forms.
 */
import { describe, expect, it } from 'vitest';
import {
  allowRole,
  checkPolicyText,
  classifyPolicy,
  dropStatement,
  exposureOf,
  lineDiff,
  parseJson,
  removeIpEntry,
  samePolicy,
} from '../../../src/shared/search';

const ACCOUNT = '210987654321';
const DOMAIN = `arn:aws:es:eu-west-2:${ACCOUNT}:domain/orders`;
const PUBLIC_DOMAIN = { vpc: false, fineGrained: false };
const doc = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe('classifyPolicy', () => {
  it('calls a wildcard principal with no condition public, in each way it can be written', () => {
    for (const principal of ['*', { AWS: '*' }, { AWS: ['*'] }]) {
      const [s] = classifyPolicy(
        doc({ Effect: 'Allow', Principal: principal, Action: 'es:*', Resource: `${DOMAIN}/*` }),
        PUBLIC_DOMAIN,
      );
      expect(s?.classification).toBe('public');
    }
    expect(
      exposureOf(
        classifyPolicy(doc({ Effect: 'Allow', Principal: '*', Action: 'es:*', Resource: '*' }), PUBLIC_DOMAIN),
      ),
    ).toBe('public');
  });

  it('does not call an open policy public on a VPC domain or one with fine-grained access control', () => {
    const text = doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'es:ESHttp*', Resource: `${DOMAIN}/*` });
    for (const exposure of [
      { vpc: true, fineGrained: false },
      { vpc: false, fineGrained: true },
    ]) {
      const statements = classifyPolicy(text, exposure);
      expect(statements[0]?.classification).toBe('open-but-guarded');
      expect(exposureOf(statements)).toBe('restricted');
    }
  });

  it('lists the CIDRs of IpAddress and NotIpAddress conditions and flags the ones that restrict nothing', () => {
    const text = doc(
      {
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'es:ESHttpGet',
        Resource: `${DOMAIN}/*`,
        Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } },
      },
      {
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'es:*',
        Resource: `${DOMAIN}/*`,
        Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } },
      },
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'es:*',
        Resource: `${DOMAIN}/*`,
        Condition: { NotIpAddress: { 'aws:SourceIp': ['198.51.100.7/32'] } },
      },
    );
    const [narrow, open, negated] = classifyPolicy(text, PUBLIC_DOMAIN);
    expect(narrow?.classification).toBe('ip-restricted');
    expect(narrow?.sourceRanges.map((r) => [r.cidr, r.open])).toEqual([
      ['203.0.113.0/24', false],
      ['2001:db8::/32', false],
    ]);
    expect(open?.sourceRanges).toEqual([{ cidr: '0.0.0.0/0', negated: false, open: true }]);
    expect(open?.explanation).toMatch(/open to the internet/);
    expect(negated?.sourceRanges[0]).toMatchObject({ cidr: '198.51.100.7/32', negated: true });
    expect(exposureOf([narrow!])).toBe('ip-restricted');
    expect(exposureOf([narrow!, open!])).toBe('public');
  });

  it('tells account-wide grants (root ARN or bare account id, any partition) from named IAM principals', () => {
    const text = doc(
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'es:*', Resource: `${DOMAIN}/*` },
      { Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'es:*', Resource: `${DOMAIN}/*` },
      { Effect: 'Allow', Principal: { AWS: `arn:aws-cn:iam::${ACCOUNT}:root` }, Action: 'es:*', Resource: '*' },
      {
        Effect: 'Allow',
        Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:role/ingest`, `arn:aws:iam::${ACCOUNT}:user/ops`] },
        Action: ['es:ESHttpPut', 'es:ESHttpPost'],
        Resource: `${DOMAIN}/*`,
      },
      { Effect: 'Deny', Principal: '*', Action: 'es:ESHttpDelete', Resource: `${DOMAIN}/*` },
    );
    expect(classifyPolicy(text, PUBLIC_DOMAIN).map((s) => s.classification)).toEqual([
      'account-wide',
      'account-wide',
      'account-wide',
      'iam-principals',
      'deny',
    ]);
    expect(classifyPolicy(text, PUBLIC_DOMAIN)[3]?.actions).toEqual(['es:ESHttpPut', 'es:ESHttpPost']);
  });

  it('accepts a single Statement object and tolerates text that does not parse', () => {
    const single = JSON.stringify({
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'es:*',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      },
    });
    expect(classifyPolicy(single, PUBLIC_DOMAIN).map((s) => s.classification)).toEqual(['conditional']);
    expect(classifyPolicy('{"Statement": [', PUBLIC_DOMAIN)).toEqual([]);
    expect(exposureOf(classifyPolicy('', PUBLIC_DOMAIN))).toBe('no-policy');
  });
});

describe('rewrites', () => {
  const ipPolicy = doc(
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'es:*', Resource: `${DOMAIN}/*` },
    {
      Sid: 'Office',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'es:*',
      Resource: `${DOMAIN}/*`,
      Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.10', '0.0.0.0/0'] } },
    },
  );

  it('removes one CIDR and keeps the list form; a bare address matches its /32', () => {
    const out = JSON.parse(removeIpEntry(ipPolicy, '0.0.0.0/0'));
    expect(out.Statement[1].Condition.IpAddress['aws:SourceIp']).toEqual(['192.0.2.10']);
    const again = JSON.parse(removeIpEntry(ipPolicy, '192.0.2.10/32'));
    expect(again.Statement[1].Condition.IpAddress['aws:SourceIp']).toEqual(['0.0.0.0/0']);
  });

  it('drops a statement whose last IP entry is removed, instead of leaving it open', () => {
    const single = doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 'es:*',
      Resource: '*',
      Condition: { IpAddress: { 'aws:SourceIp': '198.51.100.9' } },
    });
    expect(JSON.parse(removeIpEntry(single, '198.51.100.9')).Statement).toEqual([]);
    expect(() => removeIpEntry(single, '10.0.0.0/8')).toThrow(
      /No aws:SourceIp condition in the policy lists 10.0.0.0\/8/,
    );
  });

  it('drops a statement by index, pretty printed with the rest untouched', () => {
    const out = dropStatement(ipPolicy, 1);
    expect(out).toBe(JSON.stringify(JSON.parse(doc(JSON.parse(ipPolicy).Statement[0])), null, 2));
    expect(() => dropStatement(ipPolicy, 5)).toThrow(/has no statement 6; it has 2/);
  });

  it('allows a role once, on the domain sub-resources, and creates a policy when there is none', () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/reader`;
    const once = allowRole(ipPolicy, DOMAIN, role);
    const added = JSON.parse(once).Statement[2];
    expect(added).toEqual({ Effect: 'Allow', Principal: { AWS: role }, Action: 'es:ESHttp*', Resource: `${DOMAIN}/*` });
    expect(allowRole(once, DOMAIN, role)).toBe(once);
    expect(JSON.parse(allowRole('', DOMAIN, role))).toMatchObject({ Version: '2012-10-17', Statement: [added] });
  });
});

describe('checking policy text', () => {
  it('reports JSON syntax errors with line and column', () => {
    const res = parseJson('{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow",}\n  ]\n}');
    expect(res).toEqual({
      ok: false,
      message: "JSON syntax error at line 4, column 24: expected a property name in double quotes but found '}'.",
    });
    expect(parseJson('{"a": "b"')).toMatchObject({
      message: expect.stringMatching(/line 1, column 10: expected ',' or '}' but found the end/),
    });
  });

  it('reports shape problems per statement', () => {
    const res = checkPolicyText(
      JSON.stringify({
        Version: '2013-01-01',
        Statement: [{ Sid: 'A', Effect: 'allow', Action: 'es:*', NotAction: 'es:x', Resource: 5 }],
      }),
    );
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.problems).toEqual([
      'Version must be "2012-10-17" (or the older "2008-10-17"), not "2013-01-01".',
      'Statement 1 (A): Effect must be "Allow" or "Deny".',
      'Statement 1 (A): needs exactly one of Action or NotAction.',
      'Statement 1 (A): Resource must be a string or a list of strings.',
    ]);
    expect(checkPolicyText('[]')).toEqual({ ok: false, problems: ['The policy must be a JSON object ({ … }).'] });
    expect(checkPolicyText('{"Version":"2012-10-17"}')).toEqual({
      ok: false,
      problems: ['The policy has no Statement.'],
    });
  });

  it('treats key order and whitespace as the same policy, but not a changed value', () => {
    expect(samePolicy('{"a":1,"b":[1,2]}', '{\n  "b": [1, 2],\n  "a": 1\n}')).toBe(true);
    expect(samePolicy('{"a":1,"b":[1,2]}', '{"a":1,"b":[2,1]}')).toBe(false);
  });

  it('diffs lines as removals and additions', () => {
    expect(lineDiff('a\nb\nc', 'a\nc\nd')).toEqual([
      { change: 'remove', line: 2, text: 'b' },
      { change: 'add', line: 3, text: 'd' },
    ]);
    expect(lineDiff('x\ny', 'x\nz')).toEqual([
      { change: 'remove', line: 2, text: 'y' },
      { change: 'add', line: 2, text: 'z' },
    ]);
  });
});
