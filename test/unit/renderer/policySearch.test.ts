import { describe, expect, it } from 'vitest';
import { policySearchIndex, searchPolicyIndex } from '../../../src/renderer/src/model/policySearch';

const AWS = 'arn:aws:iam::aws:policy/';

describe('searching every managed policy', () => {
  const curated = { name: 'AmazonS3FullAccess', arn: `${AWS}AmazonS3FullAccess`, curated: true };
  const many = Array.from({ length: 1600 }, (_, i) => ({
    name: `Policy${String(i).padStart(4, '0')}`,
    arn: `${AWS}service-role/Policy${String(i).padStart(4, '0')}`,
    description: i % 2 === 0 ? 'Read and list access to Amazon S3.' : 'Write access to Amazon EC2.',
  }));
  const index = policySearchIndex([
    curated,
    ...many,
    {
      name: 'AmazonS3ReadOnlyAccess',
      arn: `${AWS}AmazonS3ReadOnlyAccess`,
      description: 'Read and list access to Amazon S3.',
    },
    { name: 'MyAmazonS3Helper', arn: 'arn:aws:iam::123456789012:policy/MyAmazonS3Helper' },
    // The listed copy of a curated policy: the curated entry (with its hints) wins.
    { name: 'AmazonS3FullAccess', arn: `${AWS}AmazonS3FullAccess`, description: 'listed copy' },
  ]);

  it('ranks curated first, then name prefix, then name substring, then description', () => {
    const result = searchPolicyIndex(index, ' amazons3 ', 50);
    expect(result.shown.map((policy) => policy.name)).toEqual([
      'AmazonS3FullAccess',
      'AmazonS3ReadOnlyAccess',
      'MyAmazonS3Helper',
    ]);
    expect(result.shown[0]).toBe(curated);
    const byDescription = searchPolicyIndex(index, 'amazon s3', 50);
    expect(byDescription.shown[0]?.name).toBe('AmazonS3ReadOnlyAccess');
    expect(byDescription.total).toBe(801);
  });

  it('shows at most the limit and counts the rest', () => {
    const result = searchPolicyIndex(index, 'policy', 50);
    expect(result.shown).toHaveLength(50);
    expect(result.total).toBe(1600);
    expect(result.shown[0]?.name).toBe('Policy0000');
    expect(searchPolicyIndex(index, 'service-role/', 50).total).toBe(1600);
    expect(searchPolicyIndex(index, '   ', 50)).toEqual({ shown: [], total: 0 });
    expect(searchPolicyIndex(index, 'no such thing', 50)).toEqual({ shown: [], total: 0 });
  });

  it('stays fast over 1,600 policies', () => {
    const started = performance.now();
    for (let i = 0; i < 100; i += 1) searchPolicyIndex(index, i % 2 === 0 ? 'a' : 'access', 50);
    // 100 keystrokes' worth; generous for a shared CI machine, far below a frame each.
    expect((performance.now() - started) / 100).toBeLessThan(16);
  });
});
