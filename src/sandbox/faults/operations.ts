/**
 * The AWS operation a request calls, named before the service handles it, so
 * a fault can be chosen per operation and injected before any state changes.
 * The query and JSON protocols name it on the wire; the REST ones (OpenSearch,
 * S3) name it by method and path, read here the way those services route.
 */
import { readQueryParams } from '../protocols/awsQuery';
import type { SandboxRequest } from '../serviceModule';
import { operationName as cloudWatchOperation } from '../services/cloudwatch/wire';

function header(request: SandboxRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const OPENSEARCH_PATH =
  /^\/(2021-01-01|2015-01-01)\/(?:(domain)|(?:opensearch|es)\/(domain-info|domain)(?:\/([^/]+)(\/config)?)?)\/?$/;

function openSearchOperation(request: SandboxRequest): string | undefined {
  const match = OPENSEARCH_PATH.exec(request.path);
  if (!match) return undefined;
  const legacy = match[1] === '2015-01-01';
  const noun = legacy ? 'ElasticsearchDomain' : 'Domain';
  const { method } = request;
  if (match[2]) return method === 'GET' ? 'ListDomainNames' : undefined;
  if (match[3] === 'domain-info') return method === 'POST' ? `Describe${noun}s` : undefined;
  if (match[4] === undefined) return method === 'POST' ? `Create${noun}` : undefined;
  if (match[5])
    return method === 'GET' ? `Describe${noun}Config` : method === 'POST' ? `Update${noun}Config` : undefined;
  if (method === 'GET') return `Describe${noun}`;
  if (method === 'DELETE') return `Delete${noun}`;
  return undefined;
}

function s3Operation(request: SandboxRequest): string | undefined {
  const path = request.path.replace(/^\/+/, '');
  const slash = path.indexOf('/');
  const hasKey = slash !== -1 && slash < path.length - 1;
  const { method } = request;
  if (path === '') return method === 'GET' ? 'ListBuckets' : undefined;
  if (!hasKey) {
    if (method === 'PUT') return 'CreateBucket';
    if (method === 'HEAD') return 'HeadBucket';
    if (method === 'GET') return request.query.has('location') ? 'GetBucketLocation' : 'ListObjectsV2';
    return undefined;
  }
  switch (method) {
    case 'PUT':
      return 'PutObject';
    case 'GET':
      return 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'DELETE':
      return 'DeleteObject';
    default:
      return undefined;
  }
}

/** The operation name (`ListRoles`, `DescribeParameters`), or undefined when the request names none the service knows. */
export function operationOf(service: string, request: SandboxRequest): string | undefined {
  switch (service) {
    case 's3':
      return s3Operation(request);
    case 'es':
      return openSearchOperation(request);
    case 'monitoring':
      return cloudWatchOperation(request);
    case 'ssm':
    case 'logs': {
      const target = header(request, 'x-amz-target');
      const dot = target?.lastIndexOf('.') ?? -1;
      return target !== undefined && dot > 0 ? target.slice(dot + 1) : undefined;
    }
    default: {
      // awsQuery and ec2Query: the Action parameter, in the query string or the form body.
      const action = readQueryParams(request).raw('Action');
      return action === undefined || action === '' ? undefined : action;
    }
  }
}
