import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListPoliciesCommand,
  type ListPoliciesCommandInput,
  ListPolicyVersionsCommand,
  type Policy,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { awsError, decodeDocument } from './awsErrors';

const AWS = 'arn:aws:iam::aws:policy/';
const OWN = 'arn:aws:iam::570589970431:policy/';
const DOCUMENT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'es:ESHttp*', Resource: 'arn:aws:es:us-east-1:570589970431:domain/flask/*' }],
});

let sandbox: TestSandbox;
let iam: IAMClient;

beforeEach(async () => {
  sandbox = await startTestSandbox({ now: () => new Date('2026-11-22T03:49:14Z') });
  iam = new IAMClient(sandbox.clientConfig());
});

afterEach(async () => {
  iam.destroy();
  await sandbox.dispose();
});

async function listAll(input: ListPoliciesCommandInput): Promise<{ policies: Policy[]; pages: number }> {
  const policies: Policy[] = [];
  let marker: string | undefined;
  let pages = 0;
  do {
    const page = await iam.send(new ListPoliciesCommand({ ...input, Marker: marker }));
    policies.push(...(page.Policies ?? []));
    expect(page.IsTruncated).toBe(page.Marker !== undefined);
    marker = page.Marker;
    pages += 1;
  } while (marker !== undefined);
  return { policies, pages };
}

describe('listing managed policies', () => {
  it('lists AWS managed and local policies by scope', async () => {
    const aws = await iam.send(new ListPoliciesCommand({ Scope: 'AWS' }));
    // Every AWS managed policy is known, so the first page is a full default page of 100.
    expect(aws.Policies).toHaveLength(100);
    expect(aws.IsTruncated).toBe(true);
    expect(aws.Policies?.every((policy) => policy.Arn?.startsWith(AWS))).toBe(true);
    const local = await iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
    expect(local.Policies?.map((policy) => policy.PolicyName)).toEqual([
      'edXProjectPolicy',
      'ElasticsearchDomainAccess',
    ]);
    const all = await listAll({ MaxItems: 1000 });
    expect(all.policies).toHaveLength(1594 + 2);
    expect(all.pages).toBe(2);
  });

  it('pages over every AWS managed policy exactly once, leaving out the unattached retired one', async () => {
    const { policies, pages } = await listAll({ Scope: 'AWS', MaxItems: 1000 });
    expect(pages).toBe(2);
    const names = policies.map((policy) => policy.PolicyName);
    expect(new Set(names).size).toBe(1594);
    expect(names).toEqual(expect.arrayContaining(['IAMFullAccess', 'AmazonS3ReadOnlyAccess', 'ReadOnlyAccess']));
    expect(names).not.toContain('AWSElasticBeanstalkFullAccess');
    const small = await listAll({ Scope: 'AWS', PathPrefix: '/job-function/', MaxItems: 2 });
    expect(small.pages).toBe(6);
    expect(new Set(small.policies.map((policy) => policy.PolicyName)).size).toBe(11);
  });

  it('filters to attached policies, by usage and by path', async () => {
    const attached = await iam.send(new ListPoliciesCommand({ OnlyAttached: true }));
    expect(attached.Policies?.map((policy) => policy.PolicyName).sort()).toEqual(
      [
        'AmazonRekognitionReadOnlyAccess',
        'AmazonS3FullAccess',
        'AWSElasticBeanstalkEnhancedHealth',
        'AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy',
        'AWSElasticBeanstalkMulticontainerDocker',
        'AWSElasticBeanstalkWebTier',
        'AWSElasticBeanstalkWorkerTier',
        'edXProjectPolicy',
        'ElasticsearchDomainAccess',
      ].sort(),
    );
    const boundaries = await iam.send(new ListPoliciesCommand({ PolicyUsageFilter: 'PermissionsBoundary' }));
    expect(boundaries.Policies).toEqual([]);
    const serviceRole = await listAll({ PathPrefix: '/service-role/', MaxItems: 1000 });
    expect(serviceRole.policies).toHaveLength(227);
    expect(serviceRole.policies.every((policy) => policy.Path === '/service-role/')).toBe(true);
    expect(serviceRole.policies.map((policy) => policy.Arn)).toContain(
      `${AWS}service-role/AWSElasticBeanstalkEnhancedHealth`,
    );
    const s3 = attached.Policies?.find((policy) => policy.PolicyName === 'AmazonS3FullAccess');
    expect(s3).toMatchObject({
      AttachmentCount: 2,
      IsAttachable: true,
      DefaultVersionId: 'v2',
      PolicyId: 'ANPAIFIR6V6BVTRAHWINE',
    });
  });
});

