import { describe, expect, it } from 'vitest';
import { searchPolicies } from '../../../src/renderer/src/model/principals';

describe('searchPolicies', () => {
  const policies = [
    { name: 'AmazonS3ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' },
    { name: 'IAMReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' },
    { name: 'IAMFullAccess', arn: 'arn:aws:iam::aws:policy/IAMFullAccess' },
    { name: 'Other', arn: 'arn:aws:iam::aws:policy/Other', description: 'Grants IAM things' },
  ];

  it('returns nothing for an empty query', () => {
    expect(searchPolicies(policies, ' ')).toEqual([]);
  });

  it('puts prefix matches first, then other name matches, then description matches', () => {
    expect(searchPolicies(policies, 'iam').map((p) => p.name)).toEqual(['IAMFullAccess', 'IAMReadOnlyAccess', 'Other']);
    expect(searchPolicies(policies, 'readonly').map((p) => p.name)).toEqual([
      'AmazonS3ReadOnlyAccess',
      'IAMReadOnlyAccess',
    ]);
  });

  it('honours the limit', () => {
    expect(searchPolicies(policies, 'access', 2)).toHaveLength(2);
  });
});
