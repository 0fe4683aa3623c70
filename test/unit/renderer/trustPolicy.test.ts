import { describe, expect, it } from 'vitest';
import { joinWords, summariseTrustPolicy } from '../../../src/renderer/src/model/trustPolicy';

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('summariseTrustPolicy', () => {
  it('names a single service', () => {
    const s = summariseTrustPolicy(
      doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    );
    expect(s.sentence).toBe('Trusted by ec2.amazonaws.com');
    expect(s.allowed).toEqual([{ kind: 'service', label: 'ec2.amazonaws.com', conditional: false }]);
  });

  it('lists several services and accounts in words', () => {
    const s = summariseTrustPolicy(
      doc(
        {
          Effect: 'Allow',
          Principal: { Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] },
          Action: 'sts:AssumeRole',
        },
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' },
      ),
    );
    expect(s.sentence).toBe('Trusted by ec2.amazonaws.com, lambda.amazonaws.com and account 111122223333');
  });

  it('describes role, user and bare-account principals', () => {
    const s = summariseTrustPolicy(
      doc({
        Effect: 'Allow',
        Principal: {
          AWS: [
            'arn:aws:iam::123456789012:role/service-role/Deployer',
            'arn:aws:iam::123456789012:user/edXProjectUser3',
            '444455556666',
          ],
        },
        Action: 'sts:AssumeRole',
      }),
    );
    expect(s.allowed.map((a) => a.label)).toEqual([
      'role Deployer (123456789012)',
      'user edXProjectUser3 (123456789012)',
      'account 444455556666',
    ]);
  });

  it('marks conditions, and accepts a single statement object', () => {
    const s = summariseTrustPolicy(
      JSON.stringify({
        Statement: {
          Effect: 'Allow',
          Principal: { Service: 'elasticbeanstalk.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'elasticbeanstalk' } },
        },
      }),
    );
    expect(s.sentence).toBe('Trusted by elasticbeanstalk.amazonaws.com (with conditions)');
  });

  it('names federated providers and wildcards', () => {
    const s = summariseTrustPolicy(
      doc(
        {
          Effect: 'Allow',
          Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
        },
        { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
      ),
    );
    expect(s.sentence).toBe('Trusted by federated users of token.actions.githubusercontent.com and anyone (*)');
  });

  it('keeps denies apart and says when nobody is trusted', () => {
    const s = summariseTrustPolicy(doc({ Effect: 'Deny', Principal: { Service: 'ec2.amazonaws.com' }, Action: '*' }));
    expect(s.sentence).toBe('Nobody can assume this role');
    expect(s.denied).toEqual(['ec2.amazonaws.com']);
  });

  it('reports unreadable documents instead of throwing', () => {
    expect(summariseTrustPolicy('%7B%22Version').problem).toMatch(/not valid JSON/);
    expect(summariseTrustPolicy('{}').problem).toMatch(/no statements/);
  });

  it('deduplicates a principal named twice', () => {
    const st = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };
    expect(summariseTrustPolicy(doc(st, st)).allowed).toHaveLength(1);
  });
});

describe('joinWords', () => {
  it('joins like a sentence', () => {
    expect(joinWords([])).toBe('');
    expect(joinWords(['a'])).toBe('a');
    expect(joinWords(['a', 'b'])).toBe('a and b');
    expect(joinWords(['a', 'b', 'c'])).toBe('a, b and c');
  });
});
