import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { TrellisError } from '../errors';
import { oidcErrorName, type PortalApi, type SsoApis } from './ssoApi';
import { registrationCachePath, tokenCachePath, type SsoConfig, type SsoEndpoints } from './ssoProfile';
import {
  EXPIRY_MARGIN_MS,
  cliTimestamp,
  readRegistration,
  readToken,
  tokenState,
  writeRegistration,
  writeToken,
  type ClientRegistration,
} from './tokenCache';

/**
 * The SSO state shared by every profile of one Identity Center session: the
 * token (in the CLI's cache file, so it is shared with the CLI), the client
 * registration, and role credentials bought with the token, in memory until
 * they expire.
 */
export interface SsoSessionsOptions {
  homeDir: string;
  apis: SsoApis;
  now?: () => number;
}

/** The portal's errors for a token it no longer accepts. */
const REJECTED_TOKEN = new Set(['UnauthorizedException', 'UnauthorizedClientException', 'InvalidGrantException']);

export class SsoSessions {
  private readonly now: () => number;
  private readonly registrations = new Map<string, ClientRegistration>();
  private readonly roles = new Map<string, { startUrl: string; credentials: AwsCredentialIdentity }>();
  /** Access tokens the service turned down; the file may still hold one until the next sign-in. */
  private readonly rejected = new Set<string>();

  constructor(private readonly opts: SsoSessionsOptions) {
    this.now = opts.now ?? Date.now;
  }

  get clock(): () => number {
    return this.now;
  }

  get apis(): SsoApis {
    return this.opts.apis;
  }

  /** A usable access token, refreshed first when it is near its end and can be; otherwise the sign-in request. */
  async accessToken(config: SsoConfig, endpoints: SsoEndpoints): Promise<string> {
    const path = tokenCachePath(this.opts.homeDir, config);
    const token = readToken(path);
    const state = tokenState(token, this.now());
    if (state.kind === 'valid' && !this.rejected.has(state.accessToken)) return state.accessToken;
    if (state.kind === 'refresh' && token) {
      try {
        const created = await this.opts.apis
          .oidc(config.region, endpoints)
          .createToken({ ...state, grantType: 'refresh_token' });
        writeToken(path, {
          ...token,
          accessToken: created.accessToken,
          expiresAt: cliTimestamp(this.now() + created.expiresIn * 1000),
          refreshToken: created.refreshToken ?? token.refreshToken,
        });
        return created.accessToken;
      } catch {
        // A refused refresh (revoked session, expired registration) means signing in again, as for no token.
      }
    }
    throw ssoNeeded(config, token !== undefined);
  }

  /** The role's credentials, bought with the session's token and kept until they expire. */
  async roleCredentials(config: SsoConfig, endpoints: SsoEndpoints): Promise<AwsCredentialIdentity> {
    const { accountId, roleName } = config;
    if (accountId === undefined || roleName === undefined) {
      throw new TrellisError({
        code: 'profile-config',
        message: `Profile '${config.profile}' signs in to ${config.startUrl} but names no account and role; add sso_account_id and sso_role_name.`,
        retryable: false,
      });
    }
    const key = roleKey(config);
    const cached = this.roles.get(key)?.credentials;
    if (cached && (cached.expiration?.getTime() ?? 0) - EXPIRY_MARGIN_MS > this.now()) return { ...cached };
    this.roles.delete(key);
    const credentials = await this.withToken(config, endpoints, (portal, accessToken) =>
      portal.getRoleCredentials({ accessToken, accountId, roleName }),
    );
    this.roles.set(key, { startUrl: config.startUrl, credentials });
    return { ...credentials };
  }

  /**
   * Runs portal calls with the session's token. A token the portal turns down
   * is remembered as rejected (the file may still hold it) and becomes the
   * sign-in request, as an expired one does.
   */
  async withToken<T>(
    config: SsoConfig,
    endpoints: SsoEndpoints,
    call: (portal: PortalApi, accessToken: string) => Promise<T>,
  ): Promise<T> {
    const accessToken = await this.accessToken(config, endpoints);
    try {
      return await call(this.opts.apis.portal(config.region, endpoints), accessToken);
    } catch (err) {
      if (!REJECTED_TOKEN.has(oidcErrorName(err) ?? '')) throw err;
      this.rejected.add(accessToken);
      throw ssoNeeded(config, true);
    }
  }

