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

/** Deeper than any AWS request shape nests; a body past it is refused rather than walked. */
const MAX_JSON_DEPTH = 64;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What makes parsed JSON unusable as AWS input: nesting past MAX_JSON_DEPTH, or a string (key or value)
 * holding an unpaired UTF-16 surrogate, which `\ud800` escapes can produce and no UTF-8 text can carry.
 * Iterative, so a hostile depth cannot overflow the stack.
 */
function jsonProblem(root: unknown): string | undefined {
  const pending: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { value, depth } = item;
    if (typeof value === 'string') {
      if (UNPAIRED_SURROGATE.test(value)) return 'The request body contains a string with an unpaired surrogate.';
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) return `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`;
    if (Array.isArray(value)) {
      for (const element of value as unknown[]) pending.push({ value: element, depth: depth + 1 });
      continue;
    }
    for (const [key, member] of Object.entries(value)) {
      if (UNPAIRED_SURROGATE.test(key)) return 'The request body contains a key with an unpaired surrogate.';
      pending.push({ value: member, depth: depth + 1 });
    }
  }
  return undefined;
}

/** The request body as a JSON object; an empty body is an empty object, as the SDKs send for no members. */
export function readJsonBody(
  request: SandboxRequest,
  messages: JsonBodyMessages = RESTJSON_BODY_MESSAGES,
): Record<string, unknown> {
  let text: string;
  try {
    text = STRICT_UTF8.decode(request.body).trim();
  } catch {
    throw new AwsError('SerializationException', 'The request body is not UTF-8.', 400);
  }
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
  const problem = jsonProblem(parsed);
  if (problem) throw new AwsError('SerializationException', problem, 400);
  return parsed as Record<string, unknown>;
}

/** Seconds since the epoch, with fractions, as restJson1 timestamps are written. */
export function epochSeconds(iso: string): number {
  return new Date(iso).getTime() / 1000;
}
