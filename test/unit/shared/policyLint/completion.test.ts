/**
 * What the policy editor offers at the cursor, on half-typed documents as a
 * person has them mid-edit. `|` marks the cursor.
 */
import { describe, expect, it } from 'vitest';
import data from 'virtual:trellis-iam-data';
import { indexIamData } from '../../../../src/shared/policyLint';
import { policyCompletions } from '../../../../src/shared/policyLint/completion';
import { CONDITION_OPERATORS } from '../../../../src/shared/policyLint/conditions';

const iam = indexIamData(data);

function at(marked: string) {
  const pos = marked.indexOf('|');
  const text = marked.replace('|', '');
  const result = policyCompletions(text, pos, iam);
  return (
    result && {
      typed: text.slice(result.from, result.to),
      labels: result.options.map((o) => o.label),
      options: result.options,
    }
  );
}

describe('policy completion', () => {
  it("offers a service's actions after its prefix inside Action, with their access level", () => {
    const found = at('{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:Get|"]}]}');
    expect(found?.typed).toBe('s3:Get');
    expect(found?.labels).toHaveLength(Object.keys(data.services['s3']!.actions).length);
    expect(found?.labels).toContain('s3:GetObject');
    expect(found?.options.find((o) => o.label === 's3:PutBucketPolicy')?.detail).toBe('Permissions management, Write');
    // NotAction too, and a single string rather than a list.
    expect(at('{"Statement": {"NotAction": "iam:|"}}')?.labels).toContain('iam:PassRole');
  });

  it('offers service prefixes before the colon, inserting the colon so actions follow', () => {
    const found = at('{"Statement": [{"Action": "ec|"}]}');
    expect(found?.typed).toBe('ec');
    const ec2 = found?.options.find((o) => o.label === 'ec2');
    expect(ec2).toEqual({ label: 'ec2', apply: 'ec2:', detail: 'Amazon EC2', type: 'namespace' });
    expect(found?.labels).toHaveLength(Object.keys(data.services).length);
  });

  it('offers operators as the keys of Condition', () => {
    const found = at('{"Statement": [{"Action": "s3:GetObject", "Condition": {"Str|"}}]}');
    expect(found?.typed).toBe('Str');
    expect(found?.labels).toEqual(CONDITION_OPERATORS);
    expect(found?.labels).toEqual(
      expect.arrayContaining(['StringEquals', 'ForAnyValue:StringLike', 'IpAddressIfExists', 'Null']),
    );
    expect(found?.labels).not.toContain('NullIfExists');
  });

  it("offers the global keys and the statement's services' keys inside an operator", () => {
    const found = at('{"Statement": [{"Action": ["s3:GetObject"], "Condition": {"StringEquals": {"s3:|": "x"}}}]}');
    expect(found?.typed).toBe('s3:');
    expect(found?.labels).toEqual(expect.arrayContaining(['aws:SourceIp', 'aws:PrincipalTag/tag-key', 's3:prefix']));
    // Only the services the statement uses, not every service's keys.
    expect(found?.labels.some((l) => l.startsWith('rds:'))).toBe(false);
  });

  it('offers Effect values and statement elements, and nothing in Resource or outside the policy grammar', () => {
    expect(at('{"Statement": [{"Effect": "|"}]}')?.labels).toEqual(['Allow', 'Deny']);
    expect(at('{"Statement": [{"Eff|"}]}')?.labels).toContain('NotPrincipal');
    expect(at('{"Statement": [{"Resource": "arn|"}]}')).toBeUndefined();
    expect(at('{"Statement": [{"Action": |"s3:GetObject"}]}')).toBeUndefined();
  });
});