describe('reading a managed policy', () => {
  it('gets a policy with its description and counts', async () => {
    const { Policy: policy } = await iam.send(new GetPolicyCommand({ PolicyArn: `${OWN}ElasticsearchDomainAccess` }));
    expect(policy).toMatchObject({
      PolicyName: 'ElasticsearchDomainAccess',
      Arn: `${OWN}ElasticsearchDomainAccess`,
      Path: '/',
      DefaultVersionId: 'v1',
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
    });
    expect(policy?.Description).toContain('test-domain');
    const retired = await iam.send(new GetPolicyCommand({ PolicyArn: `${AWS}AWSElasticBeanstalkFullAccess` }));
    expect(retired.Policy?.IsAttachable).toBe(false);
  });

  it("gets the jumpbox policy's document: es:ESHttp* on the seed 000 domain", async () => {
    const { PolicyVersion: version } = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: `${OWN}ElasticsearchDomainAccess`, VersionId: 'v1' }),
    );
    expect(version?.IsDefaultVersion).toBe(true);
    expect(decodeDocument(version?.Document)).toMatchObject({
      Statement: [{ Action: 'es:ESHttp*', Resource: 'arn:aws:es:us-east-1:570589970431:domain/test-domain/*' }],
    });
  });

  it('serves AWS managed documents and lists their versions', async () => {
    const { PolicyVersion: version } = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: `${AWS}IAMFullAccess`, VersionId: 'v2' }),
    );
    expect(decodeDocument(version?.Document)).toMatchObject({
      Statement: [{ Effect: 'Allow', Action: expect.arrayContaining(['iam:*']) }],
    });
    const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: `${AWS}IAMFullAccess` }));
    expect(versions.Versions?.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([
      ['v2', true],
      ['v1', false],
    ]);
    expect(versions.Versions?.[0]?.Document).toBeUndefined();
    const first = await iam.send(new GetPolicyVersionCommand({ PolicyArn: `${AWS}IAMFullAccess`, VersionId: 'v1' }));
    expect(first.PolicyVersion).toMatchObject({
      IsDefaultVersion: false,
      CreateDate: new Date('2015-02-06T18:40:38Z'),
    });
    expect(decodeDocument(first.PolicyVersion?.Document)).toMatchObject({ Statement: [{ Effect: 'Allow' }] });
  });

  it('reports unknown policies and versions as NoSuchEntity', async () => {
    const policy = await awsError(iam.send(new GetPolicyCommand({ PolicyArn: `${OWN}Nope` })));
    expect(policy).toMatchObject({ code: 'NoSuchEntity', status: 404 });
    expect(policy.message).toBe('Policy arn:aws:iam::570589970431:policy/Nope was not found.');
    const version = await awsError(
      iam.send(new GetPolicyVersionCommand({ PolicyArn: `${AWS}IAMFullAccess`, VersionId: 'v3' })),
    );
    expect(version).toMatchObject({ code: 'NoSuchEntity', status: 404 });
  });
});

describe('creating and deleting managed policies', () => {
  it('creates a local policy that is then listed, readable and attachable', async () => {
    const created = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'FlaskEsAccess',
        PolicyDocument: DOCUMENT,
        Path: '/app/',
        Description: 'F13',
      }),
    );
    expect(created.Policy).toMatchObject({
      PolicyName: 'FlaskEsAccess',
      Arn: `${OWN}app/FlaskEsAccess`,
      DefaultVersionId: 'v1',
      AttachmentCount: 0,
    });
    expect(created.Policy?.PolicyId).toMatch(/^ANPA[A-Z0-9]{17}$/);
    expect(created.Policy?.CreateDate?.toISOString()).toBe('2026-11-22T03:49:14.000Z');
    const { PolicyVersion: version } = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: `${OWN}app/FlaskEsAccess`, VersionId: 'v1' }),
    );
    expect(decodeURIComponent(version?.Document ?? '')).toBe(DOCUMENT);
    const local = await iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
    expect(local.Policies?.map((policy) => policy.PolicyName)).toContain('FlaskEsAccess');
  });

  it('refuses duplicates and malformed documents', async () => {
    const duplicate = await awsError(
      iam.send(new CreatePolicyCommand({ PolicyName: 'edXProjectPolicy', PolicyDocument: DOCUMENT })),
    );
    expect(duplicate).toMatchObject({ code: 'EntityAlreadyExists', status: 409 });
    expect(duplicate.message).toBe('A policy called edXProjectPolicy already exists. Duplicate names are not allowed.');
    const malformed = await awsError(
      iam.send(new CreatePolicyCommand({ PolicyName: 'broken', PolicyDocument: '{"Statement":' })),
    );
    expect(malformed).toMatchObject({ code: 'MalformedPolicyDocument', status: 400 });
  });

  it('deletes a policy only once nothing uses it, and never an AWS managed one', async () => {
    const arn = `${OWN}ElasticsearchDomainAccess`;
    const inUse = await awsError(iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
    expect(inUse).toMatchObject({ code: 'DeleteConflict', status: 409 });
    expect(inUse.message).toBe('Cannot delete a policy attached to entities.');
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'EC2_Can_Use_Services', PolicyArn: arn }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    const gone = await awsError(iam.send(new GetPolicyCommand({ PolicyArn: arn })));
    expect(gone.code).toBe('NoSuchEntity');
    const reattach = await awsError(
      iam.send(new AttachRolePolicyCommand({ RoleName: 'EC2_Can_Use_Services', PolicyArn: arn })),
    );
    expect(reattach.code).toBe('NoSuchEntity');

    const awsManaged = await awsError(iam.send(new DeletePolicyCommand({ PolicyArn: `${AWS}IAMFullAccess` })));
    expect(awsManaged).toMatchObject({ code: 'AccessDenied', status: 403 });
    expect(awsManaged.message).toBe(
      'User: arn:aws:iam::570589970431:root is not authorized to perform: iam:DeletePolicy on resource: policy arn:aws:iam::aws:policy/IAMFullAccess',
    );
  });
});
