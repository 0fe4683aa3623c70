/**
 * SSO OIDC (signing name `sso-oauth`, host `oidc.<region>.amazonaws.com`):
 * restJson1, unsigned. The device flow a CLI-style client runs to sign in to
 * IAM Identity Center; the token it ends with is what the portal accepts.
 */
import { createRestJsonUnsignedService, routeKey, type UnsignedService } from '../sso/unsigned';
import { registerClient } from './clients';
import { startDeviceAuthorization } from './devices';
import { asOidcError, renderOidcError } from './errors';
import { createToken } from './tokens';

export const ssoOidcService: UnsignedService = createRestJsonUnsignedService({
  name: 'sso-oauth',
  operations: new Map([
    [routeKey('POST', '/client/register'), registerClient],
    [routeKey('POST', '/device_authorization'), startDeviceAuthorization],
    [routeKey('POST', '/token'), createToken],
  ]),
  renderError: renderOidcError,
  asError: asOidcError,
});
