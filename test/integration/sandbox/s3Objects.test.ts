/** S3, path-style, through the real SDK: buckets, objects (including streamed bodies), listing and errors. */
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listZipEntries } from '../../../src/shared/zip';
import { startSandbox } from '../../../src/sandbox';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';

let sandbox: TestSandbox;
let s3: S3Client;

beforeEach(async () => {
  sandbox = await startTestSandbox();
  s3 = new S3Client({ ...sandbox.clientConfig(), forcePathStyle: true });
});

afterEach(async () => {
  s3.destroy();
  await sandbox.dispose();
});

describe('S3 in the sandbox', () => {
  it('serves the training-lab bundle as a real zip with the app one folder down', async () => {
    const object = await s3.send(
      new GetObjectCommand({ Bucket: 'elasticbeanstalk-us-east-1-570589970431', Key: 'bbruceeb2/deploy-app.zip' }),
    );
    const bytes = await object.Body?.transformToByteArray();
    if (!bytes) throw new Error('no body');
    const paths = listZipEntries(bytes).map((e) => e.path);
    expect(paths).toContain('FlaskApp/application.py');
    expect(paths).toContain('FlaskApp/requirements.txt');
    expect(paths).not.toContain('application.py');
    expect(object.ETag).toBe(`"${createHash('md5').update(bytes).digest('hex')}"`);
  });

  it('creates a bucket, puts buffered and streamed objects, and reads them back', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'bundles' }));
    const body = Buffer.from('hello bundle');
    const put = await s3.send(
      new PutObjectCommand({ Bucket: 'bundles', Key: 'a/b c.txt', Body: body, ContentType: 'text/plain' }),
    );
    expect(put.ETag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
    const streamed = Buffer.alloc(100_000, 7);
    await s3.send(
      new PutObjectCommand({
        Bucket: 'bundles',
        Key: 'streamed.bin',
        Body: Readable.from([streamed.subarray(0, 60_000), streamed.subarray(60_000)]),
        ContentLength: streamed.length,
      }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'bundles', Key: 'streamed.bin' }));
    expect(head.ContentLength).toBe(streamed.length);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'bundles', Key: 'a/b c.txt' }));
    expect(got.ContentType).toBe('text/plain');
    expect(await got.Body?.transformToString()).toBe('hello bundle');
    const back = await (
      await s3.send(new GetObjectCommand({ Bucket: 'bundles', Key: 'streamed.bin' }))
    ).Body?.transformToByteArray();
    expect(Buffer.from(back ?? new Uint8Array())).toEqual(streamed);
    const buckets = await s3.send(new ListBucketsCommand({}));
    expect(buckets.Buckets?.map((b) => b.Name)).toContain('bundles');
  });

  it('lists with prefix, delimiter and continuation tokens, with no token on the last page', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'listing' }));
    for (const key of ['a/1', 'a/2', 'b/1', 'c', 'd', 'e']) {
      await s3.send(new PutObjectCommand({ Bucket: 'listing', Key: key, Body: key }));
    }
    const folders = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/' }));
    expect(folders.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/', 'b/']);
    expect(folders.Contents?.map((c) => c.Key)).toEqual(['c', 'd', 'e']);
    expect(folders.KeyCount).toBe(5);
    const prefixed = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'a/' }));
    expect(prefixed.Contents?.map((c) => c.Key)).toEqual(['a/1', 'a/2']);
    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', MaxKeys: 4, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((c) => c.Key ?? ''));
      expect(page.IsTruncated).toBe(page.NextContinuationToken !== undefined);
      token = page.NextContinuationToken;
      pages += 1;
    } while (token !== undefined);
    expect(pages).toBe(2);
    expect(keys).toEqual(['a/1', 'a/2', 'b/1', 'c', 'd', 'e']);
  });

  it('answers with S3 error codes and statuses', async () => {
    await expect(
      s3.send(new GetObjectCommand({ Bucket: 'elasticbeanstalk-us-east-1-570589970431', Key: 'nope.zip' })),
    ).rejects.toMatchObject({
      name: 'NoSuchKey',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(s3.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' }))).rejects.toMatchObject({
      name: 'NoSuchBucket',
    });
    await expect(
      s3.send(new HeadObjectCommand({ Bucket: 'elasticbeanstalk-us-east-1-570589970431', Key: 'nope' })),
    ).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
    await expect(
      s3.send(new CreateBucketCommand({ Bucket: 'elasticbeanstalk-us-east-1-570589970431' })),
    ).rejects.toMatchObject({
      name: 'BucketAlreadyOwnedByYou',
      $metadata: { httpStatusCode: 409 },
    });
  });

  it('keeps objects across a restart', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'kept' }));
    await s3.send(new PutObjectCommand({ Bucket: 'kept', Key: 'k', Body: 'persisted' }));
    await sandbox.close();
    const again = await startSandbox({ stateFile: sandbox.stateFile });
    const client = new S3Client({ ...sandbox.clientConfig(), endpoint: again.endpoint, forcePathStyle: true });
    try {
      const got = await client.send(new GetObjectCommand({ Bucket: 'kept', Key: 'k' }));
      expect(await got.Body?.transformToString()).toBe('persisted');
    } finally {
      client.destroy();
      await again.close();
    }
  });
});
