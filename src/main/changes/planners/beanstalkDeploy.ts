/**
 * Deploying a staged bundle: the EB console's "Upload and deploy" and
 * `eb deploy` as one previewed, journalled change.
 *
 *   CreateStorageLocation  only when the account's EB bucket does not exist yet
 *   PutObject              <bucket>/<application>/<label>-<sha8>.zip
 *   CreateApplicationVersion
 *   UpdateEnvironment      VersionLabel
 *
 * A failure rolls back what was done: a failed CreateApplicationVersion
 * deletes the object just uploaded, a failed UpdateEnvironment deletes the
 * new version and its object, so nothing is left half-done. The bucket stays:
 * it is EB's shared per-region storage, which EB itself never removes.
 * Undo deploys the label that was running before.
 */
import {
  CreateApplicationVersionCommand,
  CreateStorageLocationCommand,
  DeleteApplicationVersionCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import { DeleteObjectCommand, HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { ChangeIntent, DiffRow, Target } from '../../../shared/contract';
import { TrellisError, toAppError } from '../../aws/errors';
import { findVersion } from '../../deploy/applicationVersions';
import { megabytes } from '../../deploy/bundleLimits';
import { checkBundleFor } from '../../deploy/preflight';
import { sha256Of } from '../../deploy/stagedBundles';
import { getCallerIdentity } from '../../services/sts';
import { cliCommand, shellQuote, type CliTarget } from '../cliCommand';
import type { BuiltPlan, ExecutableStep, PlannerContext } from '../types';
import {
  deployLabelStep,
  planCreateVersion,
  planDeleteVersion,
  planDeployVersion,
  redeployUndo,
  updateEnvironmentCli,
} from './beanstalkVersions';
import { waitForDeployment } from './deploymentWait';

type DeployIntent = Extract<
  ChangeIntent,
  {
    kind:
      | 'beanstalk.deployBundle'
      | 'beanstalk.deployVersion'
      | 'beanstalk.deleteVersion'
      | 'beanstalk.createVersion'
      | 'beanstalk.rebundleDeploy';
  }
>;
type DeployBundleIntent = Extract<ChangeIntent, { kind: 'beanstalk.deployBundle' }>;
type RebundleDeployIntent = Extract<ChangeIntent, { kind: 'beanstalk.rebundleDeploy' }>;

export function planDeployment(ctx: PlannerContext, target: Target, intent: DeployIntent): Promise<BuiltPlan> {
  switch (intent.kind) {
    case 'beanstalk.deployBundle':
      return planDeployBundle(ctx, target, intent);
    case 'beanstalk.deployVersion':
      return planDeployVersion(ctx, target, intent);
    case 'beanstalk.deleteVersion':
      return planDeleteVersion(ctx, target, intent);
    case 'beanstalk.createVersion':
      return planCreateVersion(ctx, target, intent);
    case 'beanstalk.rebundleDeploy':
      return planRebundleDeploy(ctx, target, intent);
  }
}

/**
 * The Doctor's one-click fix for F3 and F15: stage the deployed version again with the app folder's
 * contents at the root, then plan its deploy like any other. The plan is journalled as the deploy of
 * that staged bundle, so the entry says exactly what shipped.
 */
async function planRebundleDeploy(
  ctx: PlannerContext,
  target: Target,
  intent: RebundleDeployIntent,
): Promise<BuiltPlan> {
  const staging = ctx.bundles?.rebundleForDeploy?.bind(ctx.bundles);
  if (!staging) {
    throw new TrellisError({ code: 'internal', message: 'No bundle staging area is available.', retryable: false });
  }
  const { bundle, suggestedLabel } = await staging(target, intent.environmentName);
  const deploy: DeployBundleIntent = {
    kind: 'beanstalk.deployBundle',
    environmentName: intent.environmentName,
    bundleId: bundle.id,
    sha256: bundle.sha256,
    versionLabel: intent.versionLabel ?? suggestedLabel,
    description: `${bundle.origin} (re-bundled by Trellis)`.slice(0, 200),
  };
  const plan = await planDeployBundle(ctx, target, deploy);
  return {
    ...plan,
    title: `Re-bundle and deploy ${deploy.versionLabel} to ${intent.environmentName}`,
    displayIntent: deploy,
  };
}

/** `aws s3 cp FILE s3://BUCKET/KEY` with the target's profile, region and endpoint after the positional arguments. */

/** 9 s for S3 to answer, plus the bundle's bytes at 128 KiB/s, the slowest uplink worth waiting for. */
export function uploadTimeoutMs(bytes: number): number {
  return 9_000 + Math.ceil((bytes / (128 * 1024)) * 1000);
}

function s3CopyCli(t: CliTarget, file: string, bucket: string, key: string): string {
  const head = `${t.envPrefix ? `${t.envPrefix} ` : ''}aws s3 cp`;
  const tail = cliCommand(t, 's3', 'cp', {}).slice(head.length);
  return `${head} ${shellQuote(file)} ${shellQuote(`s3://${bucket}/${key}`)}${tail}`;
}

/** EB's bucket for this account and region, and whether it exists; the name is unknown when STS cannot say whose account this is. */
async function storageLocation(
  ctx: PlannerContext,
  target: Target,
): Promise<{ bucket: string | undefined; exists: boolean }> {
  let account: string;
  try {
    account = (await getCallerIdentity(ctx.aws, target)).account;
  } catch {
    return { bucket: undefined, exists: false };
  }
  const bucket = `elasticbeanstalk-${target.region}-${account}`;
  try {
    await ctx.aws.call(target, 's3', 'HeadBucket', (c) => c.send(new HeadBucketCommand({ Bucket: bucket })));
    return { bucket, exists: true };
  } catch (err) {
    // Missing, or not ours to look at (403): CreateStorageLocation is idempotent and answers with the bucket either way.
    const e = toAppError(err);
    if (e.code === 'not-found' || e.code === 'access-denied' || e.httpStatus === 404 || e.httpStatus === 403) {
      return { bucket, exists: false };
    }
    throw err;
  }
}

function failedChecks(titles: string[]): string {
  return `Pre-flight checks failed: ${titles.join('; ')}. Fix the bundle, or deploy anyway with a reason.`;
}

export async function planDeployBundle(
  ctx: PlannerContext,
  target: Target,
  intent: DeployBundleIntent,
): Promise<BuiltPlan> {
  if (!ctx.bundles) {
    throw new TrellisError({ code: 'internal', message: 'No bundle staging area is available.', retryable: false });
  }
  const bundles = ctx.bundles;
  const { environmentName, versionLabel, bundleId } = intent;
  const staged = await bundles.read(bundleId);
  const actualSha = sha256Of(staged.bytes);
  const { result: preflight, environment: env } = await checkBundleFor(
    ctx.aws,
    target,
    environmentName,
    staged.bundle,
    staged.bytes,
  );
  const applicationName = env.ApplicationName ?? '';
  const [existing, location] = await Promise.all([
    findVersion(ctx.aws, target, applicationName, versionLabel),
    storageLocation(ctx, target),
  ]);
  const previous = env.VersionLabel;
  const key = `${applicationName}/${versionLabel}-${actualSha.slice(0, 8)}.zip`;
  const shownBucket = location.bucket ?? `elasticbeanstalk-${target.region}-<account>`;
  let bucket = location.bucket;
  const size = staged.bytes.byteLength;

  const failing = preflight.checks.filter((c) => c.status === 'fail');
  let blocked: string | undefined;
  if (env.Status !== 'Ready') {
    blocked = `Environment ${environmentName} is ${env.Status ?? 'in an unknown state'}; wait until it is Ready.`;
  } else if (actualSha !== intent.sha256) {
    blocked = `The staged bundle changed since it was checked: its sha-256 is now ${actualSha.slice(0, 12)}…, not ${intent.sha256.slice(0, 12)}…. Stage it again.`;
  } else if (existing) {
    // Elastic Beanstalk's own words for a taken label.
    blocked = `Application Version ${versionLabel} already exists.`;
  } else if (failing.length > 0 && !intent.override) {
    blocked = failedChecks(failing.map((c) => c.title));
  }

  const eb = ctx.cliTarget(target, 'elasticbeanstalk');
  const steps: ExecutableStep[] = [];
  if (!location.exists) {
    steps.push({
      service: 'elasticbeanstalk',
      operation: 'CreateStorageLocation',
      input: {},
      summary: `Create Elastic Beanstalk's storage bucket ${shownBucket} (first deploy in ${target.region}; it is kept for later deploys)`,
      run: () =>
        ctx.aws.call(target, 'elasticbeanstalk', 'CreateStorageLocation', async (c) => {
          const out = await c.send(new CreateStorageLocationCommand({}));
          bucket = out.S3Bucket ?? bucket;
          return { requestId: out.$metadata.requestId };
        }),
      // Kept on purpose: every EB deploy in the region uses this bucket, and an empty one costs nothing.
      rollback: () => Promise.resolve(),
    });
  }
  const needBucket = (): string => {
    if (!bucket)
      throw new TrellisError({ code: 'internal', message: 'No storage bucket to upload to.', retryable: false });
    return bucket;
  };
  steps.push(
    {
      service: 's3',
      operation: 'PutObject',
      // Never the body: the journal records what was uploaded by size and hash.
      input: { Bucket: shownBucket, Key: key, ContentLength: size, sha256: actualSha },
      summary: `Upload ${staged.bundle.origin} (${megabytes(size)}, ${staged.bundle.fileCount} files) to s3://${shownBucket}/${key}`,
      run: async () => {
        const fresh = await bundles.read(bundleId);
        if (sha256Of(fresh.bytes) !== intent.sha256) {
          throw new TrellisError({
            code: 'conflict',
            message: 'The staged bundle changed since the preview; nothing was uploaded. Stage it again.',
            retryable: false,
          });
        }
        return ctx.aws.call(target, 's3', 'PutObject', async (c) => {
          const out = await c.send(
            new PutObjectCommand({ Bucket: needBucket(), Key: key, Body: fresh.bytes, ContentType: 'application/zip' }),
            // The request timeout runs until S3 answers, so it must allow for sending the bundle on a slow link.
            { requestTimeout: uploadTimeoutMs(fresh.bytes.length) },
          );
          return { requestId: out.$metadata.requestId };
        });
      },
      rollback: async () => {
        await ctx.aws.call(target, 's3', 'DeleteObject', (c) =>
          c.send(new DeleteObjectCommand({ Bucket: needBucket(), Key: key })),
        );
      },
    },
    {
      service: 'elasticbeanstalk',
      operation: 'CreateApplicationVersion',
      input: {
        ApplicationName: applicationName,
        VersionLabel: versionLabel,
        ...(intent.description ? { Description: intent.description } : {}),
        SourceBundle: { S3Bucket: shownBucket, S3Key: key },
      },
      summary: `Register application version ${versionLabel} of ${applicationName}`,
      run: () =>
        ctx.aws.call(target, 'elasticbeanstalk', 'CreateApplicationVersion', async (c) => {
          const out = await c.send(
            new CreateApplicationVersionCommand({
              ApplicationName: applicationName,
              VersionLabel: versionLabel,
              ...(intent.description ? { Description: intent.description } : {}),
              SourceBundle: { S3Bucket: needBucket(), S3Key: key },
              Process: false,
            }),
          );
          return { requestId: out.$metadata.requestId };
        }),
      // The object goes with the PutObject step's own rollback.
      rollback: async () => {
        await ctx.aws.call(target, 'elasticbeanstalk', 'DeleteApplicationVersion', (c) =>
          c.send(
            new DeleteApplicationVersionCommand({
              ApplicationName: applicationName,
              VersionLabel: versionLabel,
              DeleteSourceBundle: false,
            }),
          ),
        );
      },
    },
    deployLabelStep(ctx, target, environmentName, versionLabel),
  );

  const diff: DiffRow[] = [
    { change: 'modify', label: 'Application version', before: previous ?? '(none)', after: versionLabel },
    {
      change: 'add',
      label: 'Source bundle',
      after: `s3://${shownBucket}/${key} (${megabytes(size)}, ${staged.bundle.fileCount} files, from ${staged.bundle.origin})`,
    },
  ];
  if (intent.override && failing.length > 0) {
    diff.push({
      change: 'add',
      label: 'Pre-flight override',
      after: `${failing.map((c) => c.title).join('; ')}: ${intent.override.reason}`,
    });
  }
  const override =
    intent.override && failing.length > 0
      ? ` Pre-flight checks failed (${failing.map((c) => c.title).join('; ')}) and are overridden: “${intent.override.reason}”.`
      : '';
  return {
    title: `Deploy ${versionLabel} to ${environmentName}`,
    resource: { service: 'elasticbeanstalk', type: 'environment', name: environmentName },
    diff,
    steps,
    cli: [
      ...(location.exists ? [] : [cliCommand(eb, 'elasticbeanstalk', 'create-storage-location', {})]),
      s3CopyCli(ctx.cliTarget(target, 's3'), staged.file ?? `${staged.bundle.origin}.zip`, shownBucket, key),
      cliCommand(eb, 'elasticbeanstalk', 'create-application-version', {
        'application-name': applicationName,
        'version-label': versionLabel,
        description: intent.description,
        'source-bundle': `S3Bucket=${shownBucket},S3Key=${key}`,
      }),
      updateEnvironmentCli(eb, environmentName, versionLabel),
    ],
    permissions: [
      ...(location.exists ? [] : ['elasticbeanstalk:CreateStorageLocation', 's3:CreateBucket']),
      's3:PutObject',
      's3:DeleteObject',
      'elasticbeanstalk:CreateApplicationVersion',
      'elasticbeanstalk:DeleteApplicationVersion',
      'elasticbeanstalk:UpdateEnvironment',
      'elasticbeanstalk:DescribeEnvironments',
      's3:GetObject',
      'cloudformation:UpdateStack',
    ],
    risk: {
      level: override ? 'high' : 'medium',
      note: `${environmentName} replaces its running app with ${versionLabel}; the app restarts on every instance and requests can fail for a minute or two. Verifying waits for the environment to be Ready again.${override}`,
    },
    undo: redeployUndo(eb, environmentName, previous),
    blocked,
    bundle: {
      origin: staged.bundle.origin,
      sizeBytes: staged.bundle.sizeBytes,
      fileCount: staged.bundle.fileCount,
      files: staged.bundle.files,
      checks: preflight.checks,
    },
    verify: () => waitForDeployment(ctx, target, environmentName, versionLabel),
  };
}
