import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateApplicationCommand,
  CreateApplicationVersionCommand,
  CreateEnvironmentCommand,
  CreateStorageLocationCommand,
  DeleteApplicationVersionCommand,
  DescribeApplicationVersionsCommand,
  DescribeEnvironmentsCommand,
  ElasticBeanstalkClient,
  UpdateEnvironmentCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { HeadBucketCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ChannelInput } from '../../../src/shared/contract';
import { deployConsole, type DeployConsole } from '../../support/deployConsole';
import { mustCall } from '../../support/rpc';

// A first deploy in an account whose Elastic Beanstalk bucket does not exist
// yet, and the sandbox's storage and version-deletion operations with AWS's
// error codes and words.
let d: DeployConsole;
let bucket: string;
const target = { profile: 'sandbox', region: 'us-east-1' };
const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => mustCall(d.ctx.router, channel, input);

async function status(name: string) {
  return (await d.eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: [name] }))).Environments![0]!;
}

beforeAll(async () => {
  d = await deployConsole({ scenario: 'empty' });
  bucket = `elasticbeanstalk-us-east-1-${d.ctx.sandbox!.accountId}`;
});
afterAll(() => d?.close());

describe('CreateStorageLocation', () => {
  it('creates elasticbeanstalk-<region>-<account> on first use and answers with the same bucket after', async () => {
    await expect(d.s3.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({ name: 'NotFound' });
    const one = await d.eb.send(new CreateStorageLocationCommand({}));
    expect(one.S3Bucket).toBe(bucket);
    expect((await d.s3.send(new HeadBucketCommand({ Bucket: bucket }))).BucketRegion).toBe('us-east-1');
    expect((await d.eb.send(new CreateStorageLocationCommand({}))).S3Bucket).toBe(bucket);
  });
});

describe('a first deploy in a new account', () => {
  beforeAll(async () => {
    await d.eb.send(new CreateApplicationCommand({ ApplicationName: 'shop' }));
    await d.eb.send(
      new CreateEnvironmentCommand({
        ApplicationName: 'shop',
        EnvironmentName: 'shop-prod',
        SolutionStackName: '64bit Amazon Linux 2023 v4.3.0 running Python 3.11',
      }),
    );
    for (let i = 0; i < 20 && (await status('shop-prod')).Status !== 'Ready'; i += 1) {
      d.ctx.sandbox!.advanceClock(60_000);
    }
  });

  it('uploads into the bucket the launch created, registers and deploys, with no undo to a version that never ran', async () => {
    const app = join(d.dir, 'shop');
    mkdirSync(app);
    writeFileSync(join(app, 'application.py'), 'application = object()\n');
    writeFileSync(join(app, 'requirements.txt'), 'gunicorn\n');
    d.choose(app);
    const bundle = (await call('deploy.chooseSource', { kind: 'folder' }))!;
    const pre = await call('deploy.preflight', { target, environmentName: 'shop-prod', bundleId: bundle.id });
    expect(pre).toMatchObject({ blocking: false, generation: 'gunicorn' });

    const plan = await call('changes.plan', {
      target,
      intent: {
        kind: 'beanstalk.deployBundle',
        environmentName: 'shop-prod',
        bundleId: bundle.id,
        sha256: bundle.sha256,
        versionLabel: pre.suggestedLabel,
      },
    });
    expect(plan.steps.map((s) => s.operation)).toEqual(['PutObject', 'CreateApplicationVersion', 'UpdateEnvironment']);
    // Nothing ran before: an environment launched without a version has nothing to go back to.
    expect(plan.undo).toBeNull();

    const out = await call('changes.apply', { planId: plan.id });
    expect(out.entry.steps.map((s) => s.status)).toEqual(['ok', 'ok', 'ok']);
    // Deployed, but this bare account has no instance profile, so no instance runs it: said plainly.
    expect(out.entry.verification).toEqual({
      verified: false,
      detail: `shop-prod runs ${pre.suggestedLabel} and is Ready, health Red, so the app is deployed but not healthy. Causes: None of the instances are sending data.`,
    });
    const key = `shop/${pre.suggestedLabel}-${bundle.sha256.slice(0, 8)}.zip`;
    expect((await d.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength).toBe(bundle.sizeBytes);

    const again = await call('deploy.rebundle', { target, environmentName: 'shop-prod' }).catch(
      (e: Error) => e.message,
    );
    expect(again).toBe(
      `deploy.rebundle: conflict: Version ${pre.suggestedLabel} already has the app at the zip root; there is no folder to move.`,
    );
  });
});

describe('DeleteApplicationVersion in the sandbox', () => {
  async function version(label: string, key: string) {
    await d.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'PK\u0005\u0006' + '\0'.repeat(18) }));
    await d.eb.send(
      new CreateApplicationVersionCommand({
        ApplicationName: 'shop',
        VersionLabel: label,
        SourceBundle: { S3Bucket: bucket, S3Key: key },
      }),
    );
  }
  const labels = async () =>
    (
      (await d.eb.send(new DescribeApplicationVersionsCommand({ ApplicationName: 'shop' }))).ApplicationVersions ?? []
    ).map((v) => v.VersionLabel);

  it('refuses while an environment is deploying the version, with AWS words', async () => {
    await version('pending-v1', 'shop/pending-v1.zip');
    await d.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: 'shop-prod', VersionLabel: 'pending-v1' }));
    await expect(
      d.eb.send(new DeleteApplicationVersionCommand({ ApplicationName: 'shop', VersionLabel: 'pending-v1' })),
    ).rejects.toMatchObject({
      name: 'OperationInProgressException',
      message:
        'Unable to delete application version: pending-v1. An operation is already in progress, please retry again shortly.',
    });
    d.ctx.sandbox!.advanceClock(60_000);
    expect((await status('shop-prod')).Status).toBe('Ready');
  });

  it('deletes the version but reports SourceBundleDeletionFailure when the caller may not delete the object', async () => {
    await version('old-v1', 'shop/old-v1.zip');
    const iam = new IAMClient({ ...d.config, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'release-bot' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'release-bot',
        PolicyName: 'beanstalk-only',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'elasticbeanstalk:*', Resource: '*' }],
        }),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'release-bot' }))).AccessKey!;
    iam.destroy();
    const bot = new ElasticBeanstalkClient({
      ...d.config,
      credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
      maxAttempts: 1,
    });
    try {
      await expect(
        bot.send(
          new DeleteApplicationVersionCommand({
            ApplicationName: 'shop',
            VersionLabel: 'old-v1',
            DeleteSourceBundle: true,
          }),
        ),
      ).rejects.toMatchObject({
        name: 'SourceBundleDeletionException',
        message:
          'Unable to delete the Amazon S3 source bundle associated with the application version. The application version was deleted successfully.',
      });
    } finally {
      bot.destroy();
    }
    expect(await labels()).not.toContain('old-v1');
    expect((await d.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'shop/old-v1.zip' }))).ContentLength).toBe(22);
  });

  it('deletes the object too when asked and allowed, and names a label it does not know', async () => {
    await version('old-v2', 'shop/old-v2.zip');
    await d.eb.send(
      new DeleteApplicationVersionCommand({
        ApplicationName: 'shop',
        VersionLabel: 'old-v2',
        DeleteSourceBundle: true,
      }),
    );
    expect(await labels()).not.toContain('old-v2');
    await expect(d.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'shop/old-v2.zip' }))).rejects.toMatchObject({
      name: 'NotFound',
    });
    await expect(
      d.eb.send(new DeleteApplicationVersionCommand({ ApplicationName: 'shop', VersionLabel: 'old-v2' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue', message: "No Application Version named 'old-v2' found." });
  });
});
