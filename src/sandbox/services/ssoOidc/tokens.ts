/**
 * CreateToken for the two grants a CLI-style client uses: the device code
 * (polled until the user decides, RFC 8628 §3.4-3.5) and the refresh token.
 *
 * Polling state is written even when the answer is an error
 * (`authorization_pending`, `slow_down`), so the mutation returns the error
 * and it is thrown after the state is kept.
 */
import type { SsoClientState, SsoTokenState, StateDocument } from '../../state/document';
import { MAX_SSO_TOKENS } from '../../state/ssoState';
import type { UnsignedOperation } from '../sso/unsigned';
import { authenticateClient } from './clients';
import {
  accessDenied,
  authorizationPending,
  expiredDeviceCode,
  invalidGrant,
  type OidcError,
  slowDown,
  unsupportedGrantType,
} from './errors';
import { oidcInput } from './members';
import { newAccessToken, newRefreshToken, secretDigest } from './secrets';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
export const REFRESH_TOKEN_GRANT = 'refresh_token';

/** A refreshable token lasts an hour; a legacy one (no scopes, no refresh) the whole session, as on AWS. */
export const REFRESHABLE_TOKEN_SECONDS = 60 * 60;
/** Identity Center's default session: after it, even a refresh token is refused and the user signs in again. */
export const SSO_SESSION_SECONDS = 8 * 60 * 60;

interface TokenResponse {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
  readonly refreshToken?: string;
}

type Outcome =
  { readonly ok: true; readonly response: TokenResponse } | { readonly ok: false; readonly error: OidcError };

function issueToken(
  draft: StateDocument,
  client: SsoClientState,
  startUrl: string,
  at: number,
  sessionEndsAt: number,
): TokenResponse {
  const refreshable = client.scopes.length > 0;
  const expiresAt = Math.min(
    at + (refreshable ? REFRESHABLE_TOKEN_SECONDS : SSO_SESSION_SECONDS) * 1000,
    sessionEndsAt,
  );
  const accessToken = newAccessToken();
  const refreshToken = refreshable ? newRefreshToken() : undefined;
  const record: SsoTokenState = {
    accessTokenSha256: secretDigest(accessToken),
    clientId: client.clientId,
    startUrl,
    issuedAt: at,
    expiresAt,
    ...(refreshToken === undefined
      ? {}
      : { refreshTokenSha256: secretDigest(refreshToken), refreshExpiresAt: sessionEndsAt }),
  };
  // Tokens whose session has ended answer nothing differently from unknown ones, so they can go.
  const live = draft.sso.tokens.filter((token) => Math.max(token.expiresAt, token.refreshExpiresAt ?? 0) > at);
  draft.sso.tokens = [...live.slice(Math.max(0, live.length - (MAX_SSO_TOKENS - 1))), record];
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresIn: Math.round((expiresAt - at) / 1000),
    ...(refreshToken === undefined ? {} : { refreshToken }),
  };
}

function redeemDeviceCode(draft: StateDocument, client: SsoClientState, deviceCode: string, at: number): Outcome {
  const device = draft.sso.devices.find((candidate) => candidate.deviceCodeSha256 === secretDigest(deviceCode));
  if (!device || device.clientId !== client.clientId)
    return { ok: false, error: invalidGrant('Invalid device code provided') };
  if (device.expiresAt <= at) return { ok: false, error: expiredDeviceCode() };
  switch (device.status) {
    case 'denied':
      return { ok: false, error: accessDenied() };
    case 'redeemed':
      return { ok: false, error: invalidGrant('Device code has already been used') };
    case 'pending': {
      const tooSoon = device.lastPolledAt !== undefined && at - device.lastPolledAt < device.intervalSeconds * 1000;
      device.lastPolledAt = at;
      return { ok: false, error: tooSoon ? slowDown() : authorizationPending() };
    }
    case 'approved':
      device.status = 'redeemed';
      return { ok: true, response: issueToken(draft, client, device.startUrl, at, at + SSO_SESSION_SECONDS * 1000) };
  }
}

/** A refresh token is used once: the new one replaces it, and the old access token stops working. */
function redeemRefreshToken(draft: StateDocument, client: SsoClientState, refreshToken: string, at: number): Outcome {
  const digest = secretDigest(refreshToken);
  const token = draft.sso.tokens.find((candidate) => candidate.refreshTokenSha256 === digest);
  if (!token || token.clientId !== client.clientId || (token.refreshExpiresAt ?? 0) <= at) {
    return { ok: false, error: invalidGrant('Invalid refresh token provided') };
  }
  draft.sso.tokens = draft.sso.tokens.filter((candidate) => candidate !== token);
  return { ok: true, response: issueToken(draft, client, token.startUrl, at, token.refreshExpiresAt ?? at) };
}

export const createToken: UnsignedOperation = (request, { store, now }) => {
  const input = oidcInput(request);
  const clientId = input.required('clientId');
  const clientSecret = input.required('clientSecret');
  const grantType = input.required('grantType');
  if (grantType !== DEVICE_CODE_GRANT && grantType !== REFRESH_TOKEN_GRANT) throw unsupportedGrantType(grantType);
  const deviceCode = grantType === DEVICE_CODE_GRANT ? input.required('deviceCode') : undefined;
  const refreshToken = grantType === REFRESH_TOKEN_GRANT ? input.required('refreshToken') : undefined;
  const at = now();
  const outcome = store.mutate((draft): Outcome => {
    const client = authenticateClient(draft, clientId, clientSecret, at);
    return deviceCode !== undefined
      ? redeemDeviceCode(draft, client, deviceCode, at.getTime())
      : redeemRefreshToken(draft, client, refreshToken ?? '', at.getTime());
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.response;
};
