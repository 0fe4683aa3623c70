import { describe, expect, it } from 'vitest';
import { filterPrincipals, searchPolicies } from '../../../src/renderer/src/model/principals';

const role = (name: string, policies: string[] = [], path = '/') => ({
  name,
  arn: `arn:aws:iam::123456789012:role${path}${name}`,
  attachedPolicies: policies.map((p) => ({ policyName: p, policyArn: `arn:aws:iam::aws:policy/${p}` })),
});

const roles = [
  role('aws-elasticbeanstalk-service-role', ['AWSElasticBeanstalkEnhancedHealth'], '/service-role/'),
  role('EC2_Can_Use_Services', ['AmazonESFullAccess']),
  role('aws-elasticbeanstalk-ec2-role', ['AWSElasticBeanstalkWebTier']),
];

describe('filterPrincipals', () => {
  it('returns everything, sorted by name ignoring case, for an empty query', () => {
    expect(filterPrincipals(roles, '  ').map((r) => r.name)).toEqual([
      'aws-elasticbeanstalk-ec2-role',
      'aws-elasticbeanstalk-service-role',
      'EC2_Can_Use_Services',
    ]);
  });

  it('matches names case-insensitively', () => {
    expect(filterPrincipals(roles, 'ec2_can').map((r) => r.name)).toEqual(['EC2_Can_Use_Services']);
  });

  it('matches ARNs (paths included)', () => {
    expect(filterPrincipals(roles, '/service-role/').map((r) => r.name)).toEqual(['aws-elasticbeanstalk-service-role']);
  });

  it('matches attached policy names', () => {
    expect(filterPrincipals(roles, 'webtier').map((r) => r.name)).toEqual(['aws-elasticbeanstalk-ec2-role']);
  });

  it('needs every word to match', () => {
    expect(filterPrincipals(roles, 'elasticbeanstalk health').map((r) => r.name)).toEqual([
      'aws-elasticbeanstalk-service-role',
    ]);
    expect(filterPrincipals(roles, 'xyz')).toEqual([]);
  });

  it('does not mutate its input', () => {
    const copy = [...roles];
    filterPrincipals(roles, '');
    expect(roles).toEqual(copy);
  });
});

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
