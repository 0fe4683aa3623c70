/**
 * CreateStorageLocation: the account's Elastic Beanstalk bucket,
 * `elasticbeanstalk-<region>-<account>`, created on first use. EB answers
 * with the same name whether it made the bucket now or long ago, so callers
 * may ask as often as they like.
 */
import type { QueryAction } from '../../protocols/awsQuery';
import { ensureStorageBucket, storageBucketName } from '../../simulation/storageBucket';

const createStorageLocation: QueryAction = (_params, { store, now, region }) => {
  const bucket = storageBucketName(region, store.document.account.id);
  // Only a missing bucket costs a write; asking again leaves the state alone.
  if (!store.document.s3.buckets.some((b) => b.name === bucket)) {
    store.mutate((draft) => ensureStorageBucket(draft, region, now()));
  }
  return { S3Bucket: bucket };
};

export const storageActions: ReadonlyMap<string, QueryAction> = new Map([
  ['CreateStorageLocation', createStorageLocation],
]);
