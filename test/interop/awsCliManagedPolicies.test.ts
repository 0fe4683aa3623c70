/**
 * The real AWS CLI against every AWS managed policy the sandbox knows: the
 * CLI's own paginator must walk ListPolicies to the end, botocore must parse
 * GetPolicy, GetPolicyVersion (URL-encoded document) and ListPolicyVersions,
 * and a policy that was not among the lab's must attach and be enforced.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isolatedCliEnv, runAws, runAwsJson } from '../support/awsCli';
import { startTestSandbox, type TestSandbox } from '../support/sandbox';

const S3_READ_ONLY = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';

let sandbox: TestSandbox;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  sandbox = await startTestSandbox({ scenario: 'empty' });
  env = await isolatedCliEnv(sandbox.dir, '');
});

afterEach(async () => {
  await sandbox.dispose();
});

interface PolicyShape {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  DefaultVersionId: string;
  AttachmentCount: number;
  IsAttachable: boolean;
  Description?: string;
  CreateDate: string;
  UpdateDate: string;
}

interface VersionShape {
  Document?: unknown;
  VersionId: string;
  IsDefaultVersion: boolean;
  CreateDate: string;
}

describe('AWS CLI and the AWS managed policies', () => {
  it('list-policies --scope AWS pages through all 1,594', async () => {
    // The CLI pages by itself (100 a call by default), so this is 16 requests.
    const listed = await runAwsJson<{ Policies: PolicyShape[] }>(sandbox.endpoint, env, [
      'iam',
      'list-policies',
      '--scope',
      'AWS',
    ]);
    expect(listed.Policies).toHaveLength(1594);
    expect(new Set(listed.Policies.map((policy) => policy.Arn)).size).toBe(1594);
    expect(listed.Policies.every((policy) => policy.Arn.startsWith('arn:aws:iam::aws:policy/'))).toBe(true);
    const s3 = listed.Policies.find((policy) => policy.Arn === S3_READ_ONLY);
    expect(s3).toMatchObject({ PolicyName: 'AmazonS3ReadOnlyAccess', Path: '/', AttachmentCount: 0 });
    expect(s3?.Description).toBeUndefined();
    const jobFunctions = await runAwsJson<{ Policies: PolicyShape[] }>(sandbox.endpoint, env, [
      'iam',
      'list-policies',
      '--scope',
      'AWS',
      '--path-prefix',
      '/job-function/',
    ]);
    expect(jobFunctions.Policies.map((policy) => policy.PolicyName)).toContain('ViewOnlyAccess');
    expect(jobFunctions.Policies.every((policy) => policy.Path === '/job-function/')).toBe(true);
  });

  it('get-policy, get-policy-version and list-policy-versions on AmazonS3ReadOnlyAccess', async () => {
    const { Policy: policy } = await runAwsJson<{ Policy: PolicyShape }>(sandbox.endpoint, env, [
      'iam',
      'get-policy',
      '--policy-arn',
      S3_READ_ONLY,
    ]);
    expect(policy).toMatchObject({
      PolicyName: 'AmazonS3ReadOnlyAccess',
      Arn: S3_READ_ONLY,
      DefaultVersionId: 'v3',
      IsAttachable: true,
      CreateDate: '2015-02-06T18:40:59Z',
      UpdateDate: '2023-08-10T21:31:39Z',
    });
    expect(policy.PolicyId).toMatch(/^ANPA[A-Z0-9]{17}$/);
    expect(policy.Description).toBe('Read and list access to Amazon S3 and Amazon S3 Object Lambda.');

    const { PolicyVersion: current } = await runAwsJson<{ PolicyVersion: VersionShape }>(sandbox.endpoint, env, [
      'iam',
      'get-policy-version',
      '--policy-arn',
      S3_READ_ONLY,
      '--version-id',
      'v3',
    ]);
    // botocore decodes the URL-encoded document and parses it, as it does against AWS.
    expect(current).toMatchObject({ VersionId: 'v3', IsDefaultVersion: true });
    expect(current.Document).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'],
          Resource: '*',
        },
      ],
    });
    const { PolicyVersion: first } = await runAwsJson<{ PolicyVersion: VersionShape }>(sandbox.endpoint, env, [
      'iam',
      'get-policy-version',
      '--policy-arn',
      S3_READ_ONLY,
      '--version-id',
      'v1',
    ]);
    expect(first).toMatchObject({ VersionId: 'v1', IsDefaultVersion: false });
    expect(first.Document).toMatchObject({ Statement: [{ Action: ['s3:Get*', 's3:List*'] }] });

    const versions = await runAwsJson<{ Versions: VersionShape[] }>(sandbox.endpoint, env, [
      'iam',
      'list-policy-versions',
      '--policy-arn',
      S3_READ_ONLY,
    ]);
    expect(versions.Versions.map((version) => [version.VersionId, version.IsDefaultVersion])).toEqual([
      ['v3', true],
      ['v2', false],
      ['v1', false],
    ]);
    expect(versions.Versions.every((version) => version.Document === undefined)).toBe(true);

    const missing = await runAws(sandbox.endpoint, env, [
      'iam',
      'get-policy-version',
      '--policy-arn',
      S3_READ_ONLY,
      '--version-id',
      'v4',
    ]);
    expect(missing.code).toBe(255);
    expect(missing.stderr).toContain('(NoSuchEntity) when calling the GetPolicyVersion operation');
  });

  it('attach-role-policy with AmazonS3ReadOnlyAccess: the role can list buckets but not put objects', async () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${sandbox.accountId}:root` }, Action: 'sts:AssumeRole' },
      ],
    });
    await runAwsJson(sandbox.endpoint, env, [
      'iam',
      'create-role',
      '--role-name',
      'reader',
      '--assume-role-policy-document',
      trust,
    ]);
    await runAwsJson(sandbox.endpoint, env, ['s3api', 'create-bucket', '--bucket', 'reader-target']);
    const attach = await runAws(sandbox.endpoint, env, [
      'iam',
      'attach-role-policy',
      '--role-name',
      'reader',
      '--policy-arn',
      S3_READ_ONLY,
    ]);
    expect(attach).toEqual({ code: 0, stdout: '', stderr: '' });
    const attached = await runAwsJson<{ AttachedPolicies: Array<{ PolicyName: string; PolicyArn: string }> }>(
      sandbox.endpoint,
      env,
      ['iam', 'list-attached-role-policies', '--role-name', 'reader'],
    );
    expect(attached.AttachedPolicies).toEqual([{ PolicyName: 'AmazonS3ReadOnlyAccess', PolicyArn: S3_READ_ONLY }]);
    const { Policy: counted } = await runAwsJson<{ Policy: PolicyShape }>(sandbox.endpoint, env, [
      'iam',
      'get-policy',
      '--policy-arn',
      S3_READ_ONLY,
    ]);
    expect(counted.AttachmentCount).toBe(1);

    const { Credentials: session } = await runAwsJson<{
      Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    }>(sandbox.endpoint, env, [
      'sts',
      'assume-role',
      '--role-arn',
      `arn:aws:iam::${sandbox.accountId}:role/reader`,
      '--role-session-name',
      'reader-session',
    ]);
    const asReader: NodeJS.ProcessEnv = {
      ...env,
      AWS_ACCESS_KEY_ID: session.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: session.SecretAccessKey,
      AWS_SESSION_TOKEN: session.SessionToken,
    };
    const buckets = await runAwsJson<{ Buckets: Array<{ Name: string }> }>(sandbox.endpoint, asReader, [
      's3api',
      'list-buckets',
    ]);
    expect(buckets.Buckets.map((bucket) => bucket.Name)).toContain('reader-target');
    const put = await runAws(sandbox.endpoint, asReader, [
      's3api',
      'put-object',
      '--bucket',
      'reader-target',
      '--key',
      'note.txt',
    ]);
    expect(put.code).toBe(255);
    expect(put.stderr).toContain('(AccessDenied) when calling the PutObject operation');
    expect(put.stderr).toContain('s3:PutObject');
  });
});
