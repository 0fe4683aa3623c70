/** Applications and application versions. */
import type { QueryAction } from '../../protocols/awsQuery';
import { isoSeconds } from '../../protocols/xml';
import type { StateDocument } from '../../state/document';
import { AwsError } from '../../errors';
import {
  decodeToken,
  encodeToken,
  invalidParameterCombination,
  invalidParameterValue,
  liveEnvironments,
  requireApplication,
  requireVersion,
} from './lookup';
import { applicationVersionXml, applicationXml } from './shapes';

const NAME_RULE = { min: 1, max: 100 };

const createApplication: QueryAction = (params, { store, now, region }) => {
  const name = params.requiredString('ApplicationName', NAME_RULE);
  const description = params.string('Description', { max: 200 });
  return store.mutate((draft) => {
    if (draft.elasticbeanstalk.applications.some((a) => a.name === name)) {
      throw invalidParameterValue(`Application ${name} already exists.`);
    }
    const stamp = isoSeconds(now());
    const app = { name, ...(description === undefined ? {} : { description }), dateCreated: stamp, dateUpdated: stamp };
    draft.elasticbeanstalk.applications.push(app);
    return { Application: applicationXml(draft, region, app) };
  });
};

const describeApplications: QueryAction = (params, { store, region }) => {
  const doc = store.document;
  const names = params.stringList('ApplicationNames');
  const apps = doc.elasticbeanstalk.applications.filter((a) => names.length === 0 || names.includes(a.name));
  return { Applications: apps.map((app) => applicationXml(doc, region, app)) };
};

function bundleExists(doc: StateDocument, bucket: string, key: string): boolean {
  return doc.s3.buckets.some((b) => b.name === bucket && b.objects.some((o) => o.key === key));
}

const createApplicationVersion: QueryAction = (params, { store, now, region }) => {
  const applicationName = params.requiredString('ApplicationName', NAME_RULE);
  const label = params.requiredString('VersionLabel', NAME_RULE);
  const description = params.string('Description', { max: 200 });
  const s3Bucket = params.string('SourceBundle.S3Bucket');
  const s3Key = params.string('SourceBundle.S3Key');
  const autoCreate = params.boolean('AutoCreateApplication') ?? false;
  if ((s3Bucket === undefined) !== (s3Key === undefined)) {
    throw invalidParameterCombination('Both S3 bucket and key must be specified.');
  }
  return store.mutate((draft) => {
    const stamp = isoSeconds(now());
    if (autoCreate && !draft.elasticbeanstalk.applications.some((a) => a.name === applicationName)) {
      draft.elasticbeanstalk.applications.push({ name: applicationName, dateCreated: stamp, dateUpdated: stamp });
    }
    requireApplication(draft, applicationName);
    if (
      draft.elasticbeanstalk.applicationVersions.some(
        (v) => v.applicationName === applicationName && v.versionLabel === label,
      )
    ) {
      throw invalidParameterValue(`Application Version ${label} already exists.`);
    }
    if (s3Bucket !== undefined && s3Key !== undefined && !bundleExists(draft, s3Bucket, s3Key)) {
      throw invalidParameterCombination(
        `Unable to download from S3 location (Bucket: ${s3Bucket} Key: ${s3Key}). Reason: Not Found`,
      );
    }
    const version = {
      applicationName,
      versionLabel: label,
      ...(description === undefined ? {} : { description }),
      ...(s3Bucket !== undefined && s3Key !== undefined ? { sourceBundle: { s3Bucket, s3Key } } : {}),
      dateCreated: stamp,
      status: 'UNPROCESSED' as const,
    };
    draft.elasticbeanstalk.applicationVersions.push(version);
    return { ApplicationVersion: applicationVersionXml(draft, region, version) };
  });
};

