/**
 * The awsJson1_1 protocol (SSM and friends): `POST /` with
 * `X-Amz-Target: <Prefix>.<Operation>`, a JSON body both ways, and errors as
 * `{"__type": "<Code>", "message": "..."}` with the error's HTTP status.
 */
import { AwsError, internalFailure } from '../errors';
import type { RequestContext, SandboxResponse, ServiceModule } from '../serviceModule';
import type { RequestResources } from './awsQuery';
import { type JsonBodyMessages, readJsonBody } from './restJson';

export type JsonObject = Record<string, unknown>;
export type JsonAction = (input: JsonObject, context: RequestContext) => JsonObject;

export interface AwsJsonServiceDefinition {
  readonly signingName: string;
  /** The part of X-Amz-Target before the dot, e.g. `AmazonSSM`. */
  readonly targetPrefix: string;
  readonly actions: ReadonlyMap<string, JsonAction>;
  /** The ARNs an operation acts on, for resource-level policies; undefined judges it on `*`. */
  readonly resources?: RequestResources<JsonObject>;
}

const CONTENT_TYPE = 'application/x-amz-json-1.1';

export function jsonResponse(status: number, body: JsonObject, requestId: string): SandboxResponse {
  return {
    status,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: JSON.stringify(body),
  };
}

export function renderJsonError(error: AwsError, requestId: string): SandboxResponse {
  return jsonResponse(error.status, { __type: error.code, message: error.message }, requestId);
}

const STRUCTURE_EXPECTED = 'Start of structure or map found where not expected.';
const AWSJSON_BODY_MESSAGES: JsonBodyMessages = { invalid: STRUCTURE_EXPECTED, notObject: STRUCTURE_EXPECTED };

export function createAwsJsonService(definition: AwsJsonServiceDefinition): ServiceModule {
  const { signingName, targetPrefix, actions, resources } = definition;
  return {
    signingName,
    renderError: renderJsonError,
    handle(request, context) {
      try {
        const header = request.headers['x-amz-target'];
        const target = Array.isArray(header) ? header[0] : header;
        const operation = target?.startsWith(`${targetPrefix}.`) ? target.slice(targetPrefix.length + 1) : undefined;
        const handler = operation === undefined ? undefined : actions.get(operation);
        if (operation === undefined || !handler) {
          throw new AwsError('UnknownOperationException', `Unknown operation ${target ?? '(none)'}`, 400);
        }
        const input = readJsonBody(request, AWSJSON_BODY_MESSAGES);
        context.authorize(`${signingName}:${operation}`, resources?.(operation, input, context));
        return jsonResponse(200, handler(input, context), context.requestId);
      } catch (error: unknown) {
        if (error instanceof AwsError) return renderJsonError(error, context.requestId);
        // A bug in a handler must still look like AWS to the client, not hang or drop the socket.
        console.error(`[sandbox] ${signingName} handler failed:`, error);
        return renderJsonError(internalFailure('An internal error occurred.'), context.requestId);
      }
    },
  };
}

/** Reads optional typed members, turning a wrong JSON type into the SerializationException AWS sends. */
export const members = {
  string(input: JsonObject, key: string): string | undefined {
    const value = input[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw serialization(key);
    return value;
  },
  number(input: JsonObject, key: string): number | undefined {
    const value = input[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw serialization(key);
    return value;
  },
  boolean(input: JsonObject, key: string): boolean | undefined {
    const value = input[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw serialization(key);
    return value;
  },
  array(input: JsonObject, key: string): unknown[] | undefined {
    const value = input[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw serialization(key);
    return value;
  },
};

function serialization(key: string): AwsError {
  return new AwsError('SerializationException', `Unexpected value type for member ${key}.`, 400);
}

/** AWS's wording for a constraint violation on one request member. */
export function validationException(message: string): AwsError {
  return new AwsError('ValidationException', `1 validation error detected: ${message}`, 400);
}
