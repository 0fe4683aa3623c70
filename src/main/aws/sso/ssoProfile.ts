import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ProfileValues } from '../profileChain';

/**
 * What an SSO profile says, from the profile and (for `sso_session = NAME`)
 * its `[sso-session NAME]` section, and where the AWS CLI keeps its cache
 * files for it, so the CLI and Trellis share one sign-in.
 */
export interface SsoConfig {
  /** The profile the settings were read from. */
  profile: string;
  startUrl: string;
  /** The region of the Identity Center instance (sso_region), not the profile's. */
  region: string;
  /** Set for `sso_session` profiles; legacy profiles have none. */
  sessionName?: string;
  scopes: string[];
  accountId?: string;
  roleName?: string;
}

export interface SsoEndpoints {
  sso?: string;
  oidc?: string;
}

/** What the AWS CLI v2 asks for when an sso-session names no scopes. */
export const DEFAULT_SCOPES = ['sso:account:access'];

export type SsoSettings = { config: SsoConfig } | { problem: string } | undefined;

export function isSsoProfile(values: ProfileValues): boolean {
  return values.sso_session !== undefined || values.sso_start_url !== undefined;
}

/** undefined when the profile is not an SSO profile; a problem when it is one that cannot work. */
export function ssoSettings(
  profile: string,
  values: ProfileValues,
  sessions: ReadonlyMap<string, ProfileValues>,
): SsoSettings {
  if (!isSsoProfile(values)) return undefined;
  const account = { accountId: values.sso_account_id, roleName: values.sso_role_name };
  if ((account.accountId === undefined) !== (account.roleName === undefined)) {
    return { problem: 'sso_account_id and sso_role_name must be set together' };
  }
  const named = account.accountId !== undefined ? (account as { accountId: string; roleName: string }) : {};
  if (values.sso_session !== undefined) {
    const name = values.sso_session;
    const section = sessions.get(name);
    if (!section) return { problem: `sso_session '${name}' names no [sso-session ${name}] section` };
    const startUrl = section.sso_start_url;
    const region = section.sso_region;
    if (!startUrl || !region) return { problem: `[sso-session ${name}] needs sso_start_url and sso_region` };
    // The CLI refuses a profile whose own legacy keys disagree with its session; so do we.
    if (values.sso_start_url !== undefined && values.sso_start_url !== startUrl) {
      return { problem: `sso_start_url differs from the one in [sso-session ${name}]` };
    }
    const scopes = (section.sso_registration_scopes ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return {
      config: {
        profile,
        startUrl,
        region,
        sessionName: name,
        scopes: scopes.length ? scopes : DEFAULT_SCOPES,
        ...named,
      },
    };
  }
  const startUrl = values.sso_start_url as string;
  if (!values.sso_region) return { problem: 'sso_start_url needs sso_region' };
  // Without an account and role it can still sign in; calls then say what is missing.
  return { config: { profile, startUrl, region: values.sso_region, scopes: DEFAULT_SCOPES, ...named } };
}

export function ssoCacheDir(homeDir: string): string {
  return join(homeDir, '.aws', 'sso', 'cache');
}

/** The token file: sha1 of the session name, or of the start URL for legacy profiles (as the CLI and the SDK name it). */
export function tokenCachePath(homeDir: string, config: Pick<SsoConfig, 'sessionName' | 'startUrl'>): string {
  return join(ssoCacheDir(homeDir), `${sha1(config.sessionName ?? config.startUrl)}.json`);
}

/**
 * The client registration file the CLI v2 keeps beside the token: for an
 * sso-session, sha1 of botocore's sorted JSON of the registration's
 * arguments; for legacy profiles, one registration per region.
 */
export function registrationCachePath(
  homeDir: string,
  config: Pick<SsoConfig, 'sessionName' | 'startUrl' | 'region' | 'scopes'>,
): string {
  if (config.sessionName === undefined) {
    return join(ssoCacheDir(homeDir), `botocore-client-id-${config.region}.json`);
  }
  // Python's json.dumps(sort_keys=True) spelling, separators included, so the hash matches the CLI's.
  const args = [
    `"region": ${JSON.stringify(config.region)}`,
    `"scopes": [${config.scopes.map((s) => JSON.stringify(s)).join(', ')}]`,
    `"session_name": ${JSON.stringify(config.sessionName)}`,
    `"startUrl": ${JSON.stringify(config.startUrl)}`,
    `"tool": "botocore"`,
  ];
  return join(ssoCacheDir(homeDir), `${sha1(`{${args.join(', ')}}`)}.json`);
}

function sha1(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}
