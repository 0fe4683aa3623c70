/**
 * Elastic Beanstalk's per-region bucket, `elasticbeanstalk-<region>-<account>`: EB creates it on first use
 * (CreateStorageLocation, an environment's launch, a log request) and keeps bundles and logs in it.
 */
import { isoSeconds } from '../protocols/xml';
import type { StateDocument } from '../state/document';
import type { BucketState } from '../state/storageState';

export function storageBucketName(region: string, accountId: string): string {
  return `elasticbeanstalk-${region}-${accountId}`;
}

/** The bucket, created when missing; idempotent like EB's own CreateStorageLocation. */
export function ensureStorageBucket(draft: StateDocument, region: string, at: Date): BucketState {
  const name = storageBucketName(region, draft.account.id);
  let bucket = draft.s3.buckets.find((b) => b.name === name);
  if (!bucket) {
    bucket = { name, creationDate: isoSeconds(at), region, objects: [] };
    draft.s3.buckets.push(bucket);
  }
  return bucket;
}