  /** Drops role credentials (one role's, or every role of a start URL), so the next call buys new ones. */
  forgetRoles(match: { startUrl: string; key?: string }): void {
    for (const [key, entry] of this.roles) {
      if (entry.startUrl === match.startUrl && (match.key === undefined || match.key === key)) this.roles.delete(key);
    }
  }

  forgetRole(config: SsoConfig): void {
    this.forgetRoles({ startUrl: config.startUrl, key: roleKey(config) });
  }

  /** True when the token file holds a token that can be used or refreshed. */
  signedIn(config: SsoConfig): boolean {
    const state = tokenState(readToken(tokenCachePath(this.opts.homeDir, config)), this.now());
    return state.kind === 'refresh' || (state.kind === 'valid' && !this.rejected.has(state.accessToken));
  }

  /** The client registration for this session, from memory, the CLI's file, or a new RegisterClient. */
  async registration(config: SsoConfig, endpoints: SsoEndpoints): Promise<ClientRegistration> {
    const path = registrationCachePath(this.opts.homeDir, config);
    const usable = (r: ClientRegistration | undefined) =>
      r !== undefined && Date.parse(r.expiresAt) - EXPIRY_MARGIN_MS > this.now() ? r : undefined;
    const known = usable(this.registrations.get(path)) ?? usable(readRegistration(path));
    if (known) {
      this.registrations.set(path, known);
      return known;
    }
    const registered = await this.opts.apis.oidc(config.region, endpoints).registerClient({
      clientName: `trellis-${Math.floor(this.now() / 1000)}`,
      scopes: config.scopes,
    });
    const registration: ClientRegistration = {
      clientId: registered.clientId,
      clientSecret: registered.clientSecret,
      expiresAt: cliTimestamp(registered.clientSecretExpiresAt * 1000),
      scopes: config.scopes,
    };
    writeRegistration(path, registration);
    this.registrations.set(path, registration);
    return registration;
  }

  /** Keeps a token from a finished device authorization in the CLI's file, and drops what the old one bought. */
  saveToken(
    config: SsoConfig,
    registration: ClientRegistration,
    created: { accessToken: string; expiresIn: number; refreshToken?: string },
  ): Date {
    const expiresAt = this.now() + created.expiresIn * 1000;
    writeToken(tokenCachePath(this.opts.homeDir, config), {
      startUrl: config.startUrl,
      region: config.region,
      accessToken: created.accessToken,
      expiresAt: cliTimestamp(expiresAt),
      clientId: registration.clientId,
      clientSecret: registration.clientSecret,
      registrationExpiresAt: registration.expiresAt,
      ...(created.refreshToken ? { refreshToken: created.refreshToken } : {}),
    });
    this.forgetRoles({ startUrl: config.startUrl });
    return new Date(expiresAt);
  }
}

function roleKey(config: SsoConfig): string {
  return [config.sessionName ?? '', config.startUrl, config.accountId ?? '', config.roleName ?? ''].join('\u0000');
}

/** The error every call of an SSO profile gets until the user signs in (again). */
export function ssoNeeded(config: SsoConfig, ended: boolean): TrellisError {
  const what = config.sessionName ? `SSO session '${config.sessionName}'` : `SSO sign-in to ${config.startUrl}`;
  return new TrellisError({
    code: 'credentials',
    message: ended
      ? `The ${what} of profile '${config.profile}' has expired or was revoked; sign in again to continue.`
      : `Profile '${config.profile}' needs you to sign in through IAM Identity Center (${config.startUrl}).`,
    retryable: false,
    hint: 'Choose "Sign in with SSO", then approve the code in your browser. The sign-in is shared with the AWS CLI.',
    signIn: { kind: 'sso', profile: config.profile, startUrl: config.startUrl },
  });
}
