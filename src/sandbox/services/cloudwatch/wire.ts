/**
 * CloudWatch speaks three protocols for one model: Smithy RPC v2 CBOR (what
 * botocore 1.43 and current SDKs send), awsJson1_0 and the older awsQuery.
 * Each is decoded here into one plain input tree and each answer is encoded
 * from one plain output tree, so the operations never see the wire.
 *
 * The service is `awsQueryCompatible`: CBOR and JSON errors carry the model's
 * shape name in `__type` and the query code in `x-amzn-query-error`, which is
 * what clients report as the error code.
 */
import { cbor, dateToTag } from '@smithy/core/cbor';
import { AwsError } from '../../errors';
import { readQueryParams } from '../../protocols/awsQuery';
import { escapeXml, isoSeconds } from '../../protocols/xml';
import type { SandboxRequest, SandboxResponse } from '../../serviceModule';

export type WireProtocol = 'cbor' | 'json' | 'query';

/** What an operation answers: Maps become CBOR/JSON maps and query `<entry>` lists. */
export type OutputValue =
  string | number | boolean | Date | OutputNode | readonly OutputValue[] | OutputMap | undefined;
export interface OutputNode {
  readonly [member: string]: OutputValue;
}
export type OutputMap = ReadonlyMap<string, OutputValue>;

export const TARGET_PREFIX = 'GraniteServiceVersion20100801';
export const XMLNS = 'http://monitoring.amazonaws.com/doc/2010-08-01/';
const CBOR_PATH = new RegExp(`^/service/${TARGET_PREFIX}/operation/([A-Za-z]+)$`);

function header(request: SandboxRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function protocolOf(request: SandboxRequest): WireProtocol {
  if (CBOR_PATH.test(request.path) || header(request, 'smithy-protocol') !== undefined) return 'cbor';
  if (header(request, 'x-amz-target') !== undefined) return 'json';
  return 'query';
}

/** The operation the request names, in whichever protocol it speaks; undefined when it names none. */
export function operationName(request: SandboxRequest): string | undefined {
  switch (protocolOf(request)) {
    case 'cbor':
      return CBOR_PATH.exec(request.path)?.[1];
    case 'json': {
      const target = header(request, 'x-amz-target') ?? '';
      return target.startsWith(`${TARGET_PREFIX}.`) ? target.slice(TARGET_PREFIX.length + 1) : undefined;
    }
    case 'query': {
      const action = readQueryParams(request).raw('Action');
      return action === '' ? undefined : action;
    }
  }
}

const malformedBody = (): AwsError =>
  new AwsError('SerializationException', 'The request body could not be read.', 400);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Query parameters as a tree: `Dimensions.member.2.Name` becomes `Dimensions[1].Name`. Leaves stay
 * strings; the operations' readers convert numbers, booleans and timestamps from any protocol's form.
 */
function queryTree(request: SandboxRequest): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const params = readQueryParams(request);
  for (const key of params.names()) {
    const value = params.raw(key) ?? '';
    if (key === 'Action' || key === 'Version') continue;
    const parts = key.split('.');
    let node: Record<string, unknown> = root;
    for (let i = 0; i < parts.length; i += 1) {
      const part = parts[i] ?? '';
      const isList = parts[i + 1] === 'member' && /^[1-9]\d{0,4}$/.test(parts[i + 2] ?? '');
      const last = isList ? i + 2 === parts.length - 1 : i === parts.length - 1;
      if (isList) {
        const list = Array.isArray(node[part]) ? (node[part] as unknown[]) : [];
        node[part] = list;
        const index = Number(parts[i + 2]) - 1;
        if (last) {
          list[index] = value;
          break;
        }
        const child = isRecord(list[index]) ? list[index] : {};
        list[index] = child;
        node = child;
        i += 2;
        continue;
      }
      if (last) {
        node[part] = value;
        break;
      }
      const child = isRecord(node[part]) ? node[part] : {};
      node[part] = child;
      node = child;
    }
  }
  return compactLists(root) as Record<string, unknown>;
}

/** `member.1` and `member.3` without `member.2` leave a hole; AWS reads the members in order. */
function compactLists(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((entry) => entry !== undefined).map(compactLists);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compactLists(v)]));
  return value;
}

