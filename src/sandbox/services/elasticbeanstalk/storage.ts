/**
 * CreateStorageLocation: the account's Elastic Beanstalk bucket,
 * `elasticbeanstalk-<region>-<account>`, created on first use. EB answers
 * with the same name whether it made the bucket now or long ago, so callers
 * may ask as often as they like.
 */
import type { QueryAction } from '../../protocols/awsQuery';
import { isoSeconds } from '../../protocols/xml';

export function storageBucketName(region: string, accountId: string): string {
  return `elasticbeanstalk-${region}-${accountId}`;
}

const createStorageLocation: QueryAction = (_params, { store, now, region }) => {
  const bucket = storageBucketName(region, store.document.account.id);
  if (!store.document.s3.buckets.some((b) => b.name === bucket)) {
    store.mutate((draft) => {
      draft.s3.buckets.push({ name: bucket, creationDate: isoSeconds(now()), region, objects: [] });
    });
  }
  return { S3Bucket: bucket };
};

export const storageActions: ReadonlyMap<string, QueryAction> = new Map([
  ['CreateStorageLocation', createStorageLocation],
]);
