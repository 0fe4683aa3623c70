import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { AppError, AppErrorCode } from '../../shared/contract';

/**
 * The one error type main throws on purpose. It carries the contract's plain
 * `AppError`, so nothing downstream depends on an Error instance surviving IPC.
 */
export class TrellisError extends Error {
  constructor(public readonly appError: AppError) {
    super(appError.message);
    this.name = 'TrellisError';
  }
}

export interface ErrorContext {
  service?: string;
  operation?: string;
  /** The URL the request went to; named in network hints. */
  endpoint?: string;
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'BandwidthLimitExceeded',
]);
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedAccess']);
const CREDENTIALS = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'CredentialsProviderError',
  'InvalidAccessKeyId',
  'AuthFailure',
  'IncompleteSignature',
  'InvalidSignatureException',
  'MissingAuthenticationToken',
  'TokenProviderError',
]);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ECONNRESET',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
]);
/**
 * Names the SDK gives an error when the body could not be read as the
 * service's protocol (HTML, empty or JSON where XML was expected).
 */
const UNPARSEABLE_NAMES = new Set(['Error', 'SyntaxError', 'Unknown', 'UnknownError', 'TypeError']);

interface ErrorFacts {
  name?: string;
  message?: string;
  code?: string;
  awsCode?: string;
  httpStatus?: number;
  requestId?: string;
  hasMetadata: boolean;
  retryableFlag: boolean;
  serverFault: boolean;
  address?: string;
}

export function toAppError(err: unknown, context: ErrorContext = {}): AppError {
  if (err instanceof TrellisError) return err.appError;
  const facts = factsOf(err);
  const { service, operation } = context;
  const base = { service, operation, requestId: facts.requestId, httpStatus: facts.httpStatus };
  const where = endpointLabel(context, facts);
  const what = operation ? `${operation}${service ? ` (${service})` : ''}` : 'the request';

  const make = (code: AppErrorCode, message: string, retryable: boolean, hint?: string, awsCode = facts.awsCode) =>
    strip({ ...base, code, message: redact(message), awsCode, retryable: retryable || facts.retryableFlag, hint });

  if (facts.code && NETWORK_CODES.has(facts.code)) {
    return make(
      'network',
      `Could not reach ${where} for ${what}: ${facts.code}.`,
      true,
      `Check that ${where} is reachable: network, VPN or proxy, and the profile's endpoint_url or AWS_ENDPOINT_URL settings.`,
      undefined,
    );
  }
  if ((facts.name && TIMEOUT_NAMES.has(facts.name)) || facts.code === 'ETIMEDOUT') {
    return make(
      'timeout',
      facts.awsCode && facts.message ? facts.message : `No answer from ${where} in time for ${what}.`,
      true,
      'The endpoint did not answer in time. Retry; if it keeps happening, check the network or the endpoint.',
      facts.awsCode ?? (facts.name === 'TimeoutError' ? undefined : facts.name),
    );
  }
  const name = facts.awsCode ?? facts.name ?? '';
  const names = [facts.name ?? '', facts.awsCode ?? ''];
  const message = facts.message || name || 'Unknown error';
  if (names.some((n) => THROTTLING.has(n))) {
    return make(
      'throttled',
      message,
      true,
      'AWS is limiting the request rate. Wait a few seconds and retry; Trellis already backs off between attempts.',
    );
  }
  if (names.some((n) => ACCESS_DENIED.has(n))) {
    return make(
      'access-denied',
      message,
      false,
      'The identity behind this profile lacks the permission named in the message.',
    );
  }
  if (names.some((n) => CREDENTIALS.has(n))) {
    return make(
      'credentials',
      message,
      false,
      'The credentials were rejected or have expired. Refresh them (for SSO profiles run `aws sso login --profile NAME`) or check the keys in the credentials file.',
    );
  }
  if (names.some(isNotFound)) return make('not-found', message, false);
  if (names.some(isConflict)) return make('conflict', message, false);

  const unparseable = facts.hasMetadata && !facts.awsCode && UNPARSEABLE_NAMES.has(facts.name ?? 'Error');
  if (unparseable && facts.httpStatus !== undefined) {
    return strip({
      ...base,
      code: 'aws',
      message: `The endpoint answered with something that is not an AWS response (HTTP ${facts.httpStatus}) for ${operation ?? 'this call'}; it may not implement this call.`,
      retryable: false,
      hint: `Check that ${where} is an AWS endpoint for ${service ?? 'this service'}.`,
    });
  }
  // An unparseable error without a status never saw a response: a local fault, so it falls through to internal.
  if (facts.hasMetadata && !unparseable) return make('aws', message, facts.serverFault, undefined, name || undefined);
  return strip({ code: 'internal', message: redact(message), service, operation, retryable: false });
}

