/** Finding buckets and objects with S3's error codes and wording. */
import { S3Error } from '../../protocols/restXml';
import type { StateDocument } from '../../state/document';
import type { BucketState, S3ObjectState } from '../../state/storageState';

export function noSuchBucket(name: string): S3Error {
  return new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: name });
}

export function requireBucket(doc: StateDocument, name: string): BucketState {
  const bucket = doc.s3.buckets.find((candidate) => candidate.name === name);
  if (!bucket) throw noSuchBucket(name);
  return bucket;
}

export function requireObject(bucket: BucketState, key: string): S3ObjectState {
  const object = bucket.objects.find((candidate) => candidate.key === key);
  if (!object) throw new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
  return object;
}

/** S3 lists keys in UTF-8 binary order, which is not JavaScript's UTF-16 order for astral characters. */
export function compareKeysBinary(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
