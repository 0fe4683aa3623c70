/**
 * The restJson1 protocol (OpenSearch): the operation is the HTTP method and
 * path, bodies are JSON, timestamps are epoch seconds, and errors are a JSON
 * `{"message": …}` body whose code travels in the `x-amzn-ErrorType` header.
 */
import { AwsError } from '../errors';
import type { SandboxRequest, SandboxResponse } from '../serviceModule';

export function jsonResponse(status: number, body: unknown, requestId: string): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId },
    body: JSON.stringify(body),
  };
}

/** The shared error codes under the names OpenSearch gives them. */
const RESTJSON_CODES: Readonly<Record<string, string>> = {
  AccessDenied: 'AccessDeniedException',
  InternalFailure: 'InternalException',
};

export function renderRestJsonError(error: AwsError, requestId: string): SandboxResponse {
  const code = RESTJSON_CODES[error.code] ?? error.code;
  return {
    status: error.status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': code,
    },
    body: JSON.stringify({ message: error.message }),
  };
}

/** What a JSON protocol says when the body is not an object; awsJson1_1 and restJson1 word it differently. */
export interface JsonBodyMessages {
  readonly invalid: string;
  readonly notObject: string;
}

const RESTJSON_BODY_MESSAGES: JsonBodyMessages = {
  invalid: 'The request body is not valid JSON.',
  notObject: 'The request body must be a JSON object.',
};

/** The request body as a JSON object; an empty body is an empty object, as the SDKs send for no members. */
export function readJsonBody(
  request: SandboxRequest,
  messages: JsonBodyMessages = RESTJSON_BODY_MESSAGES,
): Record<string, unknown> {
  const text = request.body.toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AwsError('SerializationException', messages.invalid, 400);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AwsError('SerializationException', messages.notObject, 400);
  }
  return parsed as Record<string, unknown>;
}

/** Seconds since the epoch, with fractions, as restJson1 timestamps are written. */
export function epochSeconds(iso: string): number {
  return new Date(iso).getTime() / 1000;
}