/** CBOR timestamps arrive as tag 1 (epoch seconds); they become Dates, as every reader expects. */
function untag(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(untag);
  if (isRecord(value)) {
    if (value['tag'] === 1 && typeof value['value'] === 'number') return new Date(value['value'] * 1000);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, untag(v)]));
  }
  return value;
}

export function readInput(request: SandboxRequest, protocol: WireProtocol): Record<string, unknown> {
  if (protocol === 'query') return queryTree(request);
  if (request.body.length === 0) return {};
  let decoded: unknown;
  try {
    decoded =
      protocol === 'cbor'
        ? untag(cbor.deserialize(new Uint8Array(request.body)))
        : JSON.parse(request.body.toString('utf8'));
  } catch {
    throw malformedBody();
  }
  if (!isRecord(decoded)) throw malformedBody();
  return decoded;
}

function toCbor(value: OutputValue): unknown {
  if (value instanceof Date) return dateToTag(value);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, toCbor(v)]));
  if (Array.isArray(value)) return value.map(toCbor);
  if (typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toCbor(v)]),
    );
  return value;
}

function toJson(value: OutputValue): unknown {
  // awsJson timestamps are epoch seconds.
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, toJson(v)]));
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value;
}

function toXml(name: string, value: OutputValue): string {
  if (value === undefined) return '';
  let content: string;
  if (value instanceof Date) content = isoSeconds(value);
  else if (value instanceof Map)
    content = [...value].map(([k, v]) => `<entry>${toXml('key', k)}${toXml('value', v)}</entry>`).join('');
  else if (Array.isArray(value)) content = value.map((entry: OutputValue) => toXml('member', entry)).join('');
  else if (typeof value === 'object')
    content = Object.entries(value)
      .map(([k, v]) => toXml(k, v))
      .join('');
  else content = typeof value === 'string' ? escapeXml(value) : String(value);
  return content === '' ? `<${name}/>` : `<${name}>${content}</${name}>`;
}

export function renderOutput(
  protocol: WireProtocol,
  operation: string,
  output: OutputNode,
  requestId: string,
): SandboxResponse {
  switch (protocol) {
    case 'cbor':
      return {
        status: 200,
        headers: {
          'content-type': 'application/cbor',
          'smithy-protocol': 'rpc-v2-cbor',
          'x-amzn-requestid': requestId,
        },
        body: cbor.serialize(toCbor(output)),
      };
    case 'json':
      return {
        status: 200,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId },
        body: JSON.stringify(toJson(output)),
      };
    case 'query': {
      const result = Object.keys(output).length === 0 ? '' : toXml(`${operation}Result`, output);
      const body = `<${operation}Response xmlns="${XMLNS}">${result}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
      return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId }, body };
    }
  }
}

/** The model's shape for each query error code CloudWatch defines; other codes (AccessDenied, …) name themselves. */
const ERROR_SHAPES: Readonly<Record<string, string>> = {
  InvalidParameterValue: 'InvalidParameterValueException',
  InvalidParameterCombination: 'InvalidParameterCombinationException',
  MissingParameter: 'MissingRequiredParameterException',
  LimitExceeded: 'LimitExceededFault',
  InternalServiceError: 'InternalServiceFault',
};

export function renderWireError(protocol: WireProtocol, error: AwsError, requestId: string): SandboxResponse {
  if (protocol === 'query') {
    const body =
      `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${error.type}</Type><Code>${escapeXml(error.code)}</Code>` +
      `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    return { status: error.status, headers: { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId }, body };
  }
  const shape = `com.amazonaws.cloudwatch#${ERROR_SHAPES[error.code] ?? error.code}`;
  const headers = {
    'x-amzn-requestid': requestId,
    'x-amzn-query-error': `${error.code};${error.type}`,
  };
  if (protocol === 'json')
    return {
      status: error.status,
      headers: { ...headers, 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify({ __type: shape, message: error.message }),
    };
  return {
    status: error.status,
    headers: { ...headers, 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' },
    body: cbor.serialize({ __type: shape, message: error.message }),
  };
}
