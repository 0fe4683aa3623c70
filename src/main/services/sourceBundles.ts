import { DescribeApplicationVersionsCommand } from '@aws-sdk/client-elastic-beanstalk';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { ApplicationVersion, Target } from '../../shared/contract';
import { listZipEntries, ZipFormatError, type ZipEntry } from '../../shared/zip';
import type { ClientFactory } from '../aws/clientFactory';
import { toAppError, TrellisError } from '../aws/errors';
import { partitionOf } from '../../shared/aws/partitions';
import { deniedPermission, permissionText } from './deniedPermission';
import { isoOpt, panelProblem } from './beanstalkEnvironments';
import { readBundleCode } from './bundleCode';

/** EB's own limit on a source bundle is 500 MB; anything this console reads whole stays far below that. */
export const MAX_BUNDLE_BYTES = 50 * 1024 * 1024;

type BundleSummary = NonNullable<ApplicationVersion['bundle']>;
type PanelProblem = NonNullable<ApplicationVersion['bundleProblem']>;

/** Finder and Explorer add these; they are never where EB looks for the app. */
const NOISE = /^(__MACOSX\/|\.DS_Store$)/;

/**
 * What EB's Python platforms care about in a bundle: whether application.py
 * and requirements.txt sit at the zip root, or one folder down because the
 * folder was zipped instead of its contents (failures.md F3, F15).
 */
export function summariseBundle(
  entries: ReadonlyArray<Pick<ZipEntry, 'path' | 'size' | 'isDirectory'>>,
): BundleSummary {
  const files = entries.filter((e) => !e.isDirectory && !NOISE.test(e.path));
  const folders = new Set<string>();
  for (const e of entries) {
    if (NOISE.test(e.path)) continue;
    const slash = e.path.indexOf('/');
    if (slash > 0) folders.add(e.path.slice(0, slash));
  }
  const nested = (name: string) =>
    files
      .map((f) => f.path)
      .filter((p) => p.endsWith(`/${name}`))
      .sort();
  return {
    entries: files.map((f) => ({ path: f.path, size: f.size })),
    rootFolders: [...folders].sort(),
    hasApplicationPy: files.some((f) => f.path === 'application.py'),
    hasRequirementsTxt: files.some((f) => f.path === 'requirements.txt'),
    nestedApplicationPy: nested('application.py'),
    nestedRequirementsTxt: nested('requirements.txt'),
  };
}

function tooLarge(bucket: string, key: string, size: number | string, cap: number): PanelProblem {
  return {
    code: 'validation',
    message: `s3://${bucket}/${key} is ${typeof size === 'number' ? `${(size / 1024 / 1024).toFixed(1)} MiB` : size}; Trellis reads bundles up to ${cap / 1024 / 1024} MiB. Download it with the AWS CLI to inspect it.`,
  };
}

/**
 * Reads the object, stopping as soon as it passes the cap, so a huge or lying
 * object cannot exhaust memory. The re-bundle reads up to EB's own limit.
 */
export async function downloadBundle(
  aws: ClientFactory,
  target: Target,
  bucket: string,
  key: string,
  cap = MAX_BUNDLE_BYTES,
): Promise<Uint8Array | PanelProblem> {
  return readObject(aws, target, bucket, key, cap).catch((err: unknown) => {
    const objectArn = `arn:${partitionOf(target.region)}:s3:::${bucket}/${key}`;
    const denied = deniedPermission(err, { action: 's3:GetObject', resource: objectArn });
    if (!denied) throw err;
    // S3 often says only "Access Denied"; the reader of the page needs the permission and the object.
    throw new TrellisError({
      ...toAppError(err),
      message: `${permissionText(denied)} is not allowed`,
      hint: "The rest of the environment is read with Elastic Beanstalk calls; only the bundle's contents need s3:GetObject on its object.",
    });
  });
}

function readObject(
  aws: ClientFactory,
  target: Target,
  bucket: string,
  key: string,
  cap: number,
): Promise<Uint8Array | PanelProblem> {
  return aws.call(target, 's3', 'GetObject', async (client) => {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const body = out.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
    if (!body) return new Uint8Array();
    if ((out.ContentLength ?? 0) > cap) {
      body.destroy?.();
      return tooLarge(bucket, key, out.ContentLength ?? 0, cap);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of body) {
      total += chunk.byteLength;
      if (total > cap) {
        body.destroy?.();
        return tooLarge(bucket, key, `over ${cap / 1024 / 1024} MiB`, cap);
      }
      chunks.push(chunk);
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    return bytes;
  });
}

/**
 * An application version and what its source bundle holds. The bundle is
 * best effort: a missing object, a denied read or a broken zip is reported
 * beside the version, which is still worth showing.
 */
export async function applicationVersion(
  aws: ClientFactory,
  target: Target,
  applicationName: string,
  versionLabel: string,
): Promise<ApplicationVersion> {
  const found = await aws.call(target, 'elasticbeanstalk', 'DescribeApplicationVersions', async (client) => {
    const out = await client.send(
      new DescribeApplicationVersionsCommand({ ApplicationName: applicationName, VersionLabels: [versionLabel] }),
    );
    return out.ApplicationVersions?.find((v) => v.VersionLabel === versionLabel);
  });
  if (!found) {
    throw new TrellisError({
      code: 'not-found',
      message: `Application ${applicationName} has no version labelled ${versionLabel}.`,
      service: 'elasticbeanstalk',
      operation: 'DescribeApplicationVersions',
      retryable: false,
    });
  }
  const version: ApplicationVersion = {
    applicationName,
    versionLabel,
    description: found.Description || undefined,
    status: found.Status,
    dateCreated: isoOpt(found.DateCreated),
  };
  const bucket = found.SourceBundle?.S3Bucket;
  const key = found.SourceBundle?.S3Key;
  if (!bucket || !key) {
    return {
      ...version,
      bundleProblem: { code: 'not-found', message: `Version ${versionLabel} has no S3 source bundle to inspect.` },
    };
  }
  version.sourceBundle = { bucket, key };
  try {
    const bytes = await downloadBundle(aws, target, bucket, key);
    if (!(bytes instanceof Uint8Array)) return { ...version, bundleProblem: bytes };
    const entries = listZipEntries(bytes);
    const code = readBundleCode(bytes, entries);
    return {
      ...version,
      bundle: {
        ...summariseBundle(entries),
        environmentReads: code.environmentReads,
        pythonDefinitions: code.definitions,
        awsServices: code.awsServices,
      },
    };
  } catch (err) {
    if (err instanceof ZipFormatError) {
      return {
        ...version,
        bundleProblem: { code: 'validation', message: `s3://${bucket}/${key} is not a readable zip: ${err.message}` },
      };
    }
    return { ...version, bundleProblem: panelProblem(err) };
  }
}