const describeApplicationVersions: QueryAction = (params, { store, region }) => {
  const doc = store.document;
  const applicationName = params.string('ApplicationName');
  const labels = params.stringList('VersionLabels');
  const maxRecords = params.integer('MaxRecords', { min: 1, max: 1000 });
  const token = params.string('NextToken');
  // Newest first, as the EB console and API list them.
  const versions = doc.elasticbeanstalk.applicationVersions
    .filter(
      (v) =>
        (applicationName === undefined || v.applicationName === applicationName) &&
        (labels.length === 0 || labels.includes(v.versionLabel)),
    )
    .sort((a, b) => b.dateCreated.localeCompare(a.dateCreated) || a.versionLabel.localeCompare(b.versionLabel));
  const keyOf = (v: (typeof versions)[number]): string => `${v.applicationName}/${v.versionLabel}`;
  const start = token === undefined ? 0 : versions.findIndex((v) => keyOf(v) === decodeToken(token)) + 1;
  const page = versions.slice(start, maxRecords === undefined ? undefined : start + maxRecords);
  const last = page[page.length - 1];
  const more = start + page.length < versions.length;
  return {
    ApplicationVersions: page.map((v) => applicationVersionXml(doc, region, v)),
    NextToken: more && last ? encodeToken(keyOf(last)) : undefined,
  };
};

/**
 * DeleteApplicationVersion, optionally with its S3 object. AWS documents that
 * a version an environment runs cannot be deleted but does not publish the
 * words; the refusal here names the environments. The other errors are
 * AWS's: OperationInProgressFailure while an environment is deploying the
 * version, S3LocationNotInServiceRegionException for a bucket in another
 * region, and SourceBundleDeletionFailure when the object could not be
 * deleted, in which case the version is gone all the same.
 */
const deleteApplicationVersion: QueryAction = (params, { store, region, authorize }) => {
  const applicationName = params.requiredString('ApplicationName', NAME_RULE);
  const label = params.requiredString('VersionLabel', NAME_RULE);
  const deleteSourceBundle = params.boolean('DeleteSourceBundle') ?? false;
  const doc = store.document;
  requireApplication(doc, applicationName);
  const version = requireVersion(doc, applicationName, label);
  const mine = liveEnvironments(doc).filter((e) => e.applicationName === applicationName);
  if (mine.some((e) => e.operation?.pendingVersionLabel === label)) {
    throw new AwsError(
      'OperationInProgressFailure',
      `Unable to delete application version: ${label}. An operation is already in progress, please retry again shortly.`,
      400,
    );
  }
  const running = mine.filter((e) => e.versionLabel === label).map((e) => e.name);
  if (running.length > 0) {
    throw invalidParameterValue(
      `Unable to delete application version ${label} because it is deployed to environment(s): ${running.join(', ')}.`,
    );
  }
  const source = version.sourceBundle;
  const bucket = source && deleteSourceBundle ? doc.s3.buckets.find((b) => b.name === source.s3Bucket) : undefined;
  if (bucket && bucket.region !== region) {
    throw new AwsError(
      'S3LocationNotInServiceRegionException',
      `The specified S3 bucket does not belong to the S3 region in which the service is running.`,
      400,
    );
  }
  // EB deletes the object with the caller's own S3 permissions, so a caller without them loses only the version.
  let objectDeletable = bucket !== undefined;
  if (bucket) {
    try {
      authorize('s3:DeleteObject');
    } catch (error: unknown) {
      if (!(error instanceof AwsError) || error.code !== 'AccessDenied') throw error;
      objectDeletable = false;
    }
  }
  store.mutate((draft) => {
    draft.elasticbeanstalk.applicationVersions = draft.elasticbeanstalk.applicationVersions.filter(
      (v) => !(v.applicationName === applicationName && v.versionLabel === label),
    );
    const target = objectDeletable ? draft.s3.buckets.find((b) => b.name === bucket?.name) : undefined;
    if (target && source) target.objects = target.objects.filter((o) => o.key !== source.s3Key);
  });
  // The version is gone either way; only the object could not follow it.
  if (source && deleteSourceBundle && !objectDeletable) {
    throw new AwsError(
      'SourceBundleDeletionFailure',
      'Unable to delete the Amazon S3 source bundle associated with the application version. The application version was deleted successfully.',
      400,
    );
  }
  return undefined;
};

export const applicationActions: ReadonlyMap<string, QueryAction> = new Map([
  ['CreateApplication', createApplication],
  ['DescribeApplications', describeApplications],
  ['CreateApplicationVersion', createApplicationVersion],
  ['DescribeApplicationVersions', describeApplicationVersions],
  ['DeleteApplicationVersion', deleteApplicationVersion],
]);
