/** The deployed source bundle of an environment, read from S3 and listed as the health evaluator sees it. */
import { listZipEntries, ZipFormatError } from '../../shared/zip';
import type { EnvironmentState } from '../state/beanstalkState';
import type { StateDocument } from '../state/document';

export type BundleView =
  | { readonly kind: 'none' }
  | { readonly kind: 'missing'; readonly bucket: string; readonly key: string }
  | { readonly kind: 'unreadable'; readonly bucket: string; readonly key: string; readonly reason: string }
  | { readonly kind: 'zip'; readonly files: ReadonlySet<string> };

/** Paths as `unzip` would create them: forward slashes, no leading `./` or `/`. */
function normalise(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(?:\.\/|\/)+/, '');
}

export function readBundle(doc: StateDocument, env: EnvironmentState, versionLabel = env.versionLabel): BundleView {
  if (versionLabel === undefined) return { kind: 'none' };
  const version = doc.elasticbeanstalk.applicationVersions.find(
    (v) => v.applicationName === env.applicationName && v.versionLabel === versionLabel,
  );
  const source = version?.sourceBundle;
  // A version without a bundle is EB's sample application, which always works.
  if (source === undefined) return { kind: 'none' };
  const object = doc.s3.buckets.find((b) => b.name === source.s3Bucket)?.objects.find((o) => o.key === source.s3Key);
  if (object === undefined) return { kind: 'missing', bucket: source.s3Bucket, key: source.s3Key };
  try {
    const entries = listZipEntries(new Uint8Array(Buffer.from(object.bodyBase64, 'base64')));
    return { kind: 'zip', files: new Set(entries.filter((e) => !e.isDirectory).map((e) => normalise(e.path))) };
  } catch (error: unknown) {
    if (error instanceof ZipFormatError) {
      return { kind: 'unreadable', bucket: source.s3Bucket, key: source.s3Key, reason: error.message };
    }
    throw error;
  }
}
