/**
 * Application versions already in Elastic Beanstalk: deploy (or roll back
 * to) any of them, delete one, and register an S3 object as a version again
 * (the undo of a deletion that kept its object).
 */
import {
  CreateApplicationVersionCommand,
  DeleteApplicationVersionCommand,
  UpdateEnvironmentCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import type { ChangeIntent, Target } from '../../../shared/contract';
import { findVersion, headObject } from '../../deploy/applicationVersions';
import { describeEnvironment, describeEnvironments } from '../../services/beanstalkEnvironments';
import { cliCommand, type CliTarget } from '../cliCommand';
import type { BuiltPlan, ExecutableStep, PlannerContext } from '../types';
import { waitForDeployment } from './deploymentWait';

type DeployVersionIntent = Extract<ChangeIntent, { kind: 'beanstalk.deployVersion' }>;
type DeleteVersionIntent = Extract<ChangeIntent, { kind: 'beanstalk.deleteVersion' }>;
type CreateVersionIntent = Extract<ChangeIntent, { kind: 'beanstalk.createVersion' }>;

export function updateEnvironmentCli(t: CliTarget, environmentName: string, versionLabel: string): string {
  return cliCommand(t, 'elasticbeanstalk', 'update-environment', {
    'environment-name': environmentName,
    'version-label': versionLabel,
  });
}

/** UpdateEnvironment with a VersionLabel: the step every deploy and roll-back ends with. */
export function deployLabelStep(
  ctx: PlannerContext,
  target: Target,
  environmentName: string,
  versionLabel: string,
): ExecutableStep {
  return {
    service: 'elasticbeanstalk',
    operation: 'UpdateEnvironment',
    input: { EnvironmentName: environmentName, VersionLabel: versionLabel },
    summary: `Deploy ${versionLabel} to ${environmentName}`,
    run: () =>
      ctx.aws.call(target, 'elasticbeanstalk', 'UpdateEnvironment', async (c) => {
        const out = await c.send(
          new UpdateEnvironmentCommand({ EnvironmentName: environmentName, VersionLabel: versionLabel }),
        );
        return { requestId: out.$metadata.requestId };
      }),
  };
}

/** The undo of any deploy: the label that ran before, deployed again; none when nothing ran. */
export function redeployUndo(eb: CliTarget, environmentName: string, previous: string | undefined): BuiltPlan['undo'] {
  return previous
    ? {
        intent: { kind: 'beanstalk.deployVersion', environmentName, versionLabel: previous },
        summary: `Deploy ${previous} to ${environmentName} again`,
        cli: [updateEnvironmentCli(eb, environmentName, previous)],
      }
    : null;
}

/** Elastic Beanstalk's own words for a label it does not know. */
const noSuchVersion = (label: string) => `No Application Version named '${label}' found.`;

export async function planDeployVersion(
  ctx: PlannerContext,
  target: Target,
  intent: DeployVersionIntent,
): Promise<BuiltPlan> {
  const { environmentName, versionLabel } = intent;
  const env = await describeEnvironment(ctx.aws, target, environmentName);
  const applicationName = env.ApplicationName ?? '';
  const version = await findVersion(ctx.aws, target, applicationName, versionLabel);
  const source = version?.SourceBundle;
  const head =
    source?.S3Bucket && source.S3Key ? await headObject(ctx.aws, target, source.S3Bucket, source.S3Key) : undefined;
  const previous = env.VersionLabel;

  let blocked: string | undefined;
  let unchanged = false;
  if (env.Status !== 'Ready') {
    blocked = `Environment ${environmentName} is ${env.Status ?? 'in an unknown state'}; wait until it is Ready.`;
  } else if (!version) {
    blocked = noSuchVersion(versionLabel);
  } else if (previous === versionLabel) {
    unchanged = true;
    blocked = `${environmentName} already runs ${versionLabel}.`;
  } else if (head && 'missing' in head && head.missing) {
    blocked = `The source bundle of ${versionLabel} (s3://${source?.S3Bucket ?? ''}/${source?.S3Key ?? ''}) no longer exists, so Elastic Beanstalk could not deploy it.`;
  }

  const eb = ctx.cliTarget(target, 'elasticbeanstalk');
  return {
    title: `Deploy ${versionLabel} to ${environmentName}`,
    resource: { service: 'elasticbeanstalk', type: 'environment', name: environmentName },
    diff: [{ change: 'modify', label: 'Application version', before: previous ?? '(none)', after: versionLabel }],
    steps: [deployLabelStep(ctx, target, environmentName, versionLabel)],
    cli: [updateEnvironmentCli(eb, environmentName, versionLabel)],
    permissions: [
      'elasticbeanstalk:UpdateEnvironment',
      'elasticbeanstalk:DescribeEnvironments',
      's3:GetObject',
      'cloudformation:UpdateStack',
    ],
    risk: {
      level: 'medium',
      note: `${environmentName} replaces its running app with ${versionLabel}; the app restarts on every instance and requests can fail for a minute or two.`,
    },
    undo: redeployUndo(eb, environmentName, previous),
    blocked,
    unchanged,
    verify: () => waitForDeployment(ctx, target, environmentName, versionLabel),
  };
}

export async function planDeleteVersion(
  ctx: PlannerContext,
  target: Target,
  intent: DeleteVersionIntent,
): Promise<BuiltPlan> {
  const { applicationName, versionLabel, deleteSourceBundle } = intent;
  const [version, environments] = await Promise.all([
    findVersion(ctx.aws, target, applicationName, versionLabel),
    describeEnvironments(ctx.aws, target),
  ]);
  const running = environments
    .filter((e) => e.ApplicationName === applicationName && e.VersionLabel === versionLabel)
    .map((e) => e.EnvironmentName ?? '');
  const bucket = version?.SourceBundle?.S3Bucket;
  const key = version?.SourceBundle?.S3Key;
  const where = bucket && key ? `s3://${bucket}/${key}` : undefined;

  let blocked: string | undefined;
  let unchanged = false;
  if (!version) {
    unchanged = true;
    blocked = noSuchVersion(versionLabel);
  } else if (running.length > 0) {
    blocked = `Version ${versionLabel} is deployed to ${running.join(', ')}; deploy another version there before deleting it.`;
  }

  const eb = ctx.cliTarget(target, 'elasticbeanstalk');
  const keepsObject = !deleteSourceBundle && bucket !== undefined && key !== undefined;
  return {
    title: `Delete version ${versionLabel} of ${applicationName}${deleteSourceBundle ? ' and its source bundle' : ''}`,
    resource: { service: 'elasticbeanstalk', type: 'application-version', name: `${applicationName}/${versionLabel}` },
    diff: [
      { change: 'remove', label: 'Application version', before: versionLabel },
      ...(where
        ? [
            deleteSourceBundle
              ? { change: 'remove' as const, label: 'Source bundle', before: where }
              : { change: 'modify' as const, label: 'Source bundle', before: where, after: `${where} (kept)` },
          ]
        : []),
    ],
    steps: [
      {
        service: 'elasticbeanstalk',
        operation: 'DeleteApplicationVersion',
        input: { ApplicationName: applicationName, VersionLabel: versionLabel, DeleteSourceBundle: deleteSourceBundle },
        summary: `Delete version ${versionLabel}${deleteSourceBundle && where ? ` and ${where}` : ''}`,
        run: () =>
          ctx.aws.call(target, 'elasticbeanstalk', 'DeleteApplicationVersion', async (c) => {
            const out = await c.send(
              new DeleteApplicationVersionCommand({
                ApplicationName: applicationName,
                VersionLabel: versionLabel,
                DeleteSourceBundle: deleteSourceBundle,
              }),
            );
            return { requestId: out.$metadata.requestId };
          }),
      },
    ],
    cli: [
      cliCommand(eb, 'elasticbeanstalk', 'delete-application-version', {
        'application-name': applicationName,
        'version-label': versionLabel,
        'delete-source-bundle': deleteSourceBundle,
      }),
    ],
    permissions: ['elasticbeanstalk:DeleteApplicationVersion', ...(deleteSourceBundle ? ['s3:DeleteObject'] : [])],
    risk: deleteSourceBundle
      ? {
          level: 'high',
          note: `Deletes the version and its source bundle${where ? ` ${where}` : ''} for good; neither can be restored, and no environment can roll back to ${versionLabel}.`,
        }
      : {
          level: 'low',
          note: `Removes ${versionLabel} from the versions list; its source bundle${where ? ` ${where}` : ''} stays in S3, so undo can register it again.`,
        },
    undo: keepsObject
      ? {
          intent: {
            kind: 'beanstalk.createVersion',
            applicationName,
            versionLabel,
            ...(version?.Description ? { description: version.Description } : {}),
            sourceBundle: { bucket, key },
          },
          summary: `Register ${versionLabel} again from ${where ?? ''}`,
          cli: [
            cliCommand(eb, 'elasticbeanstalk', 'create-application-version', {
              'application-name': applicationName,
              'version-label': versionLabel,
              'source-bundle': `S3Bucket=${bucket},S3Key=${key}`,
            }),
          ],
        }
      : null,
    blocked,
    unchanged,
    async verify() {
      const still = await findVersion(ctx.aws, target, applicationName, versionLabel);
      if (still) return { verified: false, detail: `Version ${versionLabel} is still listed.` };
      if (!where || !bucket || !key) return { verified: true, detail: `Verified: version ${versionLabel} is gone.` };
      const head = await headObject(ctx.aws, target, bucket, key);
      const objectGone = 'missing' in head && head.missing;
      if (deleteSourceBundle) {
        return objectGone
          ? { verified: true, detail: `Verified: version ${versionLabel} and ${where} are gone.` }
          : { verified: false, detail: `Version ${versionLabel} is gone, but ${where} is still there.` };
      }
      return objectGone
        ? {
            verified: false,
            detail: `Version ${versionLabel} is gone, and so is ${where}, which was meant to be kept.`,
          }
        : { verified: true, detail: `Verified: version ${versionLabel} is gone; ${where} is kept.` };
    },
  };
}

export async function planCreateVersion(
  ctx: PlannerContext,
  target: Target,
  intent: CreateVersionIntent,
): Promise<BuiltPlan> {
  const { applicationName, versionLabel, sourceBundle } = intent;
  const where = `s3://${sourceBundle.bucket}/${sourceBundle.key}`;
  const [existing, head] = await Promise.all([
    findVersion(ctx.aws, target, applicationName, versionLabel),
    headObject(ctx.aws, target, sourceBundle.bucket, sourceBundle.key),
  ]);
  let blocked: string | undefined;
  if (existing) blocked = `Application Version ${versionLabel} already exists.`;
  else if ('missing' in head && head.missing) {
    blocked = `${where} no longer exists, so there is nothing to register as ${versionLabel}.`;
  }
  const eb = ctx.cliTarget(target, 'elasticbeanstalk');
  const request = {
    ApplicationName: applicationName,
    VersionLabel: versionLabel,
    ...(intent.description ? { Description: intent.description } : {}),
    SourceBundle: { S3Bucket: sourceBundle.bucket, S3Key: sourceBundle.key },
  };
  return {
    title: `Register ${where} as version ${versionLabel} of ${applicationName}`,
    resource: { service: 'elasticbeanstalk', type: 'application-version', name: `${applicationName}/${versionLabel}` },
    diff: [{ change: 'add', label: 'Application version', after: `${versionLabel} from ${where}` }],
    steps: [
      {
        service: 'elasticbeanstalk',
        operation: 'CreateApplicationVersion',
        input: request,
        summary: `Register version ${versionLabel}`,
        run: () =>
          ctx.aws.call(target, 'elasticbeanstalk', 'CreateApplicationVersion', async (c) => {
            const out = await c.send(new CreateApplicationVersionCommand({ ...request, Process: false }));
            return { requestId: out.$metadata.requestId };
          }),
      },
    ],
    cli: [
      cliCommand(eb, 'elasticbeanstalk', 'create-application-version', {
        'application-name': applicationName,
        'version-label': versionLabel,
        description: intent.description,
        'source-bundle': `S3Bucket=${sourceBundle.bucket},S3Key=${sourceBundle.key}`,
      }),
    ],
    permissions: ['elasticbeanstalk:CreateApplicationVersion', 's3:GetObject'],
    risk: { level: 'low', note: `Adds ${versionLabel} to the versions list; no environment changes.` },
    undo: {
      intent: { kind: 'beanstalk.deleteVersion', applicationName, versionLabel, deleteSourceBundle: false },
      summary: `Delete version ${versionLabel} again, keeping ${where}`,
      cli: [
        cliCommand(eb, 'elasticbeanstalk', 'delete-application-version', {
          'application-name': applicationName,
          'version-label': versionLabel,
        }),
      ],
    },
    blocked,
    async verify() {
      const now = await findVersion(ctx.aws, target, applicationName, versionLabel);
      return now
        ? { verified: true, detail: `Verified: ${versionLabel} is listed again, from ${where}.` }
        : { verified: false, detail: `Version ${versionLabel} is not listed.` };
    },
  };
}
