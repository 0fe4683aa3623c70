/**
 * Application versions as the deploy views and planners read them: the
 * listing with sizes and where each version runs, whether a label is taken,
 * and the target environment with its WSGIPath.
 */
import {
  DescribeApplicationVersionsCommand,
  type ApplicationVersionDescription,
  type EnvironmentDescription,
} from '@aws-sdk/client-elastic-beanstalk';
import { randomUUID } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { ApplicationVersionRow, ApplicationVersions, Target } from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { toAppError } from '../aws/errors';
import { optionOf, readConfigurationSets } from '../services/beanstalkConfiguration';
import { describeEnvironments, isoOpt, mapBounded, toColor } from '../services/beanstalkEnvironments';
import { NS, optionValue } from '../diagnostics/beanstalk/options';
import { labelFor } from './versionLabels';

/** HeadObject calls in flight at once, per listing: enough to be quick, few enough not to be throttled. */
const HEAD_CONCURRENCY = 6;

export async function describeVersions(
  aws: ClientFactory,
  target: Target,
  applicationName: string,
  versionLabels?: string[],
): Promise<{ versions: ApplicationVersionDescription[]; calls: number }> {
  return aws.call(target, 'elasticbeanstalk', 'DescribeApplicationVersions', async (client) => {
    const versions: ApplicationVersionDescription[] = [];
    let token: string | undefined;
    let calls = 0;
    do {
      const page = await client.send(
        new DescribeApplicationVersionsCommand({
          ApplicationName: applicationName,
          ...(versionLabels ? { VersionLabels: versionLabels } : { MaxRecords: 1000 }),
          ...(token ? { NextToken: token } : {}),
        }),
      );
      calls += 1;
      versions.push(...(page.ApplicationVersions ?? []));
      token = page.NextToken;
    } while (token && calls < 100);
    return { versions, calls };
  });
}

export async function findVersion(
  aws: ClientFactory,
  target: Target,
  applicationName: string,
  versionLabel: string,
): Promise<ApplicationVersionDescription | undefined> {
  const { versions } = await describeVersions(aws, target, applicationName, [versionLabel]);
  return versions.find((v) => v.VersionLabel === versionLabel);
}

/** HeadObject's answer in words for a version row: a size, or why there is none. */
export async function headObject(
  aws: ClientFactory,
  target: Target,
  bucket: string,
  key: string,
): Promise<{ sizeBytes: number } | { problem: string; missing: boolean }> {
  try {
    const out = await aws.call(target, 's3', 'HeadObject', (c) =>
      c.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
    );
    return { sizeBytes: out.ContentLength ?? 0 };
  } catch (err) {
    const e = toAppError(err);
    if (e.code === 'not-found' || e.httpStatus === 404 || e.awsCode === 'NotFound' || e.awsCode === 'NoSuchKey') {
      return { problem: `s3://${bucket}/${key} no longer exists.`, missing: true };
    }
    return { problem: `s3://${bucket}/${key} could not be read: ${e.message}`, missing: false };
  }
}

export async function listVersions(
  aws: ClientFactory,
  target: Target,
  applicationName: string,
): Promise<ApplicationVersions> {
  const [{ versions, calls }, environments] = await Promise.all([
    describeVersions(aws, target, applicationName),
    describeEnvironments(aws, target),
  ]);
  const mine = environments.filter((e) => e.ApplicationName === applicationName);
  const rows = await mapBounded(versions, HEAD_CONCURRENCY, async (v): Promise<ApplicationVersionRow> => {
    const label = v.VersionLabel ?? '';
    const bucket = v.SourceBundle?.S3Bucket;
    const key = v.SourceBundle?.S3Key;
    const head = bucket && key ? await headObject(aws, target, bucket, key) : undefined;
    return {
      applicationName,
      versionLabel: label,
      ...(v.Description ? { description: v.Description } : {}),
      ...(v.DateCreated ? { dateCreated: isoOpt(v.DateCreated) } : {}),
      ...(v.DateUpdated ? { dateUpdated: isoOpt(v.DateUpdated) } : {}),
      ...(v.Status ? { status: v.Status } : {}),
      ...(bucket && key ? { sourceBundle: { bucket, key } } : {}),
      ...(head && 'sizeBytes' in head ? { sizeBytes: head.sizeBytes } : {}),
      ...(head && 'problem' in head ? { sourceProblem: head.problem } : {}),
      deployedTo: mine.filter((e) => e.VersionLabel === label).map((e) => e.EnvironmentName ?? ''),
    };
  });
  const heads = rows.filter((r) => r.sourceBundle).length;
  return {
    applicationName,
    versions: rows,
    environments: mine.map((e) => ({
      name: e.EnvironmentName ?? '',
      ...(e.VersionLabel ? { versionLabel: e.VersionLabel } : {}),
      status: e.Status ?? 'Unknown',
      health: toColor(e.Health) ?? 'Grey',
    })),
    // describeEnvironments pages too, but one page is the norm; counted as one.
    apiCalls: calls + 1 + heads,
  };
}

export interface TargetEnvironment {
  environment: EnvironmentDescription;
  wsgiPath: string | undefined;
}

/** The environment a bundle is meant for, with the WSGIPath in force (the pending value during an update). */
export async function readTargetEnvironment(
  aws: ClientFactory,
  target: Target,
  environmentName: string,
): Promise<TargetEnvironment> {
  const sets = await readConfigurationSets(aws, target, environmentName);
  const options = ((sets.pending ?? sets.deployed)?.OptionSettings ?? []).map(optionOf);
  return { environment: sets.environment, wsgiPath: optionValue(options, NS.python, 'WSGIPath') };
}

/** A label that does not exist yet: `<stem>-<yyyyMMdd-HHmmss>`, then `-2`, `-3`… if someone took it this second. */
export async function suggestLabel(
  aws: ClientFactory,
  target: Target,
  applicationName: string,
  stem: string,
  at: Date,
): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const label = labelFor(stem, at, attempt);
    if (!(await findVersion(aws, target, applicationName, label))) return label;
  }
  return labelFor(`${stem}-${randomUUID().slice(0, 8)}`, at);
}
