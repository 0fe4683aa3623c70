/**
 * SSO OIDC's errors: the exception name travels in `x-amzn-ErrorType`, and
 * the body is OAuth 2.0's `{"error": …, "error_description": …}` (RFC 6749
 * §5.2, RFC 8628 §3.5), which is what device-flow clients switch on.
 */
import { AwsError } from '../../errors';
import type { SandboxResponse } from '../../serviceModule';

export class OidcError extends AwsError {
  constructor(
    code: string,
    /** The OAuth `error` value, e.g. `authorization_pending`. */
    readonly oauthError: string,
    description: string,
    status = 400,
  ) {
    super(code, description, status, status >= 500 ? 'Receiver' : 'Sender');
  }
}

export const authorizationPending = (): OidcError =>
  new OidcError('AuthorizationPendingException', 'authorization_pending', 'Authorization is still pending');
export const slowDown = (): OidcError =>
  new OidcError('SlowDownException', 'slow_down', 'Client is polling faster than the allowed interval');
export const expiredDeviceCode = (): OidcError =>
  new OidcError('ExpiredTokenException', 'expired_token', 'Device code has expired');
export const accessDenied = (): OidcError =>
  new OidcError('AccessDeniedException', 'access_denied', 'The user denied the authorization request');
export const invalidClient = (why: string): OidcError =>
  new OidcError('InvalidClientException', 'invalid_client', why, 401);
export const invalidGrant = (why: string): OidcError => new OidcError('InvalidGrantException', 'invalid_grant', why);
export const invalidRequest = (why: string): OidcError =>
  new OidcError('InvalidRequestException', 'invalid_request', why);
export const unsupportedGrantType = (grantType: string): OidcError =>
  new OidcError(
    'UnsupportedGrantTypeException',
    'unsupported_grant_type',
    `The Trellis sandbox supports the device_code and refresh_token grants, not ${JSON.stringify(grantType)}.`,
  );

export function asOidcError(error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  // A bug in a handler must still look like AWS to the client, not hang or drop the socket.
  console.error('[sandbox] sso-oidc handler failed:', error);
  return new OidcError('InternalServerException', 'server_error', 'An internal error occurred.', 500);
}

export function renderOidcError(error: AwsError, requestId: string): SandboxResponse {
  const oauthError = error instanceof OidcError ? error.oauthError : 'invalid_request';
  // Errors raised outside this module (a malformed body) keep their message under OAuth's field names.
  const code = error instanceof OidcError ? error.code : 'InvalidRequestException';
  return {
    status: error instanceof OidcError ? error.status : 400,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, 'x-amzn-errortype': code },
    body: JSON.stringify({ error: oauthError, error_description: error.message }),
  };
}