function isNotFound(name: string): boolean {
  return (
    name === 'NoSuchEntity' ||
    name === 'ResourceNotFoundException' ||
    /^NoSuch[A-Z]/.test(name) ||
    /NotFound(Fault|Exception)?$/.test(name)
  );
}

function isConflict(name: string): boolean {
  return /\.Duplicate$/.test(name) || /AlreadyExists/.test(name) || name === 'EntityAlreadyExists';
}

function factsOf(err: unknown): ErrorFacts {
  if (typeof err !== 'object' || err === null) {
    return {
      message: typeof err === 'string' ? err : String(err),
      hasMetadata: false,
      retryableFlag: false,
      serverFault: false,
    };
  }
  const metadata = field(err, '$metadata');
  const response = field(err, '$response');
  const status = numberField(metadata, 'httpStatusCode') ?? numberField(response, 'statusCode');
  const name = stringField(err, 'name');
  return {
    name,
    message: stringField(err, 'message'),
    code: networkCode(err),
    // awsQuery errors carry the wire code (NoSuchEntity) next to the class name (NoSuchEntityException).
    awsCode:
      stringField(err, 'Code') ?? (isServiceException(err) && !UNPARSEABLE_NAMES.has(name ?? '') ? name : undefined),
    httpStatus: status !== undefined && Number.isInteger(status) ? status : undefined,
    requestId: stringField(metadata, 'requestId') ?? stringField(err, 'RequestId'),
    hasMetadata: typeof metadata === 'object' && metadata !== null,
    retryableFlag: typeof field(err, '$retryable') === 'object' && field(err, '$retryable') !== null,
    serverFault: field(err, '$fault') === 'server',
    address: addressOf(err),
  };
}

/** SDK service exceptions always carry `$fault`; transport and parse errors do not. */
function isServiceException(err: object): boolean {
  const fault = field(err, '$fault');
  return fault === 'client' || fault === 'server';
}

/** Node reports some connect failures as an AggregateError (one per address family) or as a cause. */
function networkCode(err: object): string | undefined {
  const own = stringField(err, 'code');
  if (own) return own;
  const nested = field(err, 'errors');
  if (Array.isArray(nested) && nested.length > 0) return stringField(nested[0], 'code');
  const cause = field(err, 'cause');
  return typeof cause === 'object' && cause !== null ? stringField(cause, 'code') : undefined;
}

function addressOf(err: object): string | undefined {
  const address = stringField(err, 'address');
  const port = numberField(err, 'port');
  if (!address) return undefined;
  return port !== undefined ? `${address}:${port}` : address;
}

function endpointLabel(context: ErrorContext, facts: ErrorFacts): string {
  if (context.endpoint) return context.endpoint;
  if (facts.address) return facts.address;
  return context.service ? `the ${context.service} endpoint` : 'the AWS endpoint';
}

function field(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null) return undefined;
  return (obj as Record<string, unknown>)[key];
}

function stringField(obj: unknown, key: string): string | undefined {
  const value = field(obj, key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function numberField(obj: unknown, key: string): number | undefined {
  const value = field(obj, key);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** What a failing credential provider becomes: a 'credentials' error naming the profile, secrets cut out. */
export function credentialsError(profile: string, err: unknown, secrets: readonly string[] = []): TrellisError {
  if (err instanceof TrellisError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new TrellisError({
    code: 'credentials',
    message: redact(`Could not load credentials for profile '${profile}': ${reason}`, secrets),
    retryable: false,
    hint: `Check profile '${profile}' in the shared files; for SSO profiles run \`aws sso login --profile ${profile}\`.`,
  });
}

/** Wraps a credential provider so every failure comes out as credentialsError. */
export function guardCredentials(
  profile: string,
  provider: AwsCredentialIdentityProvider,
  secrets: readonly string[] = [],
): AwsCredentialIdentityProvider {
  return async (props) => {
    try {
      return await provider(props);
    } catch (err) {
      throw credentialsError(profile, err, secrets);
    }
  };
}

const SECRET_PATTERNS: RegExp[] = [
  /(aws_secret_access_key|aws_session_token|secretAccessKey|sessionToken|SecretAccessKey|SessionToken)(["']?\s*[=:]\s*["']?)[^\s"',;}]+/g,
  /(X-Amz-Security-Token=|X-Amz-Signature=)[^&\s]+/g,
];

/**
 * Messages travel to the renderer and into logs, so anything that looks like
 * a secret key or session token is cut out, whatever produced the message.
 */
export function redact(message: string, secrets: readonly string[] = []): string {
  let out = message;
  for (const secret of secrets) {
    if (secret.length >= 8) out = out.split(secret).join('***');
  }
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, '$1$2***');
  return out.length > 2000 ? `${out.slice(0, 2000)}…` : out;
}

/** Drops undefined keys so errors compare and serialise cleanly. */
function strip(error: AppError): AppError {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) if (value !== undefined) out[key] = value;
  return out as AppError;
}
