/**
 * S3 buckets and objects. Object bytes live base64-encoded in the document:
 * source bundles are small, and keeping them here makes them part of the same
 * atomic write as everything that refers to them.
 */
import { z } from 'zod';
import { timestamp } from './schemaParts';

const s3Object = z
  .object({
    key: z.string().min(1).max(1024),
    bodyBase64: z.string(),
    /** Quoted hex MD5, as S3 returns it. */
    etag: z.string().regex(/^"[0-9a-f]{32}"$/),
    size: z.number().int().min(0),
    lastModified: timestamp,
    contentType: z.string().optional(),
  })
  .strict();

const bucket = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name'),
    creationDate: timestamp,
    region: z.string(),
    objects: z.array(s3Object),
  })
  .strict();

export const s3StateSchema = z.object({ buckets: z.array(bucket) }).strict();

export type S3State = z.infer<typeof s3StateSchema>;
export type BucketState = S3State['buckets'][number];
export type S3ObjectState = BucketState['objects'][number];
