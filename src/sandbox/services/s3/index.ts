/**
 * S3, path-style (`/bucket/key`): enough to hold Elastic Beanstalk source
 * bundles and to let `aws s3 cp` / `aws s3 ls` work against the sandbox,
 * and to serve presigned GETs (the log objects RetrieveEnvironmentInfo hands out).
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../../errors';
import {
  bytesResponse,
  decodeAwsChunked,
  emptyResponse,
  isAwsChunked,
  rawXmlDocument,
  renderS3Error,
  S3Error,
} from '../../protocols/restXml';
import { isoSeconds, renderElement } from '../../protocols/xml';
import type { RequestContext, SandboxRequest, SandboxResponse, ServiceModule } from '../../serviceModule';
import { listObjectsV2 } from './listing';
import { requireBucket, requireObject } from './objects';
import { checkPresignedExpiry } from './presigned';
import { partitionOf } from '../../../shared/aws/partitions';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

interface S3Target {
  readonly bucket?: string;
  readonly key?: string;
}

function parseTarget(path: string): S3Target {
  const trimmed = path.replace(/^\/+/, '');
  if (trimmed === '') return {};
  const slash = trimmed.indexOf('/');
  const bucket = decodeURIComponent(slash === -1 ? trimmed : trimmed.slice(0, slash));
  const rawKey = slash === -1 ? '' : trimmed.slice(slash + 1);
  return rawKey === '' ? { bucket } : { bucket, key: decodeURIComponent(rawKey) };
}

function objectHeaders(object: {
  etag: string;
  size: number;
  lastModified: string;
  contentType?: string;
}): Record<string, string> {
  return {
    etag: object.etag,
    'content-type': object.contentType ?? 'binary/octet-stream',
    'content-length': String(object.size),
    'last-modified': new Date(object.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
  };
}

function createBucket(bucket: string, { store, now, region, requestId }: RequestContext): SandboxResponse {
  if (!BUCKET_NAME.test(bucket)) {
    throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: bucket });
  }
  store.mutate((draft) => {
    if (draft.s3.buckets.some((candidate) => candidate.name === bucket)) {
      throw new S3Error(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        409,
        { BucketName: bucket },
      );
    }
    draft.s3.buckets.push({ name: bucket, creationDate: isoSeconds(now()), region, objects: [] });
  });
  return emptyResponse(200, requestId, { location: `/${bucket}` });
}

function putObject(request: SandboxRequest, bucket: string, key: string, context: RequestContext): SandboxResponse {
  const body = isAwsChunked(request.headers) ? decodeAwsChunked(request.body) : request.body;
  const etag = `"${createHash('md5').update(body).digest('hex')}"`;
  const contentType = request.headers['content-type'];
  context.store.mutate((draft) => {
    const target = requireBucket(draft, bucket);
    const object = {
      key,
      bodyBase64: body.toString('base64'),
      etag,
      size: body.length,
      lastModified: isoSeconds(context.now()),
      ...(typeof contentType === 'string' && contentType !== '' ? { contentType } : {}),
    };
    target.objects = [...target.objects.filter((candidate) => candidate.key !== key), object];
  });
  return emptyResponse(200, context.requestId, { etag });
}

function route(request: SandboxRequest, context: RequestContext): SandboxResponse {
  const authorization = request.headers['authorization'];
  checkPresignedExpiry(request.query, { ...(authorization === undefined ? {} : { authorization }) }, context.now());
  const { bucket, key } = parseTarget(request.path);
  const { method } = request;
  const doc = context.store.document;
  if (bucket === undefined) {
    if (method !== 'GET')
      throw new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
    context.authorize('s3:ListAllMyBuckets');
    const buckets = doc.s3.buckets
      .map((b) => renderElement('Bucket', { Name: b.name, CreationDate: b.creationDate }))
      .join('');
    const owner = renderElement('Owner', { ID: doc.account.id, DisplayName: 'sandbox' });
    return rawXmlDocument(200, 'ListAllMyBucketsResult', `${owner}<Buckets>${buckets}</Buckets>`, context.requestId);
  }
  // S3 ARNs have no region or account: bucket names are global.
  const bucketArn = `arn:${partitionOf(context.region)}:s3:::${bucket}`;
  if (key === undefined) {
    switch (method) {
      case 'PUT':
        context.authorize('s3:CreateBucket', [bucketArn]);
        return createBucket(bucket, context);
      case 'HEAD':
        context.authorize('s3:ListBucket', [bucketArn]);
        return emptyResponse(200, context.requestId, { 'x-amz-bucket-region': requireBucket(doc, bucket).region });
      case 'GET':
        if (request.query.has('location')) {
          context.authorize('s3:GetBucketLocation', [bucketArn]);
          const region = requireBucket(doc, bucket).region;
          // us-east-1 is reported as an empty LocationConstraint, as S3 does.
          return rawXmlDocument(200, 'LocationConstraint', region === 'us-east-1' ? '' : region, context.requestId);
        }
        context.authorize('s3:ListBucket', [bucketArn]);
        return listObjectsV2(requireBucket(doc, bucket), request.query, context.requestId);
      default:
        throw new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
    }
  }
  const objectArn = `${bucketArn}/${key}`;
  switch (method) {
    case 'PUT':
      if (request.headers['x-amz-copy-source'] !== undefined) {
        throw new AwsError('NotImplemented', 'The Trellis sandbox does not support CopyObject.', 501);
      }
      context.authorize('s3:PutObject', [objectArn]);
      return putObject(request, bucket, key, context);
    case 'GET': {
      context.authorize('s3:GetObject', [objectArn]);
      const object = requireObject(requireBucket(doc, bucket), key);
      return bytesResponse(context.requestId, objectHeaders(object), Buffer.from(object.bodyBase64, 'base64'));
    }
    case 'HEAD': {
      context.authorize('s3:GetObject', [objectArn]);
      const object = requireObject(requireBucket(doc, bucket), key);
      return emptyResponse(200, context.requestId, objectHeaders(object));
    }
    case 'DELETE':
      context.authorize('s3:DeleteObject', [objectArn]);
      context.store.mutate((draft) => {
        const target = requireBucket(draft, bucket);
        target.objects = target.objects.filter((candidate) => candidate.key !== key);
      });
      return emptyResponse(204, context.requestId);
    default:
      throw new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
  }
}

export const s3Service: ServiceModule = {
  signingName: 's3',
  renderError: (error, requestId) => renderS3Error(error, requestId),
  handle(request, context) {
    try {
      return route(request, context);
    } catch (error: unknown) {
      if (error instanceof AwsError) return renderS3Error(error, context.requestId, request.method);
      console.error('[sandbox] s3 handler failed:', error);
      return renderS3Error(
        new AwsError('InternalError', 'We encountered an internal error. Please try again.', 500, 'Receiver'),
        context.requestId,
        request.method,
      );
    }
  },
};
