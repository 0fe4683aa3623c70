/**
 * Reads the SigV4 credential scope, which tells the sandbox which service a
 * request is for and which access key sent it.
 *
 * The signature itself is deliberately not verified. The sandbox is a practice
 * endpoint bound to loopback, every key in it is fake, and identity comes from
 * the access key id alone; verifying would only make clients configured with a
 * mistyped secret fail for no benefit. The parts of a signature are still
 * required to be present, so a client that does not sign at all is told so,
 * exactly as AWS would.
 *
 * Presigned URLs (query-string authentication) are read the same way, from
 * `X-Amz-Credential`; the sandbox also signs its own, for the log objects
 * RetrieveEnvironmentInfo hands out, with real SigV4 so any client accepts them.
 */
import { createHash, createHmac } from 'node:crypto';
import { AwsError } from './errors';

export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

export function missingAuthenticationToken(): AwsError {
  return new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
}

function incompleteSignature(problems: readonly string[], header: string): AwsError {
  // AWS echoes the header back; cap it so a huge header cannot bloat the response.
  const shown = header.length > 200 ? `${header.slice(0, 200)}...` : header;
  return new AwsError('IncompleteSignature', `${problems.join(' ')} Authorization=${shown}`, 403);
}

export function parseAuthorization(header: string | undefined): CredentialScope {
  if (header === undefined || header.trim() === '') throw missingAuthenticationToken();
  const trimmed = header.trim();
  if (!trimmed.startsWith(`${ALGORITHM} `)) {
    throw incompleteSignature([`Unsupported AWS 'algorithm': only ${ALGORITHM} is accepted.`], trimmed);
  }
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(ALGORITHM.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const problems: string[] = [];
  for (const required of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!fields.get(required)) problems.push(`Authorization header requires '${required}' parameter.`);
  }
  const credential = fields.get('Credential');
  const scope = credential?.split('/') ?? [];
  const [accessKeyId, date, region, service, terminator] = scope;
  if (credential && (scope.length !== 5 || !accessKeyId || !date || !region || !service)) {
    problems.push(`Credential should be scoped to a valid region, service and date, got '${credential}'.`);
  } else if (credential && terminator !== 'aws4_request') {
    problems.push(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`);
  }
  if (problems.length > 0 || !accessKeyId || !date || !region || !service) throw incompleteSignature(problems, trimmed);
  return { accessKeyId, date, region, service };
}

const PRESIGN_PARAMETERS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-Date',
  'X-Amz-SignedHeaders',
  'X-Amz-Expires',
] as const;

/** A presigned URL (query-string authentication) carries the signature in `X-Amz-*` query parameters. */
export function isPresigned(query: URLSearchParams): boolean {
  return query.has('X-Amz-Algorithm') || query.has('X-Amz-Credential') || query.has('X-Amz-Signature');
}

function queryAuthenticationError(message: string): AwsError {
  return new AwsError('AuthorizationQueryParametersError', message, 400);
}

/** The credential scope of a presigned URL; its expiry is the service's to check, as S3 answers it in its own shape. */
export function parsePresignedQuery(query: URLSearchParams): CredentialScope {
  if (PRESIGN_PARAMETERS.some((name) => !query.get(name))) {
    throw queryAuthenticationError(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  if (query.get('X-Amz-Algorithm') !== ALGORITHM) {
    throw queryAuthenticationError(`X-Amz-Algorithm only supports "${ALGORITHM}"`);
  }
  const credential = query.get('X-Amz-Credential') ?? '';
  const [accessKeyId, date, region, service, terminator] = credential.split('/');
  if (!accessKeyId || !date || !region || !service || terminator !== 'aws4_request') {
    throw queryAuthenticationError(
      `Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`,
    );
  }
  return { accessKeyId, date, region, service };
}

/** `20260522T120000Z` → epoch ms; undefined when malformed. */
export function parseAmzDate(value: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
}

function amzDate(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 3986 encoding as SigV4 canonicalises it: everything but unreserved characters. */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

export interface PresignRequest {
  /** The object's URL without a query, e.g. `http://127.0.0.1:4566/bucket/key` (path-style) or a virtual host. */
  readonly url: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly signedAt: Date;
  readonly expiresSeconds: number;
}

/** `http://host:port` + bucket + key → the path-style object URL, each key segment encoded as SigV4 canonicalises it. */
export function pathStyleObjectUrl(endpoint: string, bucket: string, key: string): string {
  const url = new URL(endpoint);
  return `${url.protocol}//${url.host}/${uriEncode(bucket)}/${key.split('/').map(uriEncode).join('/')}`;
}

/** A SigV4 presigned S3 GET URL, signed for the `host` header only (UNSIGNED-PAYLOAD), as the SDKs make them. */
export function presignS3GetUrl(request: PresignRequest): string {
  const url = new URL(request.url);
  const date = amzDate(request.signedAt);
  const scope = `${date.slice(0, 8)}/${request.region}/s3/aws4_request`;
  const query = [
    ['X-Amz-Algorithm', ALGORITHM],
    ['X-Amz-Credential', `${request.accessKeyId}/${scope}`],
    ['X-Amz-Date', date],
    ['X-Amz-Expires', String(request.expiresSeconds)],
    ['X-Amz-SignedHeaders', 'host'],
  ]
    .map(([name, value]) => `${uriEncode(name ?? '')}=${uriEncode(value ?? '')}`)
    .join('&');
  const canonical = ['GET', url.pathname, query, `host:${url.host}`, '', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const toSign = [ALGORITHM, date, scope, createHash('sha256').update(canonical, 'utf8').digest('hex')].join('\n');
  let key: Buffer = hmac(`AWS4${request.secretAccessKey}`, date.slice(0, 8));
  for (const part of [request.region, 's3', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  return `${url.protocol}//${url.host}${url.pathname}?${query}&X-Amz-Signature=${signature}`;
}
