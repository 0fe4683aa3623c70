/**
 * The restXml protocol as S3 speaks it: the operation is the HTTP method and
 * path, bodies are raw bytes or XML documents without a Result wrapper, and
 * errors are a bare `<Error>` document.
 */
import { AwsError } from '../errors';
import type { SandboxResponse } from '../serviceModule';
import { renderElement } from './xml';

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** An S3 error may carry extra fields (`Key`, `BucketName`) that S3 puts next to Code and Message. */
export class S3Error extends AwsError {
  constructor(
    code: string,
    message: string,
    status: number,
    readonly extra: Readonly<Record<string, string>> = {},
  ) {
    super(code, message, status);
  }
}

function s3Headers(requestId: string, contentType?: string): Record<string, string> {
  return {
    'x-amz-request-id': requestId,
    // S3 pairs the request id with an extended host id; clients print it in errors.
    'x-amz-id-2': Buffer.from(requestId).toString('base64'),
    ...(contentType === undefined ? {} : { 'content-type': contentType }),
  };
}

/** XML assembled by the caller, for S3's flattened lists (`<Contents>` repeated, no wrapper). */
export function rawXmlDocument(status: number, root: string, inner: string, requestId: string): SandboxResponse {
  return {
    status,
    headers: s3Headers(requestId, 'application/xml'),
    body: `${XML_DECLARATION}<${root} xmlns="${S3_XMLNS}">${inner}</${root}>`,
  };
}

export function emptyResponse(
  status: number,
  requestId: string,
  headers: Readonly<Record<string, string>> = {},
): SandboxResponse {
  return { status, headers: { ...s3Headers(requestId), ...headers }, body: '' };
}

export function bytesResponse(
  requestId: string,
  headers: Readonly<Record<string, string>>,
  body: Uint8Array,
): SandboxResponse {
  return { status: 200, headers: { ...s3Headers(requestId), ...headers }, body };
}

export function renderS3Error(error: AwsError, requestId: string, method = 'GET'): SandboxResponse {
  // A HEAD answer has no body, so clients see only the status (the SDK maps 404 to NotFound).
  if (method === 'HEAD') return emptyResponse(error.status, requestId);
  const extra = error instanceof S3Error ? error.extra : {};
  return {
    status: error.status,
    headers: s3Headers(requestId, 'application/xml'),
    body:
      XML_DECLARATION +
      renderElement('Error', { Code: error.code, Message: error.message, ...extra, RequestId: requestId }),
  };
}

function header(headers: Readonly<Record<string, string | string[] | undefined>>, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** True when the body uses SigV4 streaming (`aws-chunked`), signed or unsigned, with or without trailers. */
export function isAwsChunked(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  return (
    header(headers, 'x-amz-content-sha256').startsWith('STREAMING-') ||
    header(headers, 'content-encoding')
      .split(',')
      .some((part) => part.trim() === 'aws-chunked')
  );
}

/**
 * Decodes an aws-chunked body: `<hex size>[;chunk-signature=…]\r\n<data>\r\n`
 * repeated, ending with a zero-size chunk and optional trailing headers
 * (checksums). Signatures are not verified: the sandbox does not verify any.
 */
export function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset, 'latin1');
    if (lineEnd === -1) throw new AwsError('IncompleteBody', 'The request body terminated unexpectedly', 400);
    const sizeText = body.toString('latin1', offset, lineEnd).split(';')[0]?.trim() ?? '';
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) {
      throw new AwsError('InvalidRequest', `Invalid chunk size '${sizeText.slice(0, 20)}' in aws-chunked body.`, 400);
    }
    const size = parseInt(sizeText, 16);
    const start = lineEnd + 2;
    if (size === 0) return Buffer.concat(parts);
    if (start + size > body.length)
      throw new AwsError('IncompleteBody', 'The request body terminated unexpectedly', 400);
    parts.push(body.subarray(start, start + size));
    offset = start + size + 2; // skip the CRLF after the data
  }
}
