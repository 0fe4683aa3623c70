import { describe, expect, it } from 'vitest';
import { motoConsole } from '../support/motoConsole';

// moto loads AWS's managed policies (MOTO_IAM_LOAD_MANAGED_POLICIES) from its
// own, older copy; the console lists whatever the endpoint has and adds the
// descriptions it knows for those ARNs.
const { call, target } = motoConsole('managed-policies', async () => {});

describe('iam.listManagedPolicies against moto', () => {
  it('lists moto’s AWS managed policies with the descriptions the bundled set knows', async () => {
    const policies = await call('iam.listManagedPolicies', { target });
    expect(policies.length).toBeGreaterThan(1000);
    expect(policies.every((policy) => policy.arn.startsWith('arn:aws:iam::aws:policy/'))).toBe(true);
    expect(new Set(policies.map((policy) => policy.arn)).size).toBe(policies.length);
    expect(policies.find((policy) => policy.name === 'AmazonS3ReadOnlyAccess')).toMatchObject({
      description: 'Read and list access to Amazon S3 and Amazon S3 Object Lambda.',
      descriptionDerived: true,
    });
    expect(policies.find((policy) => policy.name === 'ReadOnlyAccess')?.description).toBe(
      'Provides read-only access to AWS services and resources.',
    );
  });
});
